import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { topics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

const until = async (what: string, ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/**
 * The outbox is published only after the outermost transaction committed: a call written
 * inside a transaction that then rolls back (a crash, a later check failing) never reaches
 * a display, and a committed one still does.
 */
test('a call in a transaction that rolls back is never published; a committed call is', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  await app.flushed();
  const display = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => display.endAsync());
  const calls: string[] = [];
  display.on('message', (topic, payload) => {
    if (topic === topics.calls('demo')) calls.push(String(JSON.parse(String(payload)).ticket));
  });
  await display.subscribeAsync(topics.calls('demo'), { qos: 1 });

  const issued = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  assert.equal(issued.statusCode, 201, issued.body);
  const ticket = issued.json() as { id: string; number: string };
  await app.flushed();

  // The contact store's own transaction commits into the outer one, which then rolls back.
  assert.throws(() => app.db.transaction(() => {
    app.contacts.call(ticket.id, { servicePoint: 'disk-1' }, { actor: 'test' });
    throw new Error('something after the call failed');
  })(), /something after the call failed/);
  // "Next" at a counter, nested the same way (its own transaction holds the call's).
  assert.throws(() => app.db.transaction(() => {
    app.agents.callNextAtPoint('disk-1', { actor: 'test' });
    throw new Error('crash before commit');
  })(), /crash before commit/);
  // A walk-in (number, call and start, each nested) rolled back the same way.
  assert.throws(() => app.db.transaction(() => {
    app.contacts.walkIn('demo', { service: 'allmant', language: 'sv' }, { servicePoint: 'disk-2' }, { actor: 'test' });
    throw new Error('crash before commit');
  })(), /crash before commit/);

  await app.flushed();
  await settle();
  assert.equal(calls.length, 0, `nothing rolled back was announced: ${calls.join(', ')}`);
  assert.equal(app.store.getTicket(ticket.id).state, 'waiting');
  assert.equal(app.store.outbox.count(), 0);

  // The same call, committed, reaches the broker.
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-1/call-next', headers: { cookie: await signIn(app, 'disk') } });
  assert.equal(res.statusCode, 200, res.body);
  await until(`call event ${ticket.number}`, () => calls.includes(ticket.number));
  await app.flushed();
  await settle(100);
  assert.deepEqual(calls, [ticket.number], 'exactly the committed call');
});
