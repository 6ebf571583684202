import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { checker, KioskConfig, Ticket, visitorLanguages } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';
import { demoTexts } from '../store/demo-text/index.js';

const issue = (app: Awaited<ReturnType<typeof tempApp>>['app'], payload: object) =>
  app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', language: 'sv', ...payload } });

test('the kiosk config groups errands with icons, in every offered language, with hours and settings', async (t) => {
  // Wednesday 2026-11-25 10:00 Stockholm: the drop-in budget counselling is closed until Thursday 09:00.
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const res = await app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' });
  assert.equal(res.statusCode, 200);
  const config = res.json() as KioskConfig;
  assert.ok(checker(KioskConfig)(config).ok);
  assert.deepEqual(config.languages.map((l) => l.code), visitorLanguages.map((l) => l.code), 'the demo offers every language');
  assert.equal(config.timeZone, 'Europe/Stockholm');
  assert.deepEqual(config.groups.map((g) => [g.id, g.icon]), [['forsta-linjen', 'info'], ['samhallsbyggnad', 'house'], ['barn-utbildning', 'school'], ['social-valfard', 'people']]);
  assert.equal(config.groups[1]!.name['ar'], demoTexts['ar']!.groups.samhallsbyggnad, 'localized group names');
  assert.equal(config.groups[1]!.name['sv'], 'Bygga, bo och trafik');
  for (const s of config.services) {
    assert.equal(Object.keys(s.name).length, 21, `${s.id} is named in all 21 written languages`);
    assert.ok(config.groups.some((g) => g.id === s.group));
  }
  const budget = config.services.find((s) => s.id === 'budget')!;
  assert.equal(budget.open, false);
  assert.equal(budget.opensAt, '2026-11-26T08:00:00.000Z');
  assert.equal(budget.icon, 'wallet');
  const bygglov = config.services.find((s) => s.id === 'bygglov')!;
  assert.equal(bygglov.open, true);
  assert.deepEqual(bygglov.question?.options.map((o) => o.id), ['pagaende', 'nytt']);
  assert.equal(bygglov.estimateMinutes, undefined, 'nobody signed in yet: no promise of a wait');
  assert.deepEqual(config.settings, {
    idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true, priorityService: 'allmant',
    signLanguageUrl: 'https://teckensprak.example.se/demo-kommun', sms: true, smsAhead: 3,
  });

  // A closed errand is refused with when it opens, and nothing is written.
  const closed = await issue(app, { service: 'budget' });
  assert.equal(closed.statusCode, 409);
  assert.match(closed.json().detail, /closed now; it opens 2026-11-26T08:00:00.000Z/);
  // Thursday 09:30 it opens.
  clock.set('2026-11-26T08:30:00Z');
  assert.equal((await issue(app, { service: 'budget' })).statusCode, 201);
});

test('the wait estimate follows the people ahead and the counters open for the errand', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  for (let i = 0; i < 3; i++) assert.equal((await issue(app, { service: 'parkering' })).statusCode, 201);
  const first = (await issue(app, { service: 'parkering' })).json() as Ticket;
  assert.equal(first.estimateMinutes, undefined, 'no counter open for parking');
  // Maria serves parking at counter 3.
  assert.equal((await postAsReception(app, '/api/v1/agents/maria/state', { state: 'available', servicePoint: 'disk-3' })).status, 200);
  const ticket = (await app.http.inject({ url: `/api/v1/tickets/${first.id}` })).json() as Ticket;
  // 3 ahead, 1 counter, default 6 min: (3 − 0.5) × 6 = 15 min.
  assert.equal(ticket.estimateMinutes, 15);
  const config = (await app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' })).json() as KioskConfig;
  // A new ticket would have 4 ahead: (4 − 0.5) × 6 = 21.
  assert.equal(config.services.find((s) => s.id === 'parkering')!.estimateMinutes, 21);
});

test('the follow-up answer decides the queue; priority tickets carry their reason; unknown answers are refused', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const answered = await issue(app, { service: 'bygglov', option: 'pagaende' });
  assert.equal(answered.statusCode, 201);
  assert.equal((answered.json() as Ticket).service, 'bygglov');
  const row = app.db.prepare('SELECT errand_option, priority FROM contacts WHERE id = ?').get((answered.json() as Ticket).id);
  assert.deepEqual(row, { errand_option: 'pagaende', priority: 'normal' });

  const wrong = await issue(app, { service: 'bygglov', option: 'pagaende-x' });
  assert.equal(wrong.statusCode, 422);
  assert.equal(wrong.json().code, 'ENTRE_UNKNOWN_OPTION');
  assert.equal((await issue(app, { service: 'parkering', option: 'pagaende' })).statusCode, 422, 'an errand without a question has no answers');

  const help = await issue(app, { service: 'allmant', priority: 'interpreter', language: 'ti' });
  assert.equal(help.statusCode, 201);
  assert.equal((help.json() as Ticket).priority, 'interpreter');
  assert.deepEqual(app.db.prepare('SELECT priority, priority_reason FROM contacts WHERE id = ?').get((help.json() as Ticket).id), { priority: 'priority', priority_reason: 'interpreter' });
  assert.equal((await issue(app, { service: 'allmant', priority: 'vip' })).statusCode, 400, 'only the three reasons');
});

test('a finished visit is rated once, 1–5; not before it ends', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ticket = (await issue(app, { service: 'allmant' })).json() as Ticket;
  const rate = (score: unknown) => app.http.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/rating`, payload: { score } });
  assert.equal((await rate(4)).json().code, 'ENTRE_RATING_NOT_OPEN');
  assert.equal((await postAsReception(app, `/api/v1/contacts/${ticket.id}/call`, { servicePoint: 'disk-1' })).status, 200);
  assert.equal((await postAsReception(app, `/api/v1/contacts/${ticket.id}/start`, {})).status, 200);
  assert.equal((await postAsReception(app, `/api/v1/contacts/${ticket.id}/finish`, { outcome: 'resolved', rosaLevel: 1 })).status, 200);
  assert.equal((await rate(6)).statusCode, 400);
  assert.equal((await rate(0)).statusCode, 400);
  const ok = await rate(4);
  assert.equal(ok.statusCode, 200);
  assert.equal((ok.json() as Ticket).rating, 4);
  const again = await rate(5);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'ENTRE_ALREADY_RATED');
  assert.deepEqual(app.db.prepare('SELECT rating FROM contacts WHERE id = ?').get(ticket.id), { rating: 4 });
  assert.equal((app.db.prepare(`SELECT count(*) AS n FROM contact_events WHERE contact_id = ? AND type = 'rated'`).get(ticket.id) as { n: number }).n, 1);
});

test('the QR code of a ticket is an SVG of its page URL; unknown tickets are 404', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const ticket = (await issue(app, { service: 'allmant' })).json() as Ticket;
  const svg = await app.http.inject({ url: `/api/v1/tickets/${ticket.id}/qr.svg` });
  assert.equal(svg.statusCode, 200);
  assert.match(svg.headers['content-type'] as string, /^image\/svg\+xml/);
  assert.match(svg.body, /^<svg [^>]*viewBox="0 0 (\d+) \1"/);
  assert.equal((await app.http.inject({ url: '/api/v1/tickets/nope/qr.svg' })).statusCode, 404);
});

/** Reads Server-Sent Events off a real HTTP connection. */
function openStream(base: string, path: string) {
  const events: Array<{ event: string; data: unknown }> = [];
  let waiters: Array<() => void> = [];
  let status = 0;
  let contentType = '';
  const req = request(`${base}${path}`, (res) => {
    status = res.statusCode ?? 0;
    contentType = String(res.headers['content-type']);
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
      }
      const w = waiters; waiters = []; w.forEach((f) => f());
    });
  });
  req.end();
  return {
    events,
    get status() { return status; },
    get contentType() { return contentType; },
    async until(pred: () => boolean, ms = 3000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => e.event === 'ticket' ? (e.data as Ticket).state : e.event))}`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
      }
    },
    close: () => req.destroy(),
  };
}

test('the mobile page\'s event stream follows the ticket live: queue moves, call, recall, finish', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const ahead = (await issue(app, { service: 'allmant' })).json() as Ticket;
  const mine = (await issue(app, { service: 'allmant', language: 'ar' })).json() as Ticket;
  const stream = openStream(urls.http, `/api/v1/tickets/${mine.id}/events`);
  t.after(stream.close);
  const tickets = () => stream.events.filter((e) => e.event === 'ticket').map((e) => e.data as Ticket);
  await stream.until(() => tickets().length === 1);
  assert.equal(stream.status, 200);
  assert.match(stream.contentType, /^text\/event-stream/);
  assert.equal(tickets()[0]!.waitingAhead, 1);

  // The one ahead is served elsewhere: my place moves up without anyone touching my ticket.
  await postAsReception(app, `/api/v1/contacts/${ahead.id}/call`, { servicePoint: 'disk-2' });
  await stream.until(() => tickets().at(-1)!.waitingAhead === 0);
  await postAsReception(app, `/api/v1/contacts/${mine.id}/call`, { servicePoint: 'disk-1' });
  await stream.until(() => tickets().at(-1)!.state === 'called');
  assert.equal(tickets().at(-1)!.servicePoint, 'disk-1');
  await postAsReception(app, `/api/v1/contacts/${mine.id}/recall`, {});
  await stream.until(() => tickets().at(-1)!.recalls === 1);
  await postAsReception(app, `/api/v1/contacts/${mine.id}/start`, {});
  await postAsReception(app, `/api/v1/contacts/${mine.id}/finish`, { outcome: 'resolved', rosaLevel: 1 });
  await stream.until(() => tickets().at(-1)!.state === 'done');
  const states = tickets().map((x) => `${x.state}/${x.recalls}`);
  assert.deepEqual([...new Set(states)].filter((s) => s !== 'serving/1'), ['waiting/0', 'called/0', 'called/1', 'done/1']);

  const missing = openStream(urls.http, '/api/v1/tickets/nope/events');
  t.after(missing.close);
  await missing.until(() => missing.status !== 0);
  assert.equal(missing.status, 404);
});

test('an admin sets a kiosk\'s behaviour; nonsense is refused field by field; visitors never can', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const admin = await signIn(app, 'admin');
  const put = (payload: object, cookie?: string) => app.http.inject({
    method: 'PUT', url: '/api/v1/admin/kiosks/kiosk-1/settings', payload, ...(cookie ? { headers: { cookie } } : {}),
  });
  const settings = { idleSeconds: 30, warnSeconds: 8, ticketSeconds: 15, priorityHelp: false };
  assert.equal((await put(settings)).statusCode, 401);
  assert.equal((await put(settings, await signIn(app, 'disk'))).statusCode, 403);
  const bad = await put({ ...settings, warnSeconds: 40, idleSeconds: 30, priorityService: 'nope', signLanguageUrl: 'javascript:alert(1)' }, admin);
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ['/warnSeconds', '/priorityService', '/signLanguageUrl']);
  const ok = await put(settings, admin);
  assert.equal(ok.statusCode, 200);
  const config = (await app.http.inject({ url: '/api/v1/kiosks/kiosk-1/config' })).json() as KioskConfig;
  assert.deepEqual(config.settings, { ...settings, sms: true, smsAhead: 3 }, 'the demo texts through its log sender');
  // Without a sign-language address there is no QR for it.
  assert.equal((await app.http.inject({ url: '/api/v1/kiosks/kiosk-1/sign-language-qr.svg' })).statusCode, 404);
});

test('the sign-language contact is offered as a QR code of the configured address', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const res = await app.http.inject({ url: '/api/v1/kiosks/kiosk-1/sign-language-qr.svg' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /^<svg /);
});
