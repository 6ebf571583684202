/**
 * Enrolled devices on an external Mosquitto (issue 9, DESIGN §7), as an operator runs it:
 * a real Mosquitto 2 with the shipped deploy/mosquitto/mosquitto.conf (its paths and port
 * swapped for a temp folder's) and the `passwd`/`acl` that `npm run mosquitto-config`
 * writes from the database; the built server on it through MQTT_URL with MQTT_USERNAME/
 * MQTT_PASSWORD, on an enrolled site (ENTRE_DEVICE_AUTH=enrolled).
 *
 * Verified (each can fail):
 * - the `$7$` hashes the server made at enrolment are accepted by this Mosquitto: the
 *   server, the WebSocket gateway and every enrolled device log in;
 * - anonymous clients and wrong passwords are refused;
 * - the server connects and publishes (a ticket's print job, the retained zone boards);
 * - the bridge reads its printer's jobs and reports its status (the server records it), but
 *   neither reads nor writes another printer's topics;
 * - the display reads its zone's board but not another zone's, and cannot publish a call;
 * - a browser through the server's /mqtt WebSocket (the gateway's login) reads the board;
 * - revoking a device does not reach Mosquitto by itself; after the files are written again
 *   and Mosquitto gets SIGHUP, the device is out and its reconnect is refused, while the
 *   others still get in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { topics, type Ticket } from '@entre/protocol';
import { repoRoot } from './support/lobby.js';
import { freePort, waitFor } from './support/ports.js';
import { run, type Running } from './support/processes.js';
import { reap, startServer, type ServerProc } from './support/fault-procs.js';
import { signIn } from './support/staff.js';

type Json = Record<string, unknown>;
const SITE = 'demo';
const CONNECT = { protocolVersion: 4 as const, reconnectPeriod: 0, connectTimeout: 3000 };

/** The QoS granted, or 128 for a refusal. */
async function granted(client: mqtt.MqttClient, filter: string): Promise<number> {
  try {
    return (await client.subscribeAsync(filter, { qos: 1 }))[0]!.qos;
  } catch (err) {
    const suback = (err as { packet?: { granted?: number[] } }).packet;
    if (suback?.granted) return suback.granted[0]!;
    throw err;
  }
}

/** Resolves with the CONNACK refusal, or rejects if the broker let the client in. */
async function refusedConnect(url: string, opts: mqtt.IClientOptions): Promise<string> {
  try {
    const c = await mqtt.connectAsync(url, { ...CONNECT, ...opts });
    await c.endAsync(true);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`the broker let ${opts.username ?? 'an anonymous client'} in`);
}

/** Collects a client's messages; `next` waits for one on a topic, `none` checks that none came. */
function inbox(client: mqtt.MqttClient) {
  const got: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  return {
    got,
    next: (topic: string, ms = 5000) => waitFor(`a message on ${topic}`, () => got.find((m) => m.topic === topic), ms),
    async none(topic: string, ms = 700): Promise<boolean> {
      await new Promise((r) => setTimeout(r, ms));
      return !got.some((m) => m.topic === topic);
    },
  };
}

const closedWithin = (client: mqtt.MqttClient, ms: number) => new Promise<boolean>((resolve) => {
  if (!client.connected) { resolve(true); return; }
  const timer = setTimeout(() => resolve(false), ms);
  client.once('close', () => { clearTimeout(timer); resolve(true); });
});

test('Mosquitto with the generated passwd and ACL holds enrolled devices to their own topics, and a revoked one is out after regenerating and SIGHUP', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-mosquitto-acl-'));
  const confDir = join(dir, 'mosquitto');
  const dbPath = join(dir, 'entre.db');
  const printsDir = join(dir, 'prints');
  mkdirSync(printsDir, { recursive: true });
  const login = { username: 'entre-server', password: randomBytes(24).toString('base64url') };
  let broker: Running | undefined;
  let server: ServerProc | undefined;
  const clients: mqtt.MqttClient[] = [];
  t.after(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await reap(server);
    if (broker && broker.child.exitCode === null) { broker.child.kill('SIGTERM'); await broker.exited; }
    rmSync(dir, { recursive: true, force: true });
  });

  /** `npm run mosquitto-config`, as the operator runs it. */
  const writeBrokerFiles = async () => {
    const cli = run('npm', ['run', '--silent', 'mosquitto-config', '--', '--out', confDir], {
      cwd: repoRoot, env: { ...process.env, ENTRE_DB: dbPath, MQTT_USERNAME: login.username, MQTT_PASSWORD: login.password },
    });
    assert.equal(await cli.exited, 0, cli.output());
    assert.match(cli.output(), /kill -HUP/);
    return cli.output();
  };

  // 1. Before the first start: no database yet, so the server's accounts only.
  const firstOutput = await writeBrokerFiles();
  assert.match(firstOutput, /no devices: there is no database/);
  assert.equal(statSync(join(confDir, 'passwd')).mode & 0o777, 0o600);

  // 2. Mosquitto with the shipped config, on this machine's port and folders.
  const port = await freePort();
  const url = `mqtt://127.0.0.1:${port}`;
  const conf = readFileSync(join(repoRoot, 'deploy/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
    .replaceAll('/mosquitto/config/', `${confDir}/`);
  // Run as root, Mosquitto would drop to its own user before reading the files (--owner in production).
  writeFileSync(join(dir, 'mosquitto.conf'), `${conf}\nuser ${userInfo().username}\n`);
  broker = run(process.env.MOSQUITTO_PATH ?? 'mosquitto', ['-c', join(dir, 'mosquitto.conf')]);
  const spy = await waitFor('Mosquitto to let the server\'s account in', () =>
    mqtt.connectAsync(url, { ...CONNECT, connectTimeout: 1000, ...login, clientId: 'entre-acl-spy' }).catch(() => undefined), 10_000);
  clients.push(spy);
  const heard = inbox(spy);
  await spy.subscribeAsync(`entre/v1/${SITE}/#`, { qos: 1 });
  const reload = async () => { broker!.child.kill('SIGHUP'); };

  // 3. The server on it, on an enrolled site.
  server = await startServer({
    port: await freePort(), dbPath, printsDir, mqttUrl: url,
    env: { MQTT_USERNAME: login.username, MQTT_PASSWORD: login.password, ENTRE_DEVICE_AUTH: 'enrolled' },
  });
  const base = server.http;
  const admin = await signIn(base, 'admin');
  const call = async (method: string, path: string, opts: { cookie?: string; bearer?: string; body?: unknown } = {}) => {
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
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json, setCookie: res.headers.get('set-cookie') };
  };
  const enrol = async (body: Json) => {
    const reg = await call('POST', '/api/v1/admin/devices', { cookie: admin, body });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const res = await call('POST', '/api/v1/devices/enrol', { body: { code: reg.body.code } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { token: res.body.token as string, cookie: (res.setCookie ?? '').split(';')[0]! };
  };
  const display = await enrol({ kind: 'display', id: 'lobby-1' });
  const bridge = await enrol({ kind: 'bridge', id: 'bridge-1', printers: ['printer-1'] });
  const kiosk = await enrol({ kind: 'kiosk', id: 'kiosk-1' });

  // 4. Enrolled on the server, but not yet on Mosquitto: the operator's step is still missing.
  assert.match(await refusedConnect(url, { username: 'bridge-1', password: bridge.token }), /not authori[sz]ed|bad user ?name or password/i);
  const written = await writeBrokerFiles();
  assert.match(written, /bridge-1 \(bridge: printers printer-1\)/);
  assert.match(written, /lobby-1 \(display, zone lobby\)/);
  const passwd = readFileSync(join(confDir, 'passwd'), 'utf8');
  for (const user of ['entre-server', 'entre-server-gateway', 'bridge-1', 'lobby-1', 'kiosk-1']) {
    assert.match(passwd, new RegExp(`^${user}:\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}$`, 'm'), `${user}'s $7$ hash`);
  }
  await reload();
  const bridgeClient = await waitFor('Mosquitto to let the enrolled bridge in after SIGHUP', () =>
    mqtt.connectAsync(url, { ...CONNECT, username: 'bridge-1', password: bridge.token, clientId: 'entre-bridge-bridge-1' }).catch(() => undefined), 10_000);
  clients.push(bridgeClient);
  const bridgeInbox = inbox(bridgeClient);

  // Anonymous and wrong passwords: no.
  assert.match(await refusedConnect(url, {}), /not authori[sz]ed/i);
  assert.match(await refusedConnect(url, { username: 'bridge-1', password: 'guess' }), /not authori[sz]ed|bad user ?name or password/i);
  assert.match(await refusedConnect(url, { username: 'entre-server', password: 'guess' }), /not authori[sz]ed|bad user ?name or password/i);

  // The bridge: its printer's jobs, not another's.
  assert.equal(await granted(bridgeClient, topics.printerJobs(SITE, 'printer-1')), 1);
  const otherJobs = await granted(bridgeClient, topics.printerJobs(SITE, 'printer-2'));
  const ticket = await call('POST', '/api/v1/tickets', { bearer: kiosk.token, body: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
  const job = JSON.parse((await bridgeInbox.next(topics.printerJobs(SITE, 'printer-1'))).payload) as { jobId: string };
  assert.equal(job.jobId, (ticket.body as unknown as Ticket).print.jobId, 'the server published the job and the bridge read it');
  await spy.publishAsync(topics.printerJobs(SITE, 'printer-2'), JSON.stringify({ v: 1, at: new Date().toISOString(), jobId: 'x', printer: 'printer-2' }), { qos: 1 });
  // Mosquitto 2.0 answers a denied MQTT 3.1.1 subscription with a grant (0x80 only with the
  // newer versions/MQTT 5) but delivers nothing on it: what matters is that nothing arrives.
  assert.ok(await bridgeInbox.none(topics.printerJobs(SITE, 'printer-2')), `another printer's job reached the bridge (SUBACK ${otherJobs})`);
  // Its status reports: its own printer's reaches the server, another's reaches nobody.
  const status = (printer: string, paper: string) => JSON.stringify({ v: 1, at: new Date().toISOString(), printer, online: true, paper, coverOpen: false, errors: [] });
  await bridgeClient.publishAsync(topics.printerStatus(SITE, 'printer-1'), status('printer-1', 'near_end'), { qos: 1, retain: true });
  await bridgeClient.publishAsync(topics.printerStatus(SITE, 'printer-2'), status('printer-2', 'out'), { qos: 1, retain: true });
  await heard.next(topics.printerStatus(SITE, 'printer-1'));
  const facility = await signIn(base, 'facility');
  await waitFor('the server to record the bridge\'s status report', async () => {
    const list = (await call('GET', '/api/v1/printers', { cookie: facility })).body as { printers: { id: string; paper: string }[] };
    return list.printers.find((p) => p.id === 'printer-1')?.paper === 'near_end' || undefined;
  });
  assert.ok(await heard.none(topics.printerStatus(SITE, 'printer-2')), 'Mosquitto dropped the report for a printer that is not the bridge\'s');

  // The display over TCP: its zone, not another; it reads calls but cannot make one.
  const displayClient = await mqtt.connectAsync(url, { ...CONNECT, username: 'lobby-1', password: display.token });
  clients.push(displayClient);
  const displayInbox = inbox(displayClient);
  assert.equal(await granted(displayClient, topics.zoneBoard(SITE, 'lobby')), 1);
  await displayInbox.next(topics.zoneBoard(SITE, 'lobby'));
  // Retained like its own: had the ACL let it through, it would arrive at once.
  await granted(displayClient, topics.zoneBoard(SITE, 'floor-2'));
  await heard.next(topics.zoneBoard(SITE, 'floor-2'));
  assert.ok(await displayInbox.none(topics.zoneBoard(SITE, 'floor-2')), 'another zone\'s board reached the display');
  await granted(displayClient, topics.printerJobs(SITE, 'printer-1'));
  assert.equal(await granted(displayClient, topics.calls(SITE)), 1);
  const secondTicket = await call('POST', '/api/v1/tickets', { bearer: kiosk.token, body: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal(secondTicket.status, 201);
  const secondJob = (secondTicket.body as unknown as Ticket).print.jobId!;
  await waitFor('the second job at the bridge', () => bridgeInbox.got.some((m) => m.payload.includes(secondJob)) || undefined, 5000);
  assert.ok(!displayInbox.got.some((m) => m.topic === topics.printerJobs(SITE, 'printer-1')), 'a print job reached the display');
  const forged = { v: 1, at: new Date().toISOString(), id: 'forged', ticket: 'A999', service: 'allmant', servicePoint: 'disk-1', zones: ['lobby'] };
  await displayClient.publishAsync(topics.calls(SITE), JSON.stringify(forged), { qos: 1 });
  await new Promise((r) => setTimeout(r, 700));
  const forgedHeard = (m: { topic: string; payload: string }) => m.topic === topics.calls(SITE) && m.payload.includes('A999');
  assert.ok(!heard.got.some(forgedHeard) && !displayInbox.got.some(forgedHeard), 'the forged call reached nobody');

  // A browser through the server's /mqtt WebSocket: the gateway's login on Mosquitto, the gate's rules on top.
  const wsUrl = `${base.replace(/^http/, 'ws')}/mqtt`;
  const browser = await mqtt.connectAsync(wsUrl, { ...CONNECT, wsOptions: { headers: { cookie: display.cookie } } });
  clients.push(browser);
  const browserInbox = inbox(browser);
  assert.equal(await granted(browser, topics.zoneBoard(SITE, 'lobby')), 1);
  const board = JSON.parse((await browserInbox.next(topics.zoneBoard(SITE, 'lobby'))).payload) as Json;
  assert.equal(typeof board, 'object');
  assert.equal(await granted(browser, topics.zoneBoard(SITE, 'floor-2')), 128, 'the gate keeps a display to its zone');

  // 5. Revoked: the embedded broker would cut it off at once; Mosquitto only learns on reload.
  const revoked = await call('POST', '/api/v1/admin/devices/bridge-1/revoke', { cookie: admin, body: {} });
  assert.equal(revoked.status, 200);
  assert.equal(bridgeClient.connected, true, 'Mosquitto does not know yet (the server cannot reload it)');
  const cut = closedWithin(bridgeClient, 5000);
  await writeBrokerFiles();
  assert.doesNotMatch(readFileSync(join(confDir, 'passwd'), 'utf8'), /^bridge-1:/m);
  assert.doesNotMatch(readFileSync(join(confDir, 'acl'), 'utf8'), /^user bridge-1$/m);
  await reload();
  assert.equal(await cut, true, 'on reload Mosquitto drops the connection whose login is gone');
  await waitFor('the revoked bridge to be refused', async () =>
    /not authori[sz]ed|bad user ?name or password/i.test(await refusedConnect(url, { username: 'bridge-1', password: bridge.token }).catch(() => '')) || undefined, 10_000);
  // The others are untouched by the reload.
  const again = await mqtt.connectAsync(url, { ...CONNECT, username: 'lobby-1', password: display.token, clientId: 'lobby-1-again' });
  clients.push(again);
  assert.equal(await granted(again, topics.zoneBoard(SITE, 'lobby')), 1);
  assert.equal(broker.child.exitCode, null, broker.output());
  assert.equal(server.alive(), true, server.running.output());
});
