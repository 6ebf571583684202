import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { topicFilters, topics, type AlertView, type DeviceView } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
    v = await get();
  }
  return v;
}

test('facility staff see devices, and alerts that are raised once, acknowledged by name and cleared by the device', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const facility = await signIn(app, 'facility');
  const get = async <T>(url: string, cookie = facility) => {
    const res = await app.http.inject({ method: 'GET', url, headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as T;
  };
  const devices = () => get<{ devices: DeviceView[] }>('/api/v1/devices').then((r) => r.devices);
  const alerts = () => get<{ alerts: AlertView[] }>('/api/v1/alerts').then((r) => r.alerts);

  // Nothing reported yet: kiosks and displays are listed as unknown, and nothing is alarming.
  assert.deepEqual((await devices()).map((d) => [d.id, d.kind, d.state]),
    [['kiosk-1', 'kiosk', 'unknown'], ['floor2-1', 'display', 'unknown'], ['lobby-1', 'display', 'unknown']]);
  assert.deepEqual(await alerts(), []);

  const device = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => device.endAsync());
  const status = (paper: string, online = true) => device.publishAsync(topics.printerStatus('demo', 'printer-1'), JSON.stringify({
    v: 1, at: new Date().toISOString(), printer: 'printer-1', online, paper, coverOpen: false, errors: [],
  }), { qos: 1, retain: true });
  const availability = (id: string, state: string) => device.publishAsync(topics.deviceAvailability('demo', id), JSON.stringify({
    v: 1, at: new Date().toISOString(), device: id, state,
  }), { qos: 1, retain: true });

  await availability('lobby-1', 'online');
  await availability('bridge-1', 'online');
  const listed = await until('lobby-1 online', devices, (ds) => ds.some((d) => d.id === 'lobby-1' && d.state === 'online') && ds.some((d) => d.id === 'bridge-1'));
  assert.deepEqual(listed.find((d) => d.id === 'bridge-1'), { id: 'bridge-1', kind: 'other', name: 'bridge-1', state: 'online', since: listed.find((d) => d.id === 'bridge-1')!.since });
  assert.equal(listed.find((d) => d.id === 'lobby-1')!.zone, 'lobby');

  // Paper near its end, reported twice: one alert.
  await status('near_end');
  await status('near_end');
  let list = await until('the paper alert', alerts, (a) => a.length > 0);
  assert.equal(list.length, 1);
  const paper = list[0]!;
  assert.deepEqual([paper.kind, paper.subject, paper.subjectName, paper.acknowledgedAt, paper.clearedAt],
    ['paper_near_end', 'printer-1', 'Kioskskrivare (virtuell)', undefined, undefined]);

  // Only facility (and admin) may acknowledge; a counter account gets 403 everywhere here.
  const disk = await signIn(app, 'disk');
  for (const url of ['/api/v1/devices', '/api/v1/alerts']) {
    assert.equal((await app.http.inject({ method: 'GET', url, headers: { cookie: disk } })).statusCode, 403, url);
  }
  const ack = (cookie: string, id = paper.id) => app.http.inject({ method: 'POST', url: `/api/v1/alerts/${id}/acknowledge`, headers: { cookie }, payload: {} });
  assert.equal((await ack(disk)).statusCode, 403);
  assert.equal((await ack(facility, 'no-such-alert')).statusCode, 404);
  const acked = await ack(facility);
  assert.equal(acked.statusCode, 200, acked.body);
  assert.equal(acked.json().acknowledgedBy, 'Fastighet (demo)');
  const again = await ack(await signIn(app, 'admin'));
  assert.equal(again.json().acknowledgedAt, acked.json().acknowledgedAt, 'the first acknowledgement stands');
  const audited = app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.acknowledge' AND target = ?").get(paper.id) as { n: number };
  assert.equal(audited.n, 1);

  // Paper out (the near-end alert clears), then a display goes offline: the new alerts come
  // first, newest first; the cleared, acknowledged one stays listed below them.
  await status('out');
  await until('paper out', alerts, (a) => a.some((x) => x.kind === 'paper_out'));
  await new Promise((r) => setTimeout(r, 5));
  await availability('lobby-1', 'offline');
  list = await until('display offline', alerts, (a) => a.some((x) => x.kind === 'device_offline'));
  assert.deepEqual(list.map((a) => [a.kind, a.subject, a.clearedAt !== undefined, a.acknowledgedAt !== undefined]), [
    ['device_offline', 'lobby-1', false, false],
    ['paper_out', 'printer-1', false, false],
    ['paper_near_end', 'printer-1', true, true],
  ]);
  assert.equal((await devices()).find((d) => d.id === 'lobby-1')!.state, 'offline');

  // New paper and the display back: everything clears, and stays listed as it was.
  await status('ok');
  await availability('lobby-1', 'online');
  list = await until('all cleared', alerts, (a) => a.every((x) => x.clearedAt !== undefined));
  assert.equal(list.length, 3);
  assert.equal(list.find((a) => a.id === paper.id)!.acknowledgedBy, 'Fastighet (demo)');
});

test('the server reports browsers\' availability: a display while its socket is open, a kiosk while it beats', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const facility = await signIn(app, 'facility');
  const state = async (id: string) => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: facility } });
    return (res.json() as { devices: DeviceView[] }).devices.find((d) => d.id === id)?.state;
  };
  // Whoever watches (the facility page) gets it as a bridge's report: the retained topic.
  const watcher = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => watcher.endAsync());
  const seen: string[] = [];
  watcher.on('message', (topic, payload) => seen.push(`${topic.split('/')[4]} ${(JSON.parse(payload.toString()) as { state: string }).state}`));
  await watcher.subscribeAsync(topicFilters.allAvailability('demo'));

  // The display connects where its bootstrap says; the address names it.
  const boot = (await app.http.inject({ method: 'GET', url: '/api/v1/displays/lobby-1' })).json() as { mqtt: { path: string } };
  assert.equal(boot.mqtt.path, '/mqtt?display=lobby-1');
  const display = await mqtt.connectAsync(`${urls.http.replace(/^http/, 'ws')}${boot.mqtt.path}`, { protocolVersion: 4, reconnectPeriod: 0 });
  await until('the display online', () => state('lobby-1'), (s) => s === 'online');
  // A socket naming no known display reports nothing.
  const stranger = await mqtt.connectAsync(`${urls.http.replace(/^http/, 'ws')}/mqtt?display=nope`, { protocolVersion: 4, reconnectPeriod: 0 });
  await stranger.endAsync();
  await display.endAsync();
  await until('the display offline', () => state('lobby-1'), (s) => s === 'offline');

  const beat = (id: string, payload: Record<string, unknown> = {}) => app.http.inject({ method: 'POST', url: `/api/v1/kiosks/${id}/heartbeat`, payload });
  assert.equal((await beat('kiosk-1')).statusCode, 204, 'no sign-in needed');
  assert.equal(await state('kiosk-1'), 'online');
  assert.equal((await beat('kiosk-9')).statusCode, 404);
  assert.equal((await beat('kiosk-1', { extra: 1 })).statusCode, 400);
  await until('every report on the broker', async () => seen, (s) => s.length >= 3);
  assert.deepEqual(seen, ['lobby-1 online', 'lobby-1 offline', 'kiosk-1 online']);
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: facility } })).json().devices.some((d: DeviceView) => d.id === 'nope'), false);
});

test('a bridge that vanishes without a goodbye is shown offline with an alert, though its will is dated when it connected', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const facility = await signIn(app, 'facility');
  const get = async <T>(url: string) => (await app.http.inject({ method: 'GET', url, headers: { cookie: facility } })).json() as T;
  const bridge1 = () => get<{ devices: DeviceView[] }>('/api/v1/devices').then((r) => r.devices.find((d) => d.id === 'bridge-1'));
  const alerts = () => get<{ alerts: AlertView[] }>('/api/v1/alerts').then((r) => r.alerts);
  const topic = topics.deviceAvailability('demo', 'bridge-1');
  const report = (state: string, at = new Date()) => JSON.stringify({ v: 1, at: at.toISOString(), device: 'bridge-1', state });

  // As firmware-bridge does: the will is written (and dated) at CONNECT; "online" follows it.
  const connect = () => mqtt.connectAsync(urls.mqtt, {
    protocolVersion: 4, clientId: 'entre-bridge-bridge-1', clean: true, reconnectPeriod: 0,
    will: { topic, payload: Buffer.from(report('offline')), qos: 1, retain: true },
  });
  const bridge = await connect();
  t.after(() => bridge.endAsync(true));
  await new Promise((r) => setTimeout(r, 20));
  await bridge.publishAsync(topic, report('online'), { qos: 1, retain: true });
  const online = await until('the bridge online', bridge1, (d) => d?.state === 'online');

  // Its power cut: the socket just closes, no DISCONNECT; the broker publishes the will.
  const cut = Date.now();
  bridge.stream.destroy();
  const offline = await until('the bridge offline', bridge1, (d) => d?.state === 'offline', 3000);
  assert.ok(Date.parse(offline!.since!) >= Date.parse(online!.since!), 'offline since it vanished, not since it connected');
  assert.ok(Date.parse(offline!.since!) >= cut - 1000);
  const raised = await until('an alert', alerts, (a) => a.some((x) => x.kind === 'device_offline' && x.subject === 'bridge-1' && !x.clearedAt));
  assert.equal(raised.filter((x) => x.kind === 'device_offline').length, 1);

  // Back: it connects again (the retained will is replaced), and the alert clears.
  const again = await connect();
  t.after(() => again.endAsync());
  await again.publishAsync(topic, report('online'), { qos: 1, retain: true });
  await until('the bridge online again', bridge1, (d) => d?.state === 'online');
  await until('the alert cleared', alerts, (a) => a.every((x) => x.subject !== 'bridge-1' || x.clearedAt !== undefined));
});

test("an echo or replay of the server's own older report of a display changes nothing", async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const facility = await signIn(app, 'facility');
  const state = async () => ((await app.http.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: facility } })).json() as { devices: DeviceView[] })
    .devices.find((d) => d.id === 'lobby-1')?.state;
  const display = await mqtt.connectAsync(`${urls.http.replace(/^http/, 'ws')}/mqtt?display=lobby-1`, { protocolVersion: 4, reconnectPeriod: 0 });
  t.after(() => display.endAsync());
  await until('the display online', state, (s) => s === 'online');
  const old = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => old.endAsync());
  await old.publishAsync(topics.deviceAvailability('demo', 'lobby-1'), JSON.stringify({ v: 1, at: new Date(Date.now() - 60_000).toISOString(), device: 'lobby-1', state: 'offline' }), { qos: 1 });
  await app.flushed();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await state(), 'online');
});
