/**
 * Issue 9 fault suite, part B, case 1: the clock crossing local midnight, and both DST changes
 * in Europe/Stockholm (last Sunday of March 02:00 → 03:00, a 23-hour day; last Sunday of
 * October 03:00 → 02:00, a 25-hour day).
 *
 * In-process, because the clock must be controlled: main.ts builds the app with the real
 * clock (`buildApp(config, { logger })`, no clock dependency), so a spawned server cannot be
 * moved to a chosen night. (Debian's `faketime` does work with Node 20, but would need
 * .ci/run to install it and real seconds of process start per jump.) So this is the real
 * server built by `tempApp` (server/src/test-support/app.ts) with a `clock` dependency, real
 * HTTP on a free port, the real embedded broker, and one real SQLite file kept across the
 * server's "lives". The clock runs at real speed from a chosen instant, so the day close's
 * own midnight timer (store/day-close.ts) fires for real; a jump in time is a restart, as a
 * server that was down overnight (which runs the day close at start).
 *
 * Verified, with every expected instant written as a local time with its UTC offset:
 * - tickets issued seconds before and after local midnight get the old and the new service
 *   day, and the new day's numbering restarts at 001 per prefix;
 * - a day's numbers continue (never restart, never repeat) across UTC midnight (01:00/02:00
 *   local) and across the DST change itself, through the whole 25-hour October day and the
 *   whole 23-hour March day;
 * - the day boundary is local midnight, not UTC midnight and not "start + 24 h": the first
 *   ticket after the 25-hour day is the next day's 001, as is the one after the 23-hour day;
 * - the day close ends the earlier day's open visits (waiting → abandoned, called → no_show)
 *   exactly once each (one day-close event per visit, also after further restarts), at the
 *   local midnight by its timer, and never touches the current day's visits;
 * - no (service day, number) pair exists twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempApp } from '../../server/src/test-support/app.js';
import type { EntreApp } from '@entre/server/app';
import { waitFor } from '../support/ports.js';

const DAY_CLOSE = 'system:day-close';

/** A clock that runs at real speed from whatever instant it was last set to. */
function shiftedClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    set(iso: string) { offset = Date.parse(iso) - Date.now(); },
  };
}

interface Issued { id: string; number: string; issuedAt: string; serviceDay: string }

/** One database, several lives of the server on it, each started at a chosen local time. */
function lobby(t: { after(fn: () => Promise<void> | void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'entre-days-'));
  const clock = shiftedClock();
  let life: { app: EntreApp; base: string; remove(): Promise<void> } | undefined;
  let cookie = '';
  t.after(async () => { await life?.remove(); rmSync(dir, { recursive: true, force: true }); });

  const api = {
    clock,
    async startAt(iso: string) {
      await life?.remove();
      clock.set(iso);
      const made = await tempApp({ dbPath: join(dir, 'entre.db') }, { clock: clock.now });
      const urls = await made.app.start();
      life = { app: made.app, base: urls.http, remove: made.remove };
      cookie = '';
    },
    get db() { return life!.app.db; },
    async issue(service: string): Promise<Issued> {
      const res = await fetch(`${life!.base}/api/v1/tickets`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service, language: 'sv' }),
      });
      const body = await res.json() as { id: string; number: string };
      assert.equal(res.status, 201, JSON.stringify(body));
      const row = life!.app.db.prepare('SELECT issued_at, service_day FROM contacts WHERE id = ?').get(body.id) as { issued_at: string; service_day: string };
      return { id: body.id, number: body.number, issuedAt: row.issued_at, serviceDay: row.service_day };
    },
    /** Reception calls the next visitor at disk 2 (which serves skola). */
    async callNext(): Promise<string> {
      if (!cookie) {
        const login = await fetch(`${life!.base}/api/v1/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: 'entre-demo-2026' }),
        });
        assert.equal(login.status, 200);
        cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
      }
      const res = await fetch(`${life!.base}/api/v1/service-points/disk-2/call-next`, { method: 'POST', headers: { cookie } });
      const body = await res.json() as { called: { number: string } | null };
      assert.equal(res.status, 200, JSON.stringify(body));
      return body.called!.number;
    },
    /** Sleeps until the shifted clock reads `iso`. */
    async until(iso: string) {
      const ms = Date.parse(iso) - clock.now().getTime();
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    },
    state(id: string) {
      return life!.app.db.prepare('SELECT state, outcome FROM contacts WHERE id = ?').get(id) as { state: string; outcome: string | null };
    },
    dayCloses(id: string): number {
      return life!.app.db.prepare('SELECT count(*) FROM contact_events WHERE contact_id = ? AND actor = ?').pluck().get(id, DAY_CLOSE) as number;
    },
    assertNoDuplicateNumbers() {
      const dups = life!.app.db.prepare(`SELECT service_day, number, count(*) AS n FROM contacts WHERE channel = 'visit'
        GROUP BY site_id, service_day, number HAVING n > 1`).all();
      assert.deepEqual(dups, [], 'no ticket number twice in a local day');
    },
  };
  return api;
}

/** Issued strictly before `iso`: the precondition a slow start would break, said plainly. */
function before(ticket: Issued, iso: string) {
  assert.ok(Date.parse(ticket.issuedAt) < Date.parse(iso), `issued ${ticket.issuedAt}, before ${iso} (the server started too slowly for this test's margin)`);
}

function assertOpen(l: ReturnType<typeof lobby>, tickets: Issued[], what: string) {
  for (const x of tickets) {
    assert.ok(['waiting', 'called'].includes(l.state(x.id).state), `${x.number} of ${x.serviceDay} still open ${what}`);
    assert.equal(l.dayCloses(x.id), 0, `${x.number} of ${x.serviceDay} not day-closed ${what}`);
  }
}

function assertClosedOnce(l: ReturnType<typeof lobby>, tickets: Issued[]) {
  for (const x of tickets) assert.equal(l.dayCloses(x.id), 1, `${x.number} of ${x.serviceDay} closed by the day close exactly once`);
}

test('ordinary local midnight (2025-11-12 → 13, UTC+1): numbers restart at 001 per prefix right after 00:00 local, the day close ends the old day\'s waiting (abandoned) and called (no_show) visits exactly once by its midnight timer, a restart closes nothing twice, and a restart after a missed midnight closes the day before', async (t) => {
  const l = lobby(t);
  const MIDNIGHT = '2025-11-13T00:00:00+01:00';
  await l.startAt('2025-11-12T23:59:55+01:00');
  const f1 = await l.issue('skola');
  const a1 = await l.issue('allmant');
  const f2 = await l.issue('skola');
  assert.deepEqual([f1.number, a1.number, f2.number], ['F001', 'A001', 'F002']);
  assert.equal(await l.callNext(), 'F001');
  before(f2, MIDNIGHT);
  for (const x of [f1, a1, f2]) assert.equal(x.serviceDay, '2025-11-12');
  assertOpen(l, [f1, a1, f2], 'before midnight');

  await l.until('2025-11-13T00:00:00.150+01:00');
  const g1 = await l.issue('skola');
  const b1 = await l.issue('allmant');
  assert.deepEqual([g1.number, g1.serviceDay, b1.number, b1.serviceDay], ['F001', '2025-11-13', 'A001', '2025-11-13']);

  // The timer fires just after local midnight (23:00 UTC), not at UTC midnight an hour later.
  await waitFor('the day close at local midnight', () => l.dayCloses(f2.id) === 1 || undefined, 5000);
  assert.deepEqual(l.state(f1.id), { state: 'no_show', outcome: 'no_show' }, 'called and never came: no_show');
  assert.deepEqual(l.state(f2.id), { state: 'cancelled', outcome: 'abandoned' }, 'left waiting: abandoned');
  assert.deepEqual(l.state(a1.id), { state: 'cancelled', outcome: 'abandoned' });
  assertClosedOnce(l, [f1, a1, f2]);
  assertOpen(l, [g1, b1], 'after the day close');

  // A restart later that day closes nothing twice and leaves today alone.
  await l.startAt('2025-11-13T09:30:00+01:00');
  assertClosedOnce(l, [f1, a1, f2]);
  assertOpen(l, [g1, b1], 'after a restart the same day');
  const g2 = await l.issue('skola');
  assert.equal(g2.number, 'F002');

  // Down over the next midnight: the start closes the day before, once.
  await l.startAt('2025-11-14T09:00:00+01:00');
  assertClosedOnce(l, [f1, a1, f2, g1, b1, g2]);
  assert.equal((await l.issue('skola')).number, 'F001');
  l.assertNoDuplicateNumbers();
});

test('October DST, the 25-hour day 2025-10-26 (03:00 CEST → 02:00 CET): one service day and one unbroken sequence from 00:00+02:00 through UTC midnight, through both 02:xx hours, to 23:59+01:00 (more than 24 h later); the next day starts at local midnight (23:00 UTC) with 001, and the day close ends that day\'s visits then, exactly once', async (t) => {
  const l = lobby(t);
  // Into the long day.
  await l.startAt('2025-10-25T23:59:55+02:00');
  const sat = await l.issue('skola');
  before(sat, '2025-10-26T00:00:00+02:00');
  assert.deepEqual([sat.number, sat.serviceDay], ['F001', '2025-10-25']);
  await l.until('2025-10-26T00:00:00.150+02:00');
  const d1 = await l.issue('skola');
  assert.deepEqual([d1.number, d1.serviceDay], ['F001', '2025-10-26']);
  await waitFor('Saturday closed at its local midnight', () => l.dayCloses(sat.id) === 1 || undefined, 5000);
  assertOpen(l, [d1], 'on its own day');

  // Before UTC midnight (01:30+02:00 = 23:30Z the day before): the same local day.
  await l.startAt('2025-10-26T01:30:00+02:00');
  const d2 = await l.issue('skola');
  assert.deepEqual([d2.number, d2.serviceDay], ['F002', '2025-10-26']);

  // Live across the change: 02:59:5x CEST, then 02:00:0x CET (the clocks go back).
  await l.startAt('2025-10-26T02:59:56+02:00');
  const d3 = await l.issue('skola');
  before(d3, '2025-10-26T03:00:00+02:00');
  await l.until('2025-10-26T02:00:00.300+01:00');
  const d4 = await l.issue('skola');
  assert.deepEqual([d3.number, d4.number, d3.serviceDay, d4.serviceDay], ['F003', 'F004', '2025-10-26', '2025-10-26']);
  assertOpen(l, [d1, d2, d3, d4], 'after the clocks went back');

  // The second 02:30 (CET) is later than the first: still the same day and sequence.
  await l.startAt('2025-10-26T02:30:00+01:00');
  const d5 = await l.issue('skola');
  assert.deepEqual([d5.number, d5.serviceDay], ['F005', '2025-10-26']);

  // The day's last seconds, 24 h 59 min after it began; then local midnight.
  await l.startAt('2025-10-26T23:59:55+01:00');
  const last = await l.issue('skola');
  before(last, '2025-10-27T00:00:00+01:00');
  assert.deepEqual([last.number, last.serviceDay], ['F006', '2025-10-26']);
  assert.ok(Date.parse(last.issuedAt) - Date.parse(d1.issuedAt) > 24.9 * 3600_000, 'one service day longer than 24 h');
  const day = [d1, d2, d3, d4, d5, last];
  assertOpen(l, day, 'until local midnight');
  await l.until('2025-10-27T00:00:00.150+01:00');
  const mon = await l.issue('skola');
  assert.deepEqual([mon.number, mon.serviceDay], ['F001', '2025-10-27']);
  await waitFor('the 25-hour day closed at its local midnight', () => day.every((x) => l.dayCloses(x.id) === 1) || undefined, 5000);
  assertClosedOnce(l, [sat, ...day]);
  assertOpen(l, [mon], 'on its own day');
  l.assertNoDuplicateNumbers();
});

test('March DST, the 23-hour day 2025-03-30 (02:00 CET → 03:00 CEST): one service day and one unbroken sequence from 00:00+01:00 through UTC midnight and across the skipped hour to 23:59+02:00 (less than 23 h later); the next day starts at local midnight (22:00 UTC) with 001, not an hour later, and the day close ends that day\'s visits then, exactly once', async (t) => {
  const l = lobby(t);
  await l.startAt('2025-03-29T23:59:55+01:00');
  const sat = await l.issue('skola');
  before(sat, '2025-03-30T00:00:00+01:00');
  assert.deepEqual([sat.number, sat.serviceDay], ['F001', '2025-03-29']);
  await l.until('2025-03-30T00:00:00.150+01:00');
  const d1 = await l.issue('skola');
  assert.deepEqual([d1.number, d1.serviceDay], ['F001', '2025-03-30']);
  await waitFor('Saturday closed at its local midnight', () => l.dayCloses(sat.id) === 1 || undefined, 5000);

  // 00:30+01:00 is 23:30Z the day before: the same local day.
  await l.startAt('2025-03-30T00:30:00+01:00');
  const d2 = await l.issue('skola');
  assert.deepEqual([d2.number, d2.serviceDay], ['F002', '2025-03-30']);

  // Live across the skipped hour: 01:59:5x CET, then 03:00:0x CEST.
  await l.startAt('2025-03-30T01:59:56+01:00');
  const d3 = await l.issue('skola');
  before(d3, '2025-03-30T03:00:00+02:00');
  await l.until('2025-03-30T03:00:00.300+02:00');
  const d4 = await l.issue('skola');
  assert.deepEqual([d3.number, d4.number, d3.serviceDay, d4.serviceDay], ['F003', 'F004', '2025-03-30', '2025-03-30']);
  assertOpen(l, [d1, d2, d3, d4], 'after the clocks went forward');

  // The short day's last seconds, 22 h 59 min after it began; then local midnight (22:00Z).
  await l.startAt('2025-03-30T23:59:55+02:00');
  const last = await l.issue('skola');
  before(last, '2025-03-31T00:00:00+02:00');
  assert.deepEqual([last.number, last.serviceDay], ['F005', '2025-03-30']);
  assert.ok(Date.parse(last.issuedAt) - Date.parse(d1.issuedAt) < 23 * 3600_000, 'one service day shorter than 24 h');
  const day = [d1, d2, d3, d4, last];
  assertOpen(l, day, 'until local midnight');
  await l.until('2025-03-31T00:00:00.150+02:00');
  const mon = await l.issue('skola');
  assert.deepEqual([mon.number, mon.serviceDay], ['F001', '2025-03-31']);
  await waitFor('the 23-hour day closed at its local midnight', () => day.every((x) => l.dayCloses(x.id) === 1) || undefined, 5000);
  assertClosedOnce(l, [sat, ...day]);
  assertOpen(l, [mon], 'on its own day');
  l.assertNoDuplicateNumbers();
});
