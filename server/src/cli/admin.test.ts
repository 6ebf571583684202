import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(root, 'server', 'src', 'cli', 'admin.ts');

function tempDb(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'entre-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'sub', 'entre.db');
}

/** Runs the CLI as `npm run admin` would; stdin is a pipe, so it never prompts. */
function admin(db: string, args: string[], opts: { password?: string; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ENTRE_DB: db };
  delete env['ENTRE_ADMIN_PASSWORD'];
  if (opts.password !== undefined) env['ENTRE_ADMIN_PASSWORD'] = opts.password;
  const res = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: root, env, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function staffRows(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      staff: conn.prepare('SELECT username, display_name, roles_json, password_hash FROM staff ORDER BY username').all() as
        { username: string; display_name: string; roles_json: string; password_hash: string }[],
      audit: conn.prepare('SELECT staff_id, action, details_json FROM audit_log ORDER BY id').all() as { staff_id: string | null; action: string; details_json: string }[],
    };
  } finally {
    conn.close();
  }
}

test('create-user makes an account from ENTRE_ADMIN_PASSWORD, says so, and audits it', (t) => {
  const db = tempDb(t);
  const res = admin(db, ['create-user', '--username', 'anna', '--name', 'Anna Berg', '--roles', 'admin,manager'], { password: 'anna-lösenord-1' });
  assert.equal(res.code, 0, res.err);
  assert.match(res.out, /created staff member anna \(Anna Berg\), roles: manager, admin, id: [0-9a-f-]{36}/);
  assert.ok(!res.out.includes('anna-lösenord-1') && !res.err.includes('anna-lösenord-1'), 'the password is never printed');
  const { staff, audit } = staffRows(db);
  assert.equal(staff.length, 1);
  assert.equal(staff[0]!.display_name, 'Anna Berg');
  assert.match(staff[0]!.password_hash, /^scrypt\$32768\$8\$1\$/);
  assert.deepEqual(audit.map((a) => [a.staff_id, a.action]), [[null, 'staff.create']]);

  const list = admin(db, ['list-users']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^anna\tAnna Berg\tmanager,admin\tactive$/m);
});

test('a duplicate username fails non-zero with a clear message and changes nothing', (t) => {
  const db = tempDb(t);
  assert.equal(admin(db, ['create-user', '--username', 'anna', '--name', 'Anna Berg', '--roles', 'admin'], { password: 'anna-lösenord-1' }).code, 0);
  const dup = admin(db, ['create-user', '--username', 'ANNA', '--name', 'Anna Annan', '--roles', 'counter'], { password: 'annan-lösenord' });
  assert.equal(dup.code, 1);
  assert.match(dup.err, /username "ANNA" is already in use/);
  assert.equal(staffRows(db).staff.length, 1);
});

test('bad roles, short passwords, missing flags and unknown commands fail with a message', (t) => {
  const db = tempDb(t);
  const role = admin(db, ['create-user', '--username', 'bo', '--name', 'Bo', '--roles', 'counter,boss'], { password: 'bo-lösenord-1' });
  assert.equal(role.code, 1);
  assert.match(role.err, /Unknown role "boss"; use counter, reception, facility, manager, admin/);
  const short = admin(db, ['create-user', '--username', 'bo', '--name', 'Bo', '--roles', 'counter'], { password: 'kort' });
  assert.equal(short.code, 1);
  assert.match(short.err, /at least 10 characters/);
  const missing = admin(db, ['create-user', '--username', 'bo'], { password: 'bo-lösenord-1' });
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing --name/);
  const unknownFlag = admin(db, ['create-user', '--user', 'bo']);
  assert.equal(unknownFlag.code, 2);
  const unknownCommand = admin(db, ['drop-everything']);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.err, /unknown command "drop-everything"/);
  const noPassword = admin(db, ['create-user', '--username', 'bo', '--name', 'Bo', '--roles', 'counter']);
  assert.equal(noPassword.code, 1);
  assert.match(noPassword.err, /no password/);
  assert.equal(staffRows(db).staff.length, 0);
});

test('without ENTRE_ADMIN_PASSWORD and a terminal, the password is the first line of stdin; set-password replaces it', (t) => {
  const db = tempDb(t);
  const res = admin(db, ['create-user', '--username', 'bo', '--name', 'Bo', '--roles', 'counter'], { input: 'bo-lösenord-från-stdin\nignored\n' });
  assert.equal(res.code, 0, res.err);
  const before = staffRows(db).staff[0]!.password_hash;
  const set = admin(db, ['set-password', '--username', 'bo'], { password: 'ett-nytt-lösenord' });
  assert.equal(set.code, 0, set.err);
  assert.match(set.out, /set a new password for bo/);
  assert.notEqual(staffRows(db).staff[0]!.password_hash, before);
  assert.deepEqual(staffRows(db).audit.map((a) => a.action), ['staff.create', 'staff.update']);
  const nobody = admin(db, ['set-password', '--username', 'nobody'], { password: 'ett-nytt-lösenord' });
  assert.equal(nobody.code, 1);
  assert.match(nobody.err, /no staff member "nobody"/);
});
