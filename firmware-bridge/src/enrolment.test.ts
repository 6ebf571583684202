/**
 * The bridge's enrolment (issue 9): the code traded once at the server's enrol endpoint (a
 * small real HTTP server stands in for it here; tests/bridge-enrolment.test.ts runs the real
 * one), the credentials file (0600, written atomically, used on the next start), the order
 * of precedence, the errors that name what to do and end the process with 2, and a refused
 * broker login logged as an error at most once a minute while the bridge keeps retrying.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { brokerLogin, credentialsPath, EnrolmentError, readCredentials } from './enrolment.js';
import { createBridge } from './bridge.js';
import { createVirtualPrinter } from './drivers/virtual.js';
import { captureLogger } from './test-support/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

interface StandIn { url: string; requests: { path: string; body: unknown }[]; close(): Promise<void> }

/**
 * Answers POST /api/v1/devices/enrol as the server does: a known code once, for the device
 * it was issued to; anything else 400 ENTRE_BAD_ENROLMENT_CODE as problem+json.
 */
async function standInServer(codes: Record<string, { id: string; kind: string; site?: string }>): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  let issued = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as { code?: string }) : {};
      requests.push({ path: `${req.method} ${req.url}`, body });
      const key = (body.code ?? '').toUpperCase().replace(/[\s-]/g, '');
      const device = req.method === 'POST' && req.url === '/api/v1/devices/enrol' ? codes[key] : undefined;
      if (!device) {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', status: 400, code: 'ENTRE_BAD_ENROLMENT_CODE', title: 'Bad enrolment code', detail: 'This enrolment code is unknown, already used or expired. Ask an administrator for a new one.' }));
        return;
      }
      delete codes[key];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ device: { id: device.id, site: device.site ?? 'demo', kind: device.kind, name: device.id }, token: `secret-${++issued}`, mqtt: { username: device.id } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'entre-enrol-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const base = (stateDir: string) => ({ site: 'demo', device: 'bridge-1', stateDir });

test('a code is traded once: the login is saved 0600 and used on the next start without the server', async (t) => {
  const server = await standInServer({ K7M2Q9XHTP: { id: 'bridge-1', kind: 'bridge' } });
  t.after(() => server.close());
  const dir = await tempDir(t);
  const config = { ...base(dir), serverUrl: server.url, enrolCode: 'k7m2q-9xhtp' };

  const first = await brokerLogin(config);
  assert.deepEqual(first, { username: 'bridge-1', password: 'secret-1', source: 'enrolled' });
  assert.deepEqual(server.requests, [{ path: 'POST /api/v1/devices/enrol', body: { code: 'k7m2q-9xhtp' } }]);
  const file = credentialsPath(dir, 'bridge-1');
  assert.equal(file, join(dir, 'bridge-1-credentials.json'));
  assert.equal(statSync(file).mode & 0o777, 0o600, 'only the bridge\'s user may read its secret');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  assert.equal(saved.username, 'bridge-1');
  assert.equal(saved.token, 'secret-1');
  assert.match(saved.codeHash!, /^[0-9a-f]{64}$/, 'the code itself is not kept, only its hash');
  assert.deepEqual(readdirSync(dir), ['bridge-1-credentials.json'], 'no temporary file left behind');

  // Restarted with the same (now spent) code still in its environment: the saved login, no request.
  assert.deepEqual(await brokerLogin(config), { username: 'bridge-1', password: 'secret-1', source: 'saved' });
  assert.deepEqual(await brokerLogin({ ...base(dir) }), { username: 'bridge-1', password: 'secret-1', source: 'saved' });
  assert.equal(server.requests.length, 1);
  // MQTT_USERNAME/MQTT_PASSWORD win over the file.
  assert.deepEqual(await brokerLogin({ ...config, mqttUsername: 'ops', mqttPassword: 'pw' }), { username: 'ops', password: 'pw', source: 'environment' });
  assert.equal(server.requests.length, 1);
});

test('a new code (after a revocation) enrols again and replaces the saved login; no code and no file is anonymous', async (t) => {
  const server = await standInServer({ AAAAABBBBB: { id: 'bridge-1', kind: 'bridge' }, CCCCCDDDDD: { id: 'bridge-1', kind: 'bridge' } });
  t.after(() => server.close());
  const dir = await tempDir(t);
  assert.equal(await brokerLogin({ ...base(dir) }), undefined, 'nothing to log in with: anonymous (the demo broker)');
  await brokerLogin({ ...base(dir), serverUrl: server.url, enrolCode: 'AAAAA-BBBBB' });
  const logs: string[] = [];
  const again = await brokerLogin({ ...base(dir), serverUrl: server.url, enrolCode: 'CCCCC-DDDDD' }, { log: (m) => logs.push(m) });
  assert.deepEqual(again, { username: 'bridge-1', password: 'secret-2', source: 'enrolled' });
  assert.equal(readCredentials(credentialsPath(dir, 'bridge-1'))?.token, 'secret-2');
  assert.match(logs.join('\n'), /new enrolment code/);
});

test('enrolment errors say what to do: a bad code, a code for another device, an unreachable server, a damaged file', async (t) => {
  const server = await standInServer({ DISPLAYCODE: { id: 'lobby-1', kind: 'display' }, OTHERBRIDGE: { id: 'bridge-2', kind: 'bridge' }, OTHERSITE1: { id: 'bridge-1', kind: 'bridge', site: 'north' } });
  t.after(() => server.close());
  const dir = await tempDir(t);
  const attempt = (code: string, serverUrl = server.url) => brokerLogin({ ...base(dir), serverUrl, enrolCode: code });

  await assert.rejects(attempt('WRONG-CODE1'), (err: Error) => err instanceof EnrolmentError && /refused the enrolment code/.test(err.message) && /new code/.test(err.message));
  await assert.rejects(attempt('DISPLAYCODE'), (err: Error) => err instanceof EnrolmentError && /display "lobby-1", not for this bridge "bridge-1"/.test(err.message));
  await assert.rejects(attempt('OTHERBRIDGE'), /bridge "bridge-2", not for this bridge "bridge-1" \(ENTRE_BRIDGE_ID\)/);
  await assert.rejects(attempt('OTHERSITE1'), /site "north", but this bridge serves site "demo"/);
  assert.equal(existsSync(credentialsPath(dir, 'bridge-1')), false, 'nothing is saved from a refused or mismatched enrolment');

  const closedPort = await new Promise<number>((resolve) => {
    const s = createTcpServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
  });
  await assert.rejects(attempt('K7M2Q-9XHTP', `http://127.0.0.1:${closedPort}`), (err: Error) =>
    err instanceof EnrolmentError && /cannot reach the server at http:\/\/127\.0\.0\.1:\d+ to enrol \(ECONNREFUSED\)/.test(err.message) && /ENTRE_SERVER_URL/.test(err.message));

  writeFileSync(credentialsPath(dir, 'bridge-1'), '{"username":');
  await assert.rejects(brokerLogin({ ...base(dir) }), /cannot be read .*delete it and enrol the bridge again/);
});

/** Runs the bridge's main.ts as a process; resolves with its exit code and output. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = fork(join(here, 'main.ts'), [], {
      cwd: repoRoot, execArgv: ['--conditions=source', '--import', 'tsx'],
      env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

test('the bridge process exits with 2 and a message when enrolment fails', async (t) => {
  const server = await standInServer({});
  t.after(() => server.close());
  const dir = await tempDir(t);
  const env = { ENTRE_BRIDGE_STATE_DIR: dir, ENTRE_PRINTS_DIR: dir, ENTRE_BRIDGE_ID: 'bridge-1', MQTT_URL: 'mqtt://127.0.0.1:1' };
  const bad = await runMain({ ...env, ENTRE_SERVER_URL: server.url, ENTRE_ENROL_CODE: 'AAAAA-BBBBB' });
  assert.equal(bad.code, 2, bad.output);
  assert.match(bad.output, /entre-bridge: the server refused the enrolment code: .*ENTRE_ENROL_CODE/);
  const noServer = await runMain({ ...env, ENTRE_ENROL_CODE: 'AAAAA-BBBBB' });
  assert.equal(noServer.code, 2, noServer.output);
  assert.match(noServer.output, /ENTRE_ENROL_CODE is set but ENTRE_SERVER_URL is not/);
});

test('a refused broker login is an error naming what to do, at most once a minute, and the bridge keeps trying', async (t) => {
  // A broker that knows no one: every CONNACK is 4 (bad user name or password).
  const aedes = await Aedes.createBroker({
    authenticate: (_client, _username, _password, done) => done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }) as never, false),
  });
  let attempts = 0;
  const tcp = createTcpServer((socket) => { attempts++; aedes.handle(socket); });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });
  const dir = await tempDir(t);
  const { logger, lines } = captureLogger('debug');
  const bridge = createBridge({
    mqttUrl: `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`, site: 'demo', device: 'bridge-1', logger,
    printers: [{ id: 'printer-1', driver: createVirtualPrinter({ dir }), profile: { widthDots: 576, codePage: 'cp858' } }],
    mqttOptions: { username: 'bridge-1', password: 'revoked-secret', reconnectPeriod: 50 },
  });
  const started = bridge.start();
  started.catch(() => undefined);
  t.after(() => bridge.stop());
  // Far more than the back-off needs (50, 100, 200 ms…): a loaded CI machine is slow to schedule.
  const deadline = Date.now() + 30_000;
  while (attempts < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  assert.ok(attempts >= 4, `kept trying after the refusal (${attempts} connections)`);
  const errors = lines.filter((l) => l.level === 50);
  assert.equal(errors.length, 1, `one error for ${attempts} refusals: ${JSON.stringify(errors)}`);
  assert.match(String(errors[0]!.msg), /this bridge's enrolment was refused \(revoked\?\) — ask an administrator for a new code/);
  assert.equal(errors[0]!.username, 'bridge-1');
  assert.equal(lines.filter((l) => l.msg === 'broker connection error').length, 0, 'not also logged as a passing connection error');
});
