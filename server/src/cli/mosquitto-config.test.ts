/**
 * `npm run mosquitto-config` in-process (tests/mosquitto-acl.test.ts runs it against a real
 * Mosquitto): what it needs, what it writes from the database, and how it fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './mosquitto-config.js';
import { issueAndEnrol } from '../store/device-credential-store.js';
import { gatewayLogin } from '../mqtt/mosquitto-config.js';
import { tempApp } from '../test-support/app.js';

const SERVER = { MQTT_USERNAME: 'entre-server', MQTT_PASSWORD: 'a-password-of-some-length' };

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  let err = '';
  return { io: { env, out: (l: string) => out.push(l), err: (t: string) => { err += t; } }, out, err: () => err };
}

/** True when `hash` is Mosquitto's `$7$` form of `secret` (PBKDF2-SHA512, its salt and rounds). */
function verifies(hash: string, secret: string): boolean {
  const [, seven, rounds, salt, digest] = hash.split('$');
  if (seven !== '7') return false;
  return pbkdf2Sync(secret, Buffer.from(salt!, 'base64'), Number(rounds), 64, 'sha512').toString('base64') === digest;
}

test('without the server\'s broker account it says what to set and writes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-mqcfg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = io({ ENTRE_DB: join(dir, 'none.db') });
  assert.equal(await main(['--out', join(dir, 'out')], missing.io), 2);
  assert.match(missing.err(), /MQTT_USERNAME and MQTT_PASSWORD must be set/);
  const short = io({ ...SERVER, MQTT_PASSWORD: 'short', ENTRE_DB: join(dir, 'none.db') });
  assert.equal(await main(['--out', join(dir, 'out')], short.io), 2);
  assert.match(short.err(), /too short/);
  const owner = io({ ...SERVER, ENTRE_DB: join(dir, 'none.db') });
  assert.equal(await main(['--out', join(dir, 'out'), '--owner', 'mosquitto'], owner.io), 2);
  assert.match(owner.err(), /--owner must be a numeric UID/);
  assert.deepEqual(readdirSync(dir), [], 'nothing written, no database created');
});

test('it writes the server, its gateway and each enrolled device, with hashes Mosquitto checks, 0600, atomically', async (t) => {
  const { app, dir, remove } = await tempApp({ deviceAuth: 'enrolled' });
  t.after(remove);
  const deps = { clock: () => new Date(), staff: app.staff };
  const display = issueAndEnrol(app.db, deps, { site: 'demo', kind: 'display', id: 'lobby-1' });
  const bridge = issueAndEnrol(app.db, deps, { site: 'demo', kind: 'bridge', id: 'bridge-1', allPrinters: true });
  assert.deepEqual(bridge.scope.printers, ['printer-1'], 'allPrinters: every printer of the site');
  const out = join(dir, 'mosquitto');
  const run = io({ ...SERVER, ENTRE_DB: join(dir, 'entre.db') });
  assert.equal(await main(['--out', out], run.io), 0, run.err());
  assert.match(run.out.join('\n'), /lobby-1 \(display, zone lobby\)[\s\S]*kill -HUP[\s\S]*docker compose kill -s HUP mosquitto/);
  assert.deepEqual(readdirSync(out).sort(), ['acl', 'passwd'], 'no temporary files left');
  for (const f of ['acl', 'passwd']) assert.equal(statSync(join(out, f)).mode & 0o777, 0o600, f);

  const users = new Map(readFileSync(join(out, 'passwd'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
  const gateway = gatewayLogin({ username: SERVER.MQTT_USERNAME, password: SERVER.MQTT_PASSWORD });
  assert.deepEqual([...users.keys()].sort(), ['bridge-1', 'entre-server', gateway.username, 'lobby-1'].sort());
  assert.ok(verifies(users.get('entre-server')!, SERVER.MQTT_PASSWORD));
  assert.ok(verifies(users.get(gateway.username)!, gateway.password));
  assert.ok(verifies(users.get('lobby-1')!, display.token), 'the hash made at enrolment is of the device\'s secret');
  assert.ok(verifies(users.get('bridge-1')!, bridge.token));
  const acl = readFileSync(join(out, 'acl'), 'utf8');
  assert.match(acl, /^user lobby-1\ntopic read entre\/v1\/demo\/calls\n/m);
  assert.match(acl, /^topic read entre\/v1\/demo\/zones\/lobby\/board$/m);
  assert.match(acl, /^user bridge-1\ntopic read entre\/v1\/demo\/printers\/printer-1\/jobs\ntopic write entre\/v1\/demo\/devices\/bridge-1\/availability\n/m);

  // Revoked: gone from both files the next time.
  app.db.prepare("UPDATE device_credentials SET token_hash = NULL, mosquitto_hash = NULL WHERE device_id = 'bridge-1'").run();
  assert.equal(await main(['--out', out], io({ ...SERVER, ENTRE_DB: join(dir, 'entre.db') }).io), 0);
  assert.doesNotMatch(readFileSync(join(out, 'passwd'), 'utf8'), /^bridge-1:/m);
  assert.doesNotMatch(readFileSync(join(out, 'acl'), 'utf8'), /bridge-1/);

  // A device may not share the server's account name.
  issueAndEnrol(app.db, deps, { site: 'demo', kind: 'bridge', id: 'entre-server', printers: [] });
  const clash = io({ ...SERVER, ENTRE_DB: join(dir, 'entre.db') });
  assert.equal(await main(['--out', out], clash.io), 1);
  assert.match(clash.err(), /same name as the server's broker account/);
});
