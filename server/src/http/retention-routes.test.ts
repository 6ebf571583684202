import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checker, DEFAULT_RETENTION_SETTINGS, REDACTED, RetentionRun, type Dashboard, type Statistics } from '@entre/protocol';
import { postAsReception, signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];
const checkRun = checker(RetentionRun);

async function call(app: App, method: 'GET' | 'PUT' | 'POST', url: string, cookie?: string, payload?: unknown) {
  const res = await app.http.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() as Record<string, any>, headers: res.headers };
}

test('retention settings and the purge are for admins: GET, PUT (audited) and run; others are refused', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const admin = await signIn(app, 'admin');

  assert.equal((await call(app, 'GET', '/api/v1/admin/retention')).status, 401);
  for (const user of ['disk', 'reception', 'chef', 'facility']) {
    const cookie = await signIn(app, user);
    assert.equal((await call(app, 'GET', '/api/v1/admin/retention', cookie)).status, 403, `${user} reads`);
    const put = await call(app, 'PUT', '/api/v1/admin/retention', cookie, DEFAULT_RETENTION_SETTINGS);
    assert.equal(put.status, 403, `${user} writes`);
    assert.match(String(put.headers['content-type']), /^application\/problem\+json/);
    assert.equal((await call(app, 'POST', '/api/v1/admin/retention/run', cookie)).status, 403, `${user} purges`);
  }

  const got = await call(app, 'GET', '/api/v1/admin/retention', admin);
  assert.equal(got.status, 200);
  assert.equal(got.headers['cache-control'], 'no-store');
  assert.deepEqual(got.body, DEFAULT_RETENTION_SETTINGS);

  const wanted = { contactNotesDays: 14, closedCaseDays: 730, auditIpDays: 30 };
  const put = await call(app, 'PUT', '/api/v1/admin/retention', admin, wanted);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body, wanted);
  assert.deepEqual((await call(app, 'GET', '/api/v1/admin/retention?site=demo', admin)).body, wanted);
  const audit = await call(app, 'GET', '/api/v1/audit?action=retention.settings.update', admin);
  assert.deepEqual(audit.body.entries.map((e: { details: unknown; target: string }) => [e.target, e.details]), [['demo', { before: DEFAULT_RETENTION_SETTINGS, after: wanted }]]);
  assert.equal((await call(app, 'GET', '/api/v1/admin/retention?site=nowhere', admin)).status, 404);

  const run = await call(app, 'POST', '/api/v1/admin/retention/run', admin);
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.ok(checkRun(run.body).ok, JSON.stringify(run.body));
  const runs = await call(app, 'GET', '/api/v1/audit?action=retention.purged', admin);
  assert.equal(runs.body.entries.length, 1, 'a run someone asked for is audited, even when it found nothing');
  assert.equal(runs.body.entries[0].staff, (await call(app, 'GET', '/api/v1/auth/me', admin)).body.staff.id);
});

test('bad settings answer 400 problem+json naming the field, and change nothing', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const admin = await signIn(app, 'admin');
  const cases: [unknown, string][] = [
    [{ ...DEFAULT_RETENTION_SETTINGS, closedCaseDays: 10 }, '/closedCaseDays'],
    [{ ...DEFAULT_RETENTION_SETTINGS, contactNotesDays: '30' }, '/contactNotesDays'],
    [{ ...DEFAULT_RETENTION_SETTINGS, auditIpDays: 99999 }, '/auditIpDays'],
    [{ contactNotesDays: 30, closedCaseDays: 365 }, 'auditIpDays'],
  ];
  for (const [payload, field] of cases) {
    const res = await call(app, 'PUT', '/api/v1/admin/retention', admin, payload);
    assert.equal(res.status, 400, JSON.stringify(payload));
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.body.code, 'ENTRE_VALIDATION');
    const named = (res.body.errors as { path: string; message: string }[] | undefined ?? []).some((e) => e.path === field || `${e.path} ${e.message}`.includes(field));
    assert.ok(named, `names ${field}: ${JSON.stringify(res.body)}`);
  }
  // An unknown setting is refused too (the schema's message says so without naming it).
  const extra = await call(app, 'PUT', '/api/v1/admin/retention', admin, { ...DEFAULT_RETENTION_SETTINGS, smsDays: 1 });
  assert.equal(extra.status, 400);
  assert.match(extra.body.detail, /additional properties/);
  assert.deepEqual((await call(app, 'GET', '/api/v1/admin/retention', admin)).body, DEFAULT_RETENTION_SETTINGS);
});

/** The personal data the day below leaves, as it would appear in the file's bytes. */
const PERSONAL = ['+46701234567', '0701234567', 'Kalle Anka', '19121212', 'Ali Hassan', 'Lisa Svensson', 'Anna Andersson', '19800101-2389', '0708-765432'];

/** The bytes of the database file and of its WAL. */
function fileBytes(dir: string): Buffer {
  const path = join(dir, 'entre.db');
  return Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
}
const found = (bytes: Buffer) => PERSONAL.filter((s) => bytes.includes(Buffer.from(s, 'utf8')));

test('the purge removes personal data past retention, from the rows and from the file, and the statistics stay the same', async (t) => {
  const T0 = Date.parse('2026-03-10T09:00:00.000Z'); // Tuesday 10:00 in Stockholm
  const clock = manualClock(new Date(T0));
  const { app, dir, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const at = (s: number) => clock.set(new Date(T0 + s * 1000));
  const ok = async (url: string, payload?: unknown) => {
    const res = await postAsReception(app, url, payload);
    assert.ok(res.status < 300, `${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const checkpoint = () => app.db.pragma('wal_checkpoint(TRUNCATE)');

  // A day at the center through the API, with every kind of personal data it can hold.
  at(0);
  const v1 = (await ok('/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' })).id as string;
  const v2 = (await ok('/api/v1/tickets', { kiosk: 'kiosk-1', service: 'parkering', language: 'sv' })).id as string;
  const v3 = (await ok('/api/v1/tickets', { kiosk: 'kiosk-1', service: 'allmant', language: 'en' })).id as string;
  const sms = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${v1}/sms`, payload: { phone: '070-123 45 67' } });
  assert.equal(sms.statusCode, 204, sms.body);
  const p1 = (await ok('/api/v1/contacts', { channel: 'phone', service: 'allmant', language: 'sv', externalRef: 'pbx-0701234567' })).id as string;
  const c1 = (await ok('/api/v1/contacts', { channel: 'chat', service: 'bygglov', language: 'sv', externalRef: 'chat-1' })).id as string;
  checkpoint();
  assert.deepEqual(found(fileBytes(dir)), ['+46701234567', '0701234567'], 'the search finds a number in the file');

  at(20); await ok(`/api/v1/contacts/${p1}/call`, { agent: 'anna' });
  at(25); await ok(`/api/v1/contacts/${p1}/start`);
  at(30); await ok(`/api/v1/contacts/${c1}/abandon`);
  at(50); await ok(`/api/v1/contacts/${v2}/cancel`, { reason: 'Lisa Svensson gick hem' });
  at(60); await ok(`/api/v1/contacts/${v1}/call`, { servicePoint: 'disk-1' });
  at(90); await ok(`/api/v1/contacts/${v1}/start`);
  at(100); await ok(`/api/v1/contacts/${v1}/marks`, { label: 'Tolk: Ali Hassan' });
  at(120); await ok(`/api/v1/contacts/${v1}/transfer`, { service: 'bygglov', note: 'Kalle Anka 19121212-1212 vill ha ritningarna' });
  at(200); await ok(`/api/v1/contacts/${v1}/call`, { servicePoint: 'disk-1' });
  at(230); await ok(`/api/v1/contacts/${v1}/start`);
  at(300);
  await ok(`/api/v1/contacts/${p1}/finish`, { outcome: 'forwarded', rosaLevel: 5 });
  await ok(`/api/v1/contacts/${v3}/call`, { servicePoint: 'disk-2' });
  at(400);
  await ok(`/api/v1/contacts/${v1}/finish`, { outcome: 'resolved', rosaLevel: 2 });
  await ok(`/api/v1/contacts/${v3}/no-show`);
  const rate = await app.http.inject({ method: 'POST', url: `/api/v1/tickets/${v1}/rating`, payload: { score: 4 } });
  assert.equal(rate.statusCode, 200, rate.body);
  at(500);
  const kase = await ok('/api/v1/cases', { site: 'demo', service: 'bygglov', summary: 'Anna Andersson 19800101-2389, tel 0708-765432', contact: p1 });
  await ok(`/api/v1/cases/${kase.id}/transitions`, { action: 'forward', reason: 'Ring Anna på 0708-765432', answerGroup: 'samhallsbyggnad' });
  await ok(`/api/v1/cases/${kase.id}/transitions`, { action: 'start' });
  await ok(`/api/v1/cases/${kase.id}/transitions`, { action: 'resolve' });
  await ok(`/api/v1/cases/${kase.id}/transitions`, { action: 'send_feedback' });
  await ok(`/api/v1/cases/${kase.id}/transitions`, { action: 'close' });
  at(600);

  // The figures before: statistics every way, and the day's dashboard.
  const ask = async (cookie: string, url: string) => {
    const res = await call(app, 'GET', url, cookie);
    assert.equal(res.status, 200, `${url}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const figures = async () => {
    const chef = await signIn(app, 'chef');
    const out: Record<string, Statistics> = {};
    for (const by of ['total', 'service', 'channel', 'answerGroup']) out[by] = await ask(chef, `/api/v1/statistics?from=2026-03-10&to=2026-03-10&by=${by}`) as Statistics;
    return out;
  };
  const dashboard = async () => {
    at(600);
    return await ask(await signIn(app, 'chef'), '/api/v1/dashboard') as Dashboard;
  };
  const statsBefore = await figures();
  assert.equal(statsBefore['total']!.rows[0]!.contacts, 5, 'a day with something to count');
  assert.equal(statsBefore['total']!.rows[0]!.forwarded, 1);
  const dashBefore = await dashboard();
  checkpoint();
  assert.deepEqual(found(fileBytes(dir)), PERSONAL.slice(1), 'before the purge the file holds it all (the number left with the visit)');

  // A year and more later (the case closed on local 10 March 2026: due from 11 March 2027).
  clock.set('2027-03-10T22:59:59.999Z');
  const admin = await signIn(app, 'admin');
  const early = await call(app, 'POST', '/api/v1/admin/retention/run', admin);
  assert.equal(early.body.counts.cases, 0, 'one instant before the case is due');
  assert.equal(early.body.counts.contacts, 4, 'the contacts not on the case went after 30 days');
  clock.set('2027-03-10T23:00:00.000Z');
  const run = await call(app, 'POST', '/api/v1/admin/retention/run', admin);
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.deepEqual(run.body.counts, { smsNumbers: 0, contacts: 1, cases: 1, auditIps: 0 }, 'the case and its call');
  assert.ok(early.body.counts.auditIps > 0, 'the sign-ins of the day had addresses');
  const again = await call(app, 'POST', '/api/v1/admin/retention/run', admin);
  assert.deepEqual(again.body.counts, { smsNumbers: 0, contacts: 0, cases: 0, auditIps: 0 }, 'a second run purges nothing');

  // The rows: no number, no reference, no free text; everything else as it was.
  const rows = (sql: string) => app.db.prepare(sql).all();
  assert.deepEqual(rows('SELECT id FROM contacts WHERE notify_phone IS NOT NULL OR external_ref IS NOT NULL'), []);
  assert.deepEqual(rows("SELECT id FROM contacts WHERE purged_at IS NULL AND ended_at IS NOT NULL"), []);
  const texts = rows(`SELECT coalesce(json_extract(data_json, '$.note'), json_extract(data_json, '$.reason'), json_extract(data_json, '$.label')) AS text
    FROM contact_events WHERE type IN ('transfer', 'cancel', 'mark') UNION ALL SELECT label FROM contact_marks`) as { text: string }[];
  assert.deepEqual(texts.map((r) => r.text), [REDACTED, REDACTED, REDACTED, REDACTED]);
  const staffView = await call(app, 'GET', `/api/v1/cases/${kase.id}`, await signIn(app, 'reception'));
  assert.equal(staffView.status, 200);
  assert.equal(staffView.body.summary, REDACTED);
  assert.deepEqual(staffView.body.events.map((e: { type: string; reason?: string }) => [e.type, e.reason ?? null]), [
    ['created', null], ['contact_attached', null], ['forward', REDACTED], ['start', null], ['resolve', null], ['send_feedback', null], ['close', null],
  ]);
  assert.deepEqual([staffView.body.state, staffView.body.trackingCode, staffView.body.closedAt, staffView.body.answerGroup],
    ['closed', kase.trackingCode, '2026-03-10T09:08:20.000Z', 'samhallsbyggnad']);
  const publicView = await app.http.inject({ method: 'GET', url: `/api/v1/public/cases/${kase.trackingCode}` });
  assert.equal(publicView.statusCode, 200, 'the citizen\'s code still shows the progress');

  // The file: nothing of it left, not in free space and not in the WAL.
  assert.deepEqual(found(fileBytes(dir)), [], 'no personal data left in the database file');

  // The statistics: the same figures, from the kept day summaries and counted afresh.
  assert.deepEqual(await figures(), statsBefore);
  app.db.exec("DELETE FROM statistics_days; DELETE FROM statistics_summaries;");
  assert.deepEqual(await figures(), statsBefore, 'counted again from the purged record');
  assert.deepEqual(await dashboard(), dashBefore, "the day's dashboard too");
});
