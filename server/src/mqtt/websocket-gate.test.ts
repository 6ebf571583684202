import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { topics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

/** A browser-like MQTT-over-WebSocket client, with the session cookie when given. */
async function browserClient(wsUrl: string, cookie?: string) {
  return mqtt.connectAsync(wsUrl, {
    protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000,
    ...(cookie ? { wsOptions: { headers: { cookie } } } : {}),
  });
}

/** The QoS the broker granted for a filter; 128 is a refusal (mqtt.js reports it as an error carrying the SUBACK). */
async function granted(client: mqtt.MqttClient, filter: string): Promise<number> {
  try {
    const res = await client.subscribeAsync(filter, { qos: 1 });
    return res[0]!.qos;
  } catch (err) {
    const suback = (err as { packet?: { granted?: number[] } }).packet;
    if (suback?.granted) return suback.granted[0]!;
    throw err;
  }
}

test('a browser without a session reads what a wall display shows, nothing else, and may not publish', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ws = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  const display = await browserClient(ws);
  t.after(() => display.endAsync(true));
  assert.equal(await granted(display, topics.zoneBoard('demo', 'lobby')), 1);
  assert.equal(await granted(display, topics.calls('demo')), 1);
  assert.equal(await granted(display, topics.printerJobs('demo', 'printer-1')), 128, 'print jobs are not for browsers');
  assert.equal(await granted(display, 'entre/v1/demo/#'), 128, 'no wildcard over everything');
  assert.equal(await granted(display, topics.zoneBoard('demo', 'floor-2')), 1, 'still connected after a refusal');

  const closed = new Promise<void>((resolve) => display.once('close', () => resolve()));
  display.publish(topics.calls('demo'), JSON.stringify({ v: 1 }), { qos: 0 });
  await closed;
});

test('signed-in staff read by role: facility gets printer status, a counter account does not', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ws = `${urls.http.replace(/^http/, 'ws')}/mqtt`;
  const facility = await browserClient(ws, await signIn(app, 'facility'));
  const counter = await browserClient(ws, await signIn(app, 'disk'));
  const admin = await browserClient(ws, await signIn(app, 'admin'));
  t.after(() => Promise.all([facility.endAsync(true), counter.endAsync(true), admin.endAsync(true)]));
  assert.equal(await granted(facility, topics.printerStatus('demo', 'printer-1')), 1);
  assert.equal(await granted(counter, topics.printerStatus('demo', 'printer-1')), 128);
  assert.equal(await granted(counter, topics.deviceAvailability('demo', 'bridge-1')), 128);
  assert.equal(await granted(counter, topics.queueSummary('demo', 'allmant')), 1);
  assert.equal(await granted(admin, topics.printerJobs('demo', 'printer-1')), 1, 'admin reads everything of the site');
  // A forged or ended session is no session at all.
  const forged = await browserClient(ws, 'entre_session=not-a-real-token');
  t.after(() => forged.endAsync(true));
  assert.equal(await granted(forged, topics.printerStatus('demo', 'printer-1')), 128);
});
