import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, t as text, type Ticket } from '@entre/protocol';
import { captureLogs, postAsReception, tempApp } from '../test-support/app.js';
import { startSmsGateway } from '../test-support/sms-gateway.js';
import { join } from 'node:path';
import { createSmsStore } from '../store/sms-store.js';
import { openDatabase } from '../store/db.js';
import { createHttpSmsSender } from './sender.js';
import { createNotifier } from './notifier.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];

const PHONE = '+46701234567';

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function issue(app: App, language: string, service = 'parkering'): Promise<Ticket> {
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service, language } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Ticket;
}
async function act(app: App, id: string, action: string, body?: object): Promise<void> {
  const res = await postAsReception(app, `/api/v1/contacts/${id}/${action}`, body);
  assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
}
async function leaveNumber(app: App, id: string, phone = '070 123 45 67'): Promise<void> {
  const res = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${id}/sms`, payload: { phone } });
  assert.equal(res.statusCode, 204, res.body);
}
const phoneOf = (app: App, id: string) => (app.db.prepare('SELECT notify_phone FROM contacts WHERE id = ?').get(id) as { notify_phone: string | null }).notify_phone;

test('through a real gateway: "soon" at N ahead and "called" with the counter, in Arabic; a recall texts again; nothing twice', async (t) => {
  const gateway = await startSmsGateway();
  const { app, remove } = await tempApp({ smsUrl: gateway.url, smsKey: 'gateway-key', smsFrom: 'Kommunen', smsAhead: 2 });
  t.after(async () => { await remove(); await gateway.close(); });
  await app.start();

  const before = [await issue(app, 'sv'), await issue(app, 'en'), await issue(app, 'sv')];
  const visitor = await issue(app, 'ar');
  assert.equal(visitor.waitingAhead, 3);
  await leaveNumber(app, visitor.id);
  await app.notifier!.round();
  await pause(400);
  assert.deepEqual(gateway.texts(), [], 'three ahead is not yet "soon" at N = 2');

  // The first is called: two ahead now, the soon text goes out by itself.
  await act(app, before[0]!.id, 'call', { servicePoint: 'disk-2' });
  await waitFor('the soon text', () => gateway.received.length === 1);
  assert.deepEqual(gateway.texts(), [[PHONE, text('ar', 'sms.soonText', { ticket: visitor.number, n: 2 })]]);
  assert.match(gateway.texts()[0]![1]!, /عدد الأشخاص قبلك/, 'in Arabic');
  assert.equal(gateway.received[0]!.headers.authorization, 'Bearer gateway-key');
  assert.equal(gateway.received[0]!.body.from, 'Kommunen');

  // One ahead: no second soon text.
  await act(app, before[1]!.id, 'call', { servicePoint: 'disk-3' });
  await pause(400);
  await app.notifier!.round();
  assert.equal(gateway.received.length, 1, 'the soon text is sent once');

  // Called to counter 1: the called text, with the counter's Arabic name.
  await act(app, visitor.id, 'call', { servicePoint: 'disk-1' });
  await waitFor('the called text', () => gateway.received.length === 2);
  const point = (await app.http.inject({ url: `/api/v1/tickets/${visitor.id}` })).json() as Ticket;
  const counter = pick(point.servicePointName!, 'ar');
  assert.notEqual(counter, 'Disk 1', 'the counter in Arabic, not Swedish');
  const called = text('ar', 'sms.calledText', { ticket: visitor.number, point: counter });
  assert.deepEqual(gateway.texts()[1], [PHONE, called]);

  // A recall is a new call: texted again, once.
  await act(app, visitor.id, 'recall');
  await waitFor('the recall text', () => gateway.received.length === 3);
  assert.deepEqual(gateway.texts()[2], [PHONE, called]);
  for (let i = 0; i < 3; i++) await app.notifier!.round();
  await pause(400);
  assert.equal(gateway.received.length, 3, 'nothing twice');

  // Served and finished: the number is gone; the log says what was sent, never to whom.
  await act(app, visitor.id, 'start');
  await act(app, visitor.id, 'finish', { outcome: 'resolved', rosaLevel: 1 });
  assert.equal(phoneOf(app, visitor.id), null);
  const events = app.db.prepare('SELECT type, data_json FROM contact_events WHERE contact_id = ? AND type LIKE \'sms_%\' ORDER BY id').all(visitor.id);
  assert.deepEqual(events, [
    { type: 'sms_registered', data_json: null },
    { type: 'sms_sent', data_json: '{"kind":"soon"}' },
    { type: 'sms_sent', data_json: '{"kind":"called"}' },
    { type: 'sms_sent', data_json: '{"kind":"called"}' },
  ]);
  await app.notifier!.round();
  assert.equal(gateway.received.length, 3);
});

test('a visitor already near the front gets the soon text at once; requeued and called again, texted again', async (t) => {
  const gateway = await startSmsGateway();
  const { app, remove } = await tempApp({ smsUrl: gateway.url, smsKey: 'k', smsAhead: 3 });
  t.after(async () => { await remove(); await gateway.close(); });
  await app.start();
  const visitor = await issue(app, 'en', 'allmant');
  await leaveNumber(app, visitor.id, '+358 40 123 4567');
  await waitFor('the soon text', () => gateway.received.length === 1);
  assert.deepEqual(gateway.texts()[0], ['+358401234567', text('en', 'sms.soonText', { ticket: visitor.number, n: 0 })]);
  await act(app, visitor.id, 'call', { servicePoint: 'disk-1' });
  await waitFor('the called text', () => gateway.received.length === 2);
  // Not there yet: back in the queue, then called again to another counter.
  await act(app, visitor.id, 'requeue');
  await act(app, visitor.id, 'call', { servicePoint: 'disk-2' });
  await waitFor('the second call', () => gateway.received.length === 3);
  assert.deepEqual(gateway.texts()[2], ['+358401234567', text('en', 'sms.calledText', { ticket: visitor.number, point: 'Counter 2' })]);
  await pause(400);
  assert.equal(gateway.received.length, 3, 'no repeat of the soon text after the requeue');
});

test('a failed send is retried and delivered once; after three failures the text is given up, logged without the number', async (t) => {
  const gateway = await startSmsGateway((n) => (n < 2 ? 500 : 200));
  // The app's own notifier stays idle (not started): this test drives one with short retries.
  const { app, remove } = await tempApp();
  t.after(async () => { await notifier.stop(); await remove(); await gateway.close(); });
  const { logger, lines } = captureLogs();
  const notifier = createNotifier({
    sms: createSmsStore(app.db, { clock: () => new Date() }),
    sender: createHttpSmsSender({ url: gateway.url, key: 'k', from: 'Entre', timeoutMs: 2000 }),
    ticket: (id) => app.store.getTicket(id), ahead: 3, logger, debounceMs: 10, retryMs: 100,
  });
  const visitor = await issue(app, 'sv', 'allmant');
  await leaveNumber(app, visitor.id);
  notifier.start();
  await waitFor('three attempts', () => gateway.received.length === 3);
  await pause(400);
  assert.equal(gateway.received.length, 3, 'delivered on the third try, then never again');
  assert.equal(new Set(gateway.received.map((r) => r.raw)).size, 1, 'the same text each time');
  assert.equal(lines.filter((l) => l['msg'] === 'sms failed; will retry').length, 2);
  assert.equal(lines.filter((l) => l['msg'] === 'sms sent').length, 1);

  // Now a gateway that always fails: the called text is tried three times and given up.
  gateway.answerWith(() => 503);
  await act(app, visitor.id, 'call', { servicePoint: 'disk-1' });
  notifier.mark();
  await waitFor('three more attempts', () => gateway.received.length === 6);
  await pause(500);
  notifier.mark();
  await pause(200);
  assert.equal(gateway.received.length, 6, 'given up after three attempts');
  assert.equal(lines.filter((l) => l['msg'] === 'sms failed; giving up on this text').length, 1);
  const events = (app.db.prepare("SELECT data_json FROM contact_events WHERE contact_id = ? AND type = 'sms_failed' ORDER BY id").all(visitor.id) as { data_json: string }[])
    .map((e) => JSON.parse(e.data_json) as { kind: string; attempt: number; gaveUp?: boolean });
  assert.deepEqual(events.slice(-3), [{ kind: 'called', attempt: 1 }, { kind: 'called', attempt: 2 }, { kind: 'called', attempt: 3, gaveUp: true }]);

  // A recall is a new text with its own three attempts.
  gateway.answerWith(() => 200);
  await act(app, visitor.id, 'recall');
  notifier.mark();
  await waitFor('the recall text', () => gateway.received.length === 7);
  assert.doesNotMatch(JSON.stringify(lines), /70123456/, 'no log line holds the number');
});

test('rounds at once, from two servers on one database file, claim before sending: one text each', async (t) => {
  const gateway = await startSmsGateway(() => ({ status: 200, afterMs: 150 }));
  const { app, dir, remove } = await tempApp();
  const other = openDatabase(join(dir, 'entre.db'));
  t.after(async () => { other.close(); await remove(); await gateway.close(); });
  const { logger } = captureLogs();
  let n = 0;
  const make = () => createNotifier({
    sms: createSmsStore(n++ % 2 ? other : app.db, { clock: () => new Date() }),
    sender: createHttpSmsSender({ url: gateway.url, key: 'k', from: 'Entre' }),
    ticket: (id) => app.store.getTicket(id), ahead: 3, logger,
  });
  const visitor = await issue(app, 'sv', 'allmant');
  await leaveNumber(app, visitor.id);
  await Promise.all([make().round(), make().round(), make().round()]);
  await act(app, visitor.id, 'call', { servicePoint: 'disk-1' });
  await Promise.all([make().round(), make().round()]);
  assert.deepEqual(gateway.texts().map(([, m]) => m), [
    text('sv', 'sms.soonText', { ticket: visitor.number, n: 0 }),
    text('sv', 'sms.calledText', { ticket: visitor.number, point: 'Disk 1' }),
  ]);
});

test('the demo\'s log sender: texts are logged with the number masked, and no log line anywhere holds it', async (t) => {
  const { logger, lines } = captureLogs();
  const { app, remove } = await tempApp({}, { logger });
  t.after(remove);
  await app.start();
  const visitor = await issue(app, 'en', 'allmant');
  await leaveNumber(app, visitor.id, '0761234599');
  await waitFor('the soon text logged', () => lines.some((l) => l['module'] === 'sms' && typeof l['text'] === 'string'));
  await act(app, visitor.id, 'call', { servicePoint: 'disk-1' });
  const logged = await waitFor('two logged texts', () => {
    const sms = lines.filter((l) => l['module'] === 'sms' && typeof l['text'] === 'string');
    return sms.length === 2 ? sms : undefined;
  });
  assert.deepEqual(logged.map((l) => l['to']), ['+*********99', '+*********99']);
  assert.equal(logged[1]!['text'], text('en', 'sms.calledText', { ticket: visitor.number, point: 'Counter 1' }));
  assert.doesNotMatch(JSON.stringify(lines), /76123459|761234599/);
});
