/**
 * Issue 9 fault suite: clients stepping outside their rights, on the real server process
 * (`node server/dist/main.js`, an enrolled site: ENTRE_DEVICE_AUTH=enrolled, its embedded
 * broker, its SQLite file). An admin registers display lobby-1 and bridge-1 over HTTP; each
 * enrols with its one-time code. Verified:
 * - anonymous and made-up MQTT logins are refused at CONNECT, and so is an unenrolled
 *   browser at the WebSocket upgrade;
 * - the enrolled display publishing a call, another display's availability, or a topic no
 *   one uses is disconnected each time, and none of those messages reaches a subscriber;
 *   subscribing to another zone's board is refused (SUBACK 0x80) and delivers nothing;
 * - a bridge's report on its own printer is taken; another bridge reporting on that
 *   printer is disconnected and the printer's record is unchanged;
 * - after all of it the server still serves: a ticket is announced on the display's board.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { openReadOnly, startFaultServer, type FaultServer, type ReadOnlyDb } from '../support/fault-server.js';
import { signIn } from '../support/staff.js';
import { waitFor } from '../support/ports.js';

const ROOT = 'entre/v1/demo';
let srv: FaultServer;
let ro: ReadOnlyDb;
let admin: string;

async function enrol(body: Record<string, unknown>): Promise<{ token: string }> {
  const reg = await fetch(`${srv.http}/api/v1/admin/devices`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify(body) });
  assert.equal(reg.status, 201, await reg.clone().text());
  const { code } = (await reg.json()) as { code: string };
  const res = await fetch(`${srv.http}/api/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  assert.equal(res.status, 200);
  return (await res.json()) as { token: string };
}

const login = (username: string, password: string) =>
  mqtt.connectAsync(srv.mqtt, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, username, password });

/** Publishes and resolves true once the broker has ended the connection for it. */
function publishAndExpectCut(client: MqttClient, topic: string, payload: string): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    client.once('close', () => { clearTimeout(timer); resolve(true); });
    client.publish(topic, payload, { qos: 1 });
  });
}

before(async () => {
  srv = await startFaultServer({ env: { ENTRE_DEVICE_AUTH: 'enrolled' } });
  ro = openReadOnly(srv.dbPath);
  admin = await signIn(srv.http, 'admin');
});

after(async () => {
  ro?.close();
  await srv?.stop();
  srv?.remove();
});

test('unenrolled clients are refused at the door: anonymous and made-up MQTT logins at CONNECT, a browser at the WebSocket upgrade', async () => {
  await assert.rejects(mqtt.connectAsync(srv.mqtt, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 }), /Not authorized/i);
  await assert.rejects(login('lobby-1', 'not-its-secret'), /Bad username or password/i);
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${srv.http.replace(/^http/, 'ws')}/mqtt`, 'mqtt');
    ws.once('open', () => { ws.terminate(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); });
    ws.once('error', reject);
  });
  assert.equal(status, 401);
});

test('a display and a bridge publishing or subscribing outside their ACL are cut off and heard by nobody; the server serves on', async () => {
  const display = await enrol({ kind: 'display', id: 'lobby-1' });
  const bridge = await enrol({ kind: 'bridge', id: 'bridge-1', printers: ['printer-1'] });
  const otherBridge = await enrol({ kind: 'bridge', id: 'bridge-2', printers: [] });
  // Someone who hears everything: the server's own view is the database, this is the broker's.
  const heard: string[] = [];
  const watcher = await login('lobby-1', display.token);
  watcher.on('message', (topic) => heard.push(topic));
  await watcher.subscribeAsync(`${ROOT}/zones/lobby/board`, { qos: 1 });
  const refused = await watcher.subscribeAsync(`${ROOT}/zones/floor-2/board`, { qos: 1 }).then((g) => g[0]!.qos, (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0]);
  assert.equal(refused, 128, 'another zone\'s board is refused');

  const outside = [
    { topic: `${ROOT}/calls`, payload: JSON.stringify({ v: 1, at: new Date().toISOString(), id: 'forged', ticket: 'X999', service: 'allmant', servicePoint: 'disk-1', zones: ['lobby'] }) },
    { topic: `${ROOT}/devices/kiosk-1/availability`, payload: JSON.stringify({ v: 1, at: new Date().toISOString(), device: 'kiosk-1', state: 'offline' }) },
    { topic: `${ROOT}/no/such/topic`, payload: 'x' },
    { topic: `${ROOT}/zones/lobby/board`, payload: '{}' },
  ];
  for (const m of outside) {
    const client = await login('lobby-1', display.token);
    assert.equal(await publishAndExpectCut(client, m.topic, m.payload), true, `a display publishing to ${m.topic} is disconnected`);
  }
  const b = await login('bridge-1', bridge.token);
  const status = (paper: string) => JSON.stringify({ v: 1, at: new Date().toISOString(), printer: 'printer-1', online: true, paper, coverOpen: false, errors: [] });
  await b.publishAsync(`${ROOT}/printers/printer-1/status`, status('near_end'), { qos: 1, retain: true });
  await waitFor('its own printer\'s status taken', () => (ro.db.prepare(`SELECT paper FROM printers WHERE id = 'printer-1'`).get() as { paper: string }).paper === 'near_end' || undefined, 5000);
  await b.endAsync(true);
  const before = ro.db.prepare(`SELECT paper, status_at FROM printers WHERE id = 'printer-1'`).get();
  const other = await login('bridge-2', otherBridge.token);
  assert.equal(await publishAndExpectCut(other, `${ROOT}/printers/printer-1/status`, status('out')), true, 'another bridge\'s printer is not its business');
  assert.deepEqual(ro.db.prepare(`SELECT paper, status_at FROM printers WHERE id = 'printer-1'`).get(), before, 'the printer\'s record is unchanged');

  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(heard.filter((t) => t !== `${ROOT}/zones/lobby/board`), [], 'none of the refused messages was delivered');
  assert.match(srv.server.output(), /publish outside the client's rights refused/);

  // The server serves on: a ticket reaches the display's board.
  const boards: string[] = [];
  watcher.on('message', (_t, payload) => boards.push(payload.toString()));
  const kiosk = await enrol({ kind: 'kiosk', id: 'kiosk-1' });
  const res = await fetch(`${srv.http}/api/v1/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
    body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }),
  });
  assert.equal(res.status, 201);
  await waitFor('the board showing the waiting visitor', () => boards.some((p) => /"waiting":1/.test(p)) || undefined, 5000);
  assert.ok(srv.alive());
  await watcher.endAsync(true);
});
