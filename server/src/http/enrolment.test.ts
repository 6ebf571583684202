/**
 * Device enrolment on an enrolled site (issue 9, acceptance 2), over real HTTP, the real
 * embedded broker (TCP and the WebSocket gate) and a real SQLite file: an unenrolled or
 * revoked device cannot connect, an enrolled display cannot publish a call or read another
 * zone, a bridge only its own printers, and a counter account cannot reach the admin side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { WebSocket } from 'ws';
import { topics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

type Json = Record<string, unknown>;

async function enrolledSite() {
  const { app, remove } = await tempApp({ deviceAuth: 'enrolled' });
  const urls = await app.start();
  const admin = await signIn(app, 'admin');
  const call = async (method: string, path: string, opts: { cookie?: string; bearer?: string; body?: unknown } = {}) => {
    const res = await fetch(`${urls.http}${path}`, {
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
  /** Registers a device as admin and enrols it with the code: its secret and cookie. */
  const enrol = async (body: Json) => {
    const reg = await call('POST', '/api/v1/admin/devices', { cookie: admin, body });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const res = await call('POST', '/api/v1/devices/enrol', { body: { code: reg.body.code } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { token: res.body.token as string, cookie: (res.setCookie ?? '').split(';')[0]!, code: reg.body.code as string };
  };
  const mqttUrl = urls.mqtt;
  const wsUrl = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  return { app, remove, urls, admin, call, enrol, mqttUrl, wsUrl };
}

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

/** Resolves with the CONNACK refusal code, or rejects if the broker let the client in. */
async function refusedConnect(url: string, opts: mqtt.IClientOptions): Promise<string> {
  try {
    const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, ...opts });
    await c.endAsync(true);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the broker accepted the client');
}

/** The HTTP status the WebSocket upgrade got: 101 when let in. */
function upgradeStatus(url: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'mqtt', cookie ? { headers: { cookie } } : {});
    ws.once('open', () => { ws.terminate(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.once('error', (err) => reject(err));
  });
}

const closedWithin = (client: mqtt.MqttClient, ms: number) => new Promise<boolean>((resolve) => {
  if (!client.connected) { resolve(true); return; }
  const timer = setTimeout(() => resolve(false), ms);
  client.once('close', () => { clearTimeout(timer); resolve(true); });
});

test('an enrolled site refuses unenrolled devices on HTTP, MQTT and the WebSocket; a code works once', async (t) => {
  const site = await enrolledSite();
  t.after(site.remove);
  // HTTP: the kiosk's and display's endpoints need the device.
  const config = await site.call('GET', '/api/v1/kiosks/kiosk-1/config');
  assert.equal(config.status, 401);
  assert.equal(config.body.code, 'ENTRE_DEVICE_UNENROLLED');
  assert.match(String(config.body.detail), /enrol/i);
  const ticket = await site.call('POST', '/api/v1/tickets', { body: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal(ticket.status, 401, 'no ticket from an unenrolled kiosk');
  assert.equal((site.app.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n, 0);
  assert.equal((await site.call('GET', '/api/v1/displays/lobby-1')).status, 401);
  // MQTT over TCP: no anonymous clients, no made-up secrets.
  assert.match(await refusedConnect(site.mqttUrl, {}), /not authori[sz]ed/i);
  assert.match(await refusedConnect(site.mqttUrl, { username: 'lobby-1', password: 'guess' }), /bad user ?name or password/i);
  assert.match(await refusedConnect(site.mqttUrl, { username: 'entre-server', password: 'guess' }), /bad user ?name or password/i, 'not even as the server');
  // WebSocket: refused at the upgrade.
  assert.equal(await upgradeStatus(site.wsUrl), 401);

  // A wrong code is refused and says what to do; the right one works once.
  const wrong = await site.call('POST', '/api/v1/devices/enrol', { body: { code: 'AAAAA-BBBBB' } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.code, 'ENTRE_BAD_ENROLMENT_CODE');
  const display = await site.enrol({ kind: 'display', id: 'lobby-1' });
  assert.match(display.cookie, /^entre_device=/);
  const again = await site.call('POST', '/api/v1/devices/enrol', { body: { code: display.code.toLowerCase() } });
  assert.equal(again.status, 400, 'a code is spent once used');
  const boot = await site.call('GET', '/api/v1/displays/lobby-1', { cookie: display.cookie });
  assert.equal(boot.status, 200, JSON.stringify(boot.body));
  const other = await site.call('GET', '/api/v1/displays/floor2-1', { cookie: display.cookie });
  assert.equal(other.status, 403);
  assert.equal(other.body.code, 'ENTRE_DEVICE_MISMATCH');
  // Reception still previews any display with its own session.
  assert.equal((await site.call('GET', '/api/v1/displays/floor2-1', { cookie: await signIn(site.app, 'reception') })).status, 200);
});

test('an enrolled display reads its own zone only, cannot publish a call, and is cut off at once when revoked', async (t) => {
  const site = await enrolledSite();
  t.after(site.remove);
  const display = await site.enrol({ kind: 'display', id: 'lobby-1' });
  // As a browser over the WebSocket, with its cookie.
  const browser = await mqtt.connectAsync(site.wsUrl, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, wsOptions: { headers: { cookie: display.cookie } } });
  t.after(() => browser.endAsync(true));
  assert.equal(await granted(browser, topics.zoneBoard('demo', 'lobby')), 1);
  assert.equal(await granted(browser, topics.displayConfig('demo', 'lobby-1')), 1);
  assert.equal(await granted(browser, topics.zoneBoard('demo', 'floor-2')), 128, 'another zone');
  assert.equal(await granted(browser, topics.displayConfig('demo', 'floor2-1')), 128, 'another display');
  // As a device over TCP, with its id and secret.
  const tcp = await mqtt.connectAsync(site.mqttUrl, { protocolVersion: 4, reconnectPeriod: 0, username: 'lobby-1', password: display.token });
  t.after(() => tcp.endAsync(true));
  assert.equal(await granted(tcp, topics.zoneBoard('demo', 'lobby')), 1);
  assert.equal(await granted(tcp, topics.zoneBoard('demo', 'floor-2')), 128);
  assert.equal(await granted(tcp, topics.printerJobs('demo', 'printer-1')), 128);

  // A forged call: the connection ends and nobody hears it.
  const admin = await mqtt.connectAsync(site.wsUrl, { protocolVersion: 4, reconnectPeriod: 0, wsOptions: { headers: { cookie: site.admin } } });
  t.after(() => admin.endAsync(true));
  const heard: string[] = [];
  admin.on('message', (topic, payload) => heard.push(`${topic} ${payload.toString()}`));
  await admin.subscribeAsync(topics.calls('demo'), { qos: 1 });
  const forged = { v: 1, at: new Date().toISOString(), id: 'x', ticket: 'A001', service: 'allmant', servicePoint: 'disk-1', zones: ['lobby'] };
  const tcpClosed = closedWithin(tcp, 3000);
  tcp.publish(topics.calls('demo'), JSON.stringify(forged), { qos: 1 });
  assert.equal(await tcpClosed, true, 'the broker ends a client that publishes outside its rights');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(heard, [], 'the forged call reached nobody');

  // Revoked: the open socket closes now, and neither way back in works.
  const tcp2 = await mqtt.connectAsync(site.mqttUrl, { protocolVersion: 4, reconnectPeriod: 0, username: 'lobby-1', password: display.token });
  const cut = Promise.all([closedWithin(tcp2, 3000), closedWithin(browser, 3000)]);
  const revoked = await site.call('POST', '/api/v1/admin/devices/lobby-1/revoke', { cookie: site.admin, body: {} });
  assert.equal(revoked.status, 200);
  assert.equal(revoked.body.state, 'revoked');
  assert.deepEqual(await cut, [true, true], 'TCP and WebSocket both cut off at once');
  assert.match(await refusedConnect(site.mqttUrl, { username: 'lobby-1', password: display.token }), /bad user ?name or password/i);
  assert.equal(await upgradeStatus(site.wsUrl, display.cookie), 401);
  const boot = await site.call('GET', '/api/v1/displays/lobby-1', { cookie: display.cookie });
  assert.equal(boot.status, 401);
  assert.equal(boot.body.code, 'ENTRE_DEVICE_REVOKED');
  assert.match(String(boot.body.detail), /no longer valid/);
  const audit = site.app.db.prepare("SELECT action FROM audit_log WHERE target = 'lobby-1' ORDER BY id").all() as { action: string }[];
  assert.deepEqual(audit.map((a) => a.action), ['device.registered', 'device.enrolled', 'device.revoked']);
});

test('an enrolled kiosk issues tickets as itself only; a bridge reports for its own printers only', async (t) => {
  const site = await enrolledSite();
  t.after(site.remove);
  const kiosk = await site.enrol({ kind: 'kiosk', id: 'kiosk-1' });
  const ok = await site.call('POST', '/api/v1/tickets', { bearer: kiosk.token, body: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const viaCookie = await site.call('GET', '/api/v1/kiosks/kiosk-1/config', { cookie: kiosk.cookie });
  assert.equal(viaCookie.status, 200);
  // Another site's page cannot take tickets with the kiosk's cookie.
  const forged = await fetch(`${site.urls.http}/api/v1/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: kiosk.cookie, origin: 'https://evil.example' },
    body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }),
  });
  assert.equal(forged.status, 403);
  assert.equal(((await forged.json()) as Json).code, 'ENTRE_CSRF');
  site.app.db.prepare("INSERT INTO kiosks (id, site_id, name, printer_id) VALUES ('kiosk-2', 'demo', 'Kiosk 2', 'printer-1')").run();
  const asOther = await site.call('POST', '/api/v1/tickets', { bearer: kiosk.token, body: { kiosk: 'kiosk-2', service: 'allmant', language: 'sv' } });
  assert.equal(asOther.status, 403, 'a kiosk speaks for itself only');
  assert.equal((await site.call('POST', '/api/v1/kiosks/kiosk-1/heartbeat', { body: {} })).status, 401);
  assert.equal((await site.call('POST', '/api/v1/kiosks/kiosk-1/heartbeat', { bearer: kiosk.token, body: {} })).status, 204);

  site.app.db.prepare("INSERT INTO printers (id, site_id, name) VALUES ('printer-2', 'demo', 'Skrivare 2')").run();
  const bridge = await site.enrol({ kind: 'bridge', id: 'bridge-1', printers: ['printer-1'], counters: ['disk-1'] });
  const client = await mqtt.connectAsync(site.mqttUrl, { protocolVersion: 4, reconnectPeriod: 0, username: 'bridge-1', password: bridge.token });
  t.after(() => client.endAsync(true));
  assert.equal(await granted(client, topics.printerJobs('demo', 'printer-1')), 1);
  assert.equal(await granted(client, topics.printerJobs('demo', 'printer-2')), 128);
  const status = (paper: string) => JSON.stringify({ v: 1, at: new Date().toISOString(), printer: 'printer-1', online: true, paper, coverOpen: false, errors: [] });
  await client.publishAsync(topics.printerStatus('demo', 'printer-1'), status('near_end'), { qos: 1, retain: true });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((site.app.db.prepare("SELECT paper FROM printers WHERE id = 'printer-1'").get() as { paper: string }).paper, 'near_end', 'its own printer\'s report was taken');
  const closed = closedWithin(client, 3000);
  client.publish(topics.printerStatus('demo', 'printer-2'), status('out'), { qos: 1 });
  assert.equal(await closed, true, 'another printer is not its business');
  assert.equal((site.app.db.prepare("SELECT paper FROM printers WHERE id = 'printer-2'").get() as { paper: string }).paper, 'unknown');
});

test('only an admin registers and revokes devices; the list shows each one\'s state', async (t) => {
  const site = await enrolledSite();
  t.after(site.remove);
  const counter = await signIn(site.app, 'disk');
  assert.equal((await site.call('POST', '/api/v1/admin/devices', { body: { kind: 'display', id: 'lobby-1' } })).status, 401);
  assert.equal((await site.call('POST', '/api/v1/admin/devices', { cookie: counter, body: { kind: 'display', id: 'lobby-1' } })).status, 403);
  assert.equal((await site.call('GET', '/api/v1/admin/devices', { cookie: counter })).status, 403);
  assert.equal((await site.call('POST', '/api/v1/admin/devices/lobby-1/revoke', { cookie: counter, body: {} })).status, 403);
  const unknown = await site.call('POST', '/api/v1/admin/devices', { cookie: site.admin, body: { kind: 'display', id: 'nowhere-9' } });
  assert.equal(unknown.status, 404, 'a display must exist before it is enrolled');
  const badPrinter = await site.call('POST', '/api/v1/admin/devices', { cookie: site.admin, body: { kind: 'bridge', id: 'bridge-9', printers: ['printer-9'] } });
  assert.equal(badPrinter.status, 400);
  assert.match(String(badPrinter.body.detail), /printer-9/);
  await site.enrol({ kind: 'display', id: 'lobby-1' });
  await site.call('POST', '/api/v1/admin/devices', { cookie: site.admin, body: { kind: 'display', id: 'floor2-1' } });
  const list = await site.call('GET', '/api/v1/admin/devices', { cookie: site.admin });
  assert.deepEqual((list.body.devices as Json[]).map((d) => [d.id, d.state]), [['floor2-1', 'pending'], ['lobby-1', 'enrolled']]);
});
