/**
 * The firmware bridge on an enrolled site (issue 9), with real processes: the built server
 * (embedded broker, ENTRE_DEVICE_AUTH=enrolled) and the built bridge.
 *
 * - An admin registers the bridge; the bridge, started with ENTRE_ENROL_CODE and
 *   ENTRE_SERVER_URL, enrols, saves its login (0600) and prints a ticket on its virtual
 *   printer; started again without a code it logs in with the saved login; revoked, it is
 *   cut off and says in its log that its enrolment was refused and what to do.
 * - The demo server on an enrolled site enrols the bridge it forks itself, so tickets print.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ticket } from '@entre/protocol';
import { freePort, waitFor } from './support/ports.js';
import { reap, startBridge, startServer, type BridgeProc, type ServerProc } from './support/fault-procs.js';
import { signIn } from './support/staff.js';

type Json = Record<string, unknown>;

async function call(base: string, method: string, path: string, opts: { cookie?: string; bearer?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
}

/** Registers a device as admin; answers its one-time code. */
async function register(base: string, admin: string, body: Json): Promise<string> {
  const reg = await call(base, 'POST', '/api/v1/admin/devices', { cookie: admin, body });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  return reg.body.code as string;
}

/** An enrolled kiosk-1 issuing tickets; each resolves once printed, with the file the virtual printer wrote. */
async function kioskOf(base: string, admin: string, printsDir: string) {
  const enrolled = await call(base, 'POST', '/api/v1/devices/enrol', { body: { code: await register(base, admin, { kind: 'kiosk', id: 'kiosk-1' }) } });
  assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));
  const token = enrolled.body.token as string;
  return async function ticketPrinted(): Promise<string> {
    const res = await call(base, 'POST', '/api/v1/tickets', { bearer: token, body: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const ticket = res.body as unknown as Ticket;
    await waitFor(`ticket ${ticket.number} printed`, async () =>
      ((await call(base, 'GET', `/api/v1/tickets/${ticket.id}`)).body as unknown as Ticket).print.state === 'printed' || undefined, 20_000);
    const bin = join(printsDir, `${ticket.print.jobId!}.bin`);
    assert.ok(existsSync(bin), `${bin} on the virtual printer`);
    return bin;
  };
}

test('a bridge enrols with ENTRE_ENROL_CODE, prints, restarts on its saved login, and logs the refusal once revoked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-bridge-enrol-'));
  const printsDir = join(dir, 'prints');
  const stateDir = join(dir, 'bridge-state');
  mkdirSync(printsDir, { recursive: true });
  const mqttPort = await freePort();
  let server: ServerProc | undefined;
  let bridge: BridgeProc | undefined;
  t.after(async () => {
    await reap(bridge, server);
    rmSync(dir, { recursive: true, force: true });
  });
  server = await startServer({ port: await freePort(), mqttPort, dbPath: join(dir, 'entre.db'), printsDir, env: { ENTRE_DEVICE_AUTH: 'enrolled' } });
  const base = server.http;
  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const admin = await signIn(base, 'admin');
  const code = await register(base, admin, { kind: 'bridge', id: 'bridge-1', printers: ['printer-1'] });
  assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

  bridge = await startBridge({ mqttUrl, stateDir, printsDir, env: { ENTRE_ENROL_CODE: code, ENTRE_SERVER_URL: base } });
  assert.match(bridge.running.output(), /enrolled with the server; credentials saved/);
  const file = join(stateDir, 'bridge-1-credentials.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { username: string; token: string };
  assert.equal(saved.username, 'bridge-1');
  assert.ok(saved.token.length >= 32);
  const ticketPrinted = await kioskOf(base, admin, printsDir);
  await ticketPrinted();
  const list = await call(base, 'GET', '/api/v1/admin/devices', { cookie: admin });
  assert.equal((list.body.devices as Json[]).find((d) => d.id === 'bridge-1')?.state, 'enrolled');

  // Restarted without the code: the saved login.
  await bridge.stop();
  bridge = await startBridge({ mqttUrl, stateDir, printsDir });
  assert.match(bridge.running.output(), /using the saved enrolment credentials/);
  await ticketPrinted();

  // Revoked: cut off, and it says why and what to do (once, not per retry).
  const revoked = await call(base, 'POST', '/api/v1/admin/devices/bridge-1/revoke', { cookie: admin, body: {} });
  assert.equal(revoked.status, 200);
  await bridge.running.waitForOutput(/"level":50[^\n]*this bridge's enrolment was refused \(revoked\?\) — ask an administrator for a new code/, 15_000);
  assert.equal(bridge.alive(), true, 'it keeps retrying: a new code or a reload lets it back in');
  await new Promise((r) => setTimeout(r, 3000));
  const refusals = bridge.running.output().match(/enrolment was refused/g) ?? [];
  assert.equal(refusals.length, 1, bridge.running.output());
});

test('the demo server on an enrolled site enrols the bridge it forks, so tickets print', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-demo-enrolled-'));
  const printsDir = join(dir, 'prints');
  let server: ServerProc | undefined;
  t.after(async () => {
    await reap(server);
    rmSync(dir, { recursive: true, force: true });
  });
  server = await startServer({
    port: await freePort(), mqttPort: await freePort(), dbPath: join(dir, 'entre.db'), printsDir, bridge: true,
    env: { ENTRE_DEVICE_AUTH: 'enrolled', LOG_LEVEL: 'info' },
  });
  assert.doesNotMatch(server.running.output(), /did not report ready|could not enrol the demo bridge/, server.running.output());
  const base = server.http;
  const admin = await signIn(base, 'admin');
  const bridge = ((await call(base, 'GET', '/api/v1/admin/devices', { cookie: admin })).body.devices as Json[]).find((d) => d.id === 'bridge-1');
  assert.equal(bridge?.state, 'enrolled');
  assert.deepEqual(bridge?.printers, ['printer-1'], 'every printer of the demo site');
  await (await kioskOf(base, admin, printsDir))();
});
