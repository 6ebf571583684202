/**
 * Staff accounts from the command line, for the first admin of a new installation and
 * for a forgotten admin password:
 *
 *   npm run admin -- create-user --username anna --name "Anna Berg" --roles admin[,manager] [--site id]
 *   npm run admin -- set-password --username anna
 *   npm run admin -- list-users
 *
 * The database is ENTRE_DB (default data/entre.db). The password is asked for on a
 * terminal without echo; otherwise it is ENTRE_ADMIN_PASSWORD, or the first line of stdin.
 * Actions are audited with no staff id (the CLI is whoever has the file).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/db.js';
import { EntreError } from '../core/errors.js';
import { ensureAuthSchema } from '../auth/schema.js';
import { createStaffStore, type StaffStore } from '../auth/staff-store.js';

const USAGE = `usage:
  admin create-user --username NAME --name "Display Name" --roles ROLE[,ROLE…] [--site SITE]
  admin set-password --username NAME
  admin list-users
roles: counter, reception, facility, manager, admin
env: ENTRE_DB (default data/entre.db), ENTRE_ADMIN_PASSWORD (else prompt on a terminal, else stdin)`;

/** A mistake of the person at the keyboard: print the message, no stack. */
class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  out: (line: string) => void;
  err: (text: string) => void;
}

function hiddenPrompt(io: CliIo, question: string): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    io.err(question);
    const finish = (fn: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.err('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(() => reject(new CliError('cancelled')));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function firstLineOfStdin(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text.split(/\r?\n/, 1)[0] ?? '';
}

async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env['ENTRE_ADMIN_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (io.stdin.isTTY) {
    const first = await hiddenPrompt(io, 'Password (at least 10 characters): ');
    const again = await hiddenPrompt(io, 'Same password again: ');
    if (first !== again) throw new CliError('the two passwords differ; nothing was changed');
    return first;
  }
  const line = await firstLineOfStdin(io.stdin);
  if (!line) throw new CliError('no password: set ENTRE_ADMIN_PASSWORD, pipe it on stdin, or run on a terminal');
  return line;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`missing --${flag}\n${USAGE}`, 2);
  return value;
}

async function run(store: StaffStore, command: string | undefined, values: Record<string, string | undefined>, io: CliIo): Promise<void> {
  const cli = { staffId: null, ip: null };
  switch (command) {
    case 'create-user': {
      const username = need(values['username'], 'username');
      const displayName = need(values['name'], 'name');
      const roles = need(values['roles'], 'roles').split(',').map((r) => r.trim()).filter(Boolean);
      // Fail on a taken name before asking for a password nobody will use.
      if (store.findByUsername(username)) throw new CliError(`the username "${username}" is already in use; nothing was changed`);
      const password = await readPassword(io);
      const created = await store.createStaff({ username, displayName, roles, password, siteId: values['site'] ?? null }, cli);
      io.out(`created staff member ${created.username} (${created.displayName}), roles: ${created.roles.join(', ')}, id: ${created.id}`);
      return;
    }
    case 'set-password': {
      const username = need(values['username'], 'username');
      const found = store.findByUsername(username);
      if (!found) throw new CliError(`no staff member "${username}"`);
      const password = await readPassword(io);
      await store.setPassword(found.id, password, cli);
      io.out(`set a new password for ${found.username}; their sessions were signed out`);
      return;
    }
    case 'list-users': {
      const all = store.list();
      if (!all.length) io.out('no staff members yet');
      for (const s of all) io.out(`${s.username}\t${s.displayName}\t${s.roles.join(',')}\t${s.active ? 'active' : 'inactive'}`);
      return;
    }
    default:
      throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE, 2);
  }
}

/** Returns the exit code; prints what it did to `out` and problems to `err`. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { username: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, site: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`admin: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) { io.out(USAGE); return 0; }
  const dbPath = io.env['ENTRE_DB'] || 'data/entre.db';
  let db;
  try {
    db = openDatabase(dbPath);
    ensureAuthSchema(db);
    const { help: _help, ...values } = parsed.values;
    await run(createStaffStore(db), parsed.positionals[0], values, io);
    return 0;
  } catch (err) {
    if (err instanceof CliError) { io.err(`admin: ${err.message}\n`); return err.exitCode; }
    if (err instanceof EntreError) { io.err(`admin: ${err.message} Nothing was changed.\n`); return 1; }
    io.err(`admin: failed on ${dbPath}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    db?.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  const code = await main(process.argv.slice(2), {
    env: process.env, stdin: process.stdin,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
}
