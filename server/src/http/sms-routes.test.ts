import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KioskConfig, Ticket } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock, tempDemoStore } from '../test-support/fixtures.js';
import { createSmsStore } from '../store/sms-store.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

async function issue(app: App, service = 'parkering', language = 'sv'): Promise<Ticket> {
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service, language } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Ticket;
}
const leave = (app: App, id: string, payload: unknown) => app.http.inject({ method: 'POST', url: `/api/v1/tickets/${id}/sms`, payload: payload as object });
const phoneOf = (app: App, id: string) => (app.db.prepare('SELECT notify_phone FROM contacts WHERE id = ?').get(id) as { notify_phone: string | null }).notify_phone;
const getTicket = async (app: App, id: string) => (await app.http.inject({ url: `/api/v1/tickets/${id}` })).json() as Ticket;

test('a visitor leaves a number: 204, stored as E.164, the ticket says sms without ever showing it', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ticket = await issue(app);
  assert.equal(ticket.sms, false);
  const res = await leave(app, ticket.id, { phone: '070-123 45 67' });
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(res.body, '');
  assert.equal(phoneOf(app, ticket.id), '+46701234567');
  const raw = (await app.http.inject({ url: `/api/v1/tickets/${ticket.id}` })).body;
  assert.equal((JSON.parse(raw) as Ticket).sms, true);
  assert.doesNotMatch(raw, /701234567|123 45 67/, 'the ticket never echoes the number');
  // The staff view and the event log say a number was left, never which.
  const contact = await app.http.inject({ url: `/api/v1/contacts/${ticket.id}`, headers: { cookie: await signIn(app, 'reception') } });
  assert.match(contact.body, /"sms_registered"/);
  assert.doesNotMatch(contact.body, /701234567/);
  assert.doesNotMatch(JSON.stringify(app.db.prepare('SELECT * FROM contact_events').all()), /701234567/);
  assert.doesNotMatch(JSON.stringify(app.db.prepare('SELECT * FROM outbox').all()), /701234567/);

  // Forgetting is immediate.
  const del = await app.http.inject({ method: 'DELETE', url: `/api/v1/tickets/${ticket.id}/sms` });
  assert.equal(del.statusCode, 204);
  assert.equal(phoneOf(app, ticket.id), null);
  assert.equal((await getTicket(app, ticket.id)).sms, false);
});

test('numbers that are not mobile numbers are 400 ENTRE_INVALID_PHONE naming the field; nothing is kept', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ticket = await issue(app);
  for (const phone of ['08 123 456 78', '12345', 'ring mig', '+1234567', '070 123 45 6']) {
    const res = await leave(app, ticket.id, { phone });
    assert.equal(res.statusCode, 400, phone);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json() as { code: string; errors: { path: string }[] };
    assert.equal(body.code, 'ENTRE_INVALID_PHONE', phone);
    assert.deepEqual(body.errors.map((e) => e.path), ['/phone']);
  }
  // Shape errors are the usual validation problems; a big body is refused before it is read.
  assert.equal((await leave(app, ticket.id, {})).json().code, 'ENTRE_VALIDATION');
  assert.equal((await leave(app, ticket.id, { phone: '0701234567', name: 'Anna' })).json().code, 'ENTRE_VALIDATION');
  const big = await leave(app, ticket.id, { phone: '0701234567', pad: 'x'.repeat(5000) });
  assert.equal(big.statusCode, 413);
  assert.equal(phoneOf(app, ticket.id), null);
  assert.equal((await app.http.inject({ url: `/api/v1/tickets/${ticket.id}` })).json().sms, false);
});

test('a number is taken only while the ticket waits; unknown tickets are 404', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ticket = await issue(app);
  assert.equal((await postAsReception(app, `/api/v1/contacts/${ticket.id}/call`, { servicePoint: 'disk-1' })).status, 200);
  const late = await leave(app, ticket.id, { phone: '0701234567' });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().code, 'ENTRE_SMS_NOT_WAITING');
  assert.equal(phoneOf(app, ticket.id), null);
  assert.equal((await leave(app, 'no-such-ticket', { phone: '0701234567' })).statusCode, 404);
  assert.equal((await app.http.inject({ method: 'DELETE', url: '/api/v1/tickets/no-such-ticket/sms' })).statusCode, 404);
  // A phone contact from the integration API has no ticket to text about.
  const call = await postAsReception(app, '/api/v1/contacts', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'call-1' });
  assert.equal(call.status, 201);
  assert.equal((await leave(app, call.body['id'] as string, { phone: '0701234567' })).statusCode, 404);
});

test('the number is gone the moment the visit ends: finished, cancelled by the visitor, or no-show', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const [finished, cancelled, noShow, stays] = [await issue(app), await issue(app), await issue(app), await issue(app)];
  for (const tk of [finished, cancelled, noShow, stays]) assert.equal((await leave(app, tk.id, { phone: '+358 40 123 4567' })).statusCode, 204);

  const act = async (id: string, action: string, body?: object) => {
    const res = await postAsReception(app, `/api/v1/contacts/${id}/${action}`, body);
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
  };
  await act(finished.id, 'call', { servicePoint: 'disk-1' });
  await act(finished.id, 'start');
  assert.equal(phoneOf(app, finished.id), '+358401234567', 'kept while being served');
  await act(finished.id, 'finish', { outcome: 'resolved', rosaLevel: 1 });
  assert.equal(phoneOf(app, finished.id), null);

  const res = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${cancelled.id}/cancel`, payload: {} });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(phoneOf(app, cancelled.id), null);

  await act(noShow.id, 'call', { servicePoint: 'disk-2' });
  await act(noShow.id, 'no-show');
  assert.equal(phoneOf(app, noShow.id), null);

  assert.equal(phoneOf(app, stays.id), '+358401234567', 'a visit still going keeps its number');
  assert.deepEqual((await getTicket(app, finished.id)).sms, false);
});

test('the database itself enforces it, whatever code path ends a visit', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const tk = await issue(app);
  assert.equal((await leave(app, tk.id, { phone: '0731234567' })).statusCode, 204);
  // A future code path (or a hand-written fix) that ends visits in SQL.
  app.db.prepare("UPDATE contacts SET state = 'cancelled', outcome = 'cancelled' WHERE id = ?").run(tk.id);
  assert.equal(phoneOf(app, tk.id), null);
  assert.throws(() => app.db.prepare("UPDATE contacts SET notify_phone = '+46731234567' WHERE id = ?").run(tk.id), /finished visit keeps no phone number/);
  // And the route says so too.
  assert.equal((await leave(app, tk.id, { phone: '0731234567' })).json().code, 'ENTRE_SMS_NOT_WAITING');
});

test('numbers left on an earlier day are forgotten by the next tick, even if nobody closed the ticket', async (t) => {
  const clock = manualClock('2026-11-25T15:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const yesterday = await issue(app);
  assert.equal((await leave(app, yesterday.id, { phone: '0701234567' })).statusCode, 204);
  clock.set('2026-11-26T08:00:00Z');
  const today = await issue(app);
  assert.equal((await leave(app, today.id, { phone: '0701234568' })).statusCode, 204);
  assert.equal(createSmsStore(app.db, { clock: clock.now }).forgetStale(), 1);
  assert.equal(phoneOf(app, yesterday.id), null);
  assert.equal(phoneOf(app, today.id), '+46701234568');
});

test('SMS is offered only where a sender exists, and staff may switch it off per kiosk', async (t) => {
  const demo = await tempApp();
  t.after(demo.remove);
  const config = (await demo.app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' })).json() as KioskConfig;
  assert.equal(config.settings.sms, true, 'the demo logs its texts');
  assert.equal(config.settings.smsAhead, 3);

  const admin = await signIn(demo.app, 'admin');
  const put = await demo.app.http.inject({
    method: 'PUT', url: '/api/v1/admin/kiosks/kiosk-1/settings', headers: { cookie: admin },
    payload: { idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true, sms: false, smsAhead: 40 },
  });
  assert.equal(put.statusCode, 200, put.body);
  const off = (await demo.app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' })).json() as KioskConfig;
  assert.equal(off.settings.sms, false);
  assert.equal(off.settings.smsAhead, 3, 'places ahead are the server\'s setting, not a kiosk\'s');

  // ENTRE_SMS_AHEAD reaches the kiosk.
  const five = await tempApp({ smsAhead: 5 });
  t.after(five.remove);
  assert.equal(((await five.app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' })).json() as KioskConfig).settings.smsAhead, 5);

  // A real site without a gateway: no offer on its kiosks, and no number is kept.
  const store = tempDemoStore(() => new Date());
  t.after(store.remove);
  assert.equal(store.store.kioskConfig('kiosk-1').settings.sms, false);
  assert.equal(store.store.kioskConfig('kiosk-1').settings.smsAhead, undefined);
  const bare = await tempApp({ demo: false });
  t.after(bare.remove);
  const res = await bare.app.http.inject({ method: 'POST', url: '/api/v1/tickets/any-ticket/sms', payload: { phone: '0701234567' } });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'ENTRE_SMS_UNAVAILABLE');
  assert.equal(bare.app.notifier, undefined);
});
