/**
 * The manager's staffing plan and statistics in real headless Chromium at a desk's 1366×768,
 * on the real built server with eight weeks of generated demo history: the plan's chart
 * renders with data and marks a gap, its table alternative holds the API's figures, the CSV
 * answers text/csv; the statistics for last week show the API's figures; the live advice
 * reads as sentences and follows a new call; WCAG 2.1 AA by axe-core on each view; a counter account sees no
 * manager page and gets 403 from every endpoint behind it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PlanDay, StaffingAdvice, StaffingPlan, Statistics } from '@entre/protocol';
import { closeLobby, consolePage, openLobby } from './support/browser.js';
import { repoRoot, type Lobby } from './support/lobby.js';
import { waitFor } from './support/ports.js';
import { axeViolations } from './support/a11y.js';
import { asStaff, signIn } from './support/staff.js';
import { formatNumber } from '../console/src/pages/manager/format.js';
import { formatPeriod, lastWeek, localDate } from '../console/src/pages/manager/dates.js';
import { STATISTICS_COLUMNS } from '../console/src/pages/manager/statistics-columns.js';

const SHOTS = join(repoRoot, 'docs', 'screenshots');

/** Text as a person reads it: any run of spaces (the percent sign's no-break one too) as one space. */
const plain = (s: string) => s.replace(/\s+/g, ' ').trim();


/** The first day with a gap (the view can show any day), else null. */
const dayWithGap = (plan: StaffingPlan): PlanDay | null => plan.days.find((d) => !d.closed && d.intervals.some((i) => i.gap > 0)) ?? null;

describe('the console, the manager’s staffing plan and statistics', () => {
  let browser: Browser;
  let lobby: Lobby;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ lobby, browser } = await openLobby({ env: { ENTRE_DEMO_HISTORY_WEEKS: '8' } }));
  });
  after(async () => {
    await closeLobby(lobby, browser);
  });

  test('Bemanning: the week, a day drawn per quarter with its gaps marked, the same figures in the table, and the CSV', async () => {
    // Phone calls for Bygglov wait and Anna, who has the skill, sits at a counter: the advice
    // should say the queue is short and who could move.
    const call = (ref: string) => asStaff(lobby.http, 'reception', 'POST', '/api/v1/contacts', { channel: 'phone', service: 'bygglov', language: 'sv', externalRef: ref }, 201);
    for (const ref of ['pbx-1', 'pbx-2', 'pbx-3', 'pbx-4']) await call(ref);
    await asStaff(lobby.http, 'reception', 'POST', '/api/v1/agents/anna/state', { state: 'available', servicePoint: 'disk-1' });

    const page = await consolePage(browser, lobby.http, '#/manager', 'chef');
    await page.getByTestId('manager-tab-staffing').waitFor({ timeout: 10_000 });
    // The dashboard view first, with the live advice as sentences.
    const advice = await asStaff<StaffingAdvice>(lobby.http, 'chef', 'GET', '/api/v1/staffing/advice');
    const risk = advice.risks.find((r) => r.service === 'bygglov' && r.channel === 'phone');
    assert.ok(risk, `Bygglov by phone at risk: ${JSON.stringify(advice)}`);
    const item = page.getByTestId('advice-bygglov-phone');
    await item.waitFor({ timeout: 10_000 });
    const said = plain(await item.locator('.advice-text').innerText());
    assert.ok(said.startsWith(`Bygglov, telefon: ${risk.required} behövs, ${risk.covered} i tjänst. `), said);
    const move = risk.moves[0];
    if (move) {
      assert.deepEqual(move.agents.map((a) => a.name), ['Anna Lindqvist'], 'only Anna is signed in');
      assert.ok(said.includes(`Flytta Anna Lindqvist från disken till telefon i ${move.minutes} min.`), said);
      if (risk.stillMissing > 0) assert.ok(said.endsWith(`Ändå saknas ${risk.stillMissing}.`), said);
    } else {
      assert.ok(said.endsWith('Ingen kan frigöras.'), said);
    }
    assert.match(plain(await item.locator('.advice-detail').innerText()), /^4 väntar · prognos /);
    // Live: one more call shows in the advice within a refresh.
    await call('pbx-5');
    await waitFor('the fifth call in the advice', async () => /^5 väntar/.test(plain(await item.locator('.advice-detail').innerText().catch(() => ''))) || undefined, 8000);
    assert.deepEqual(await axeViolations(page), [], 'the dashboard with the advice');

    // By keyboard: from the first tab, the arrow key opens Bemanning.
    await page.getByTestId('manager-tab-overview').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByTestId('manager-tab-staffing').getAttribute('aria-selected'), 'true');
    await page.getByTestId('plan-chart').waitFor({ timeout: 15_000 });

    const plan = await asStaff<StaffingPlan>(lobby.http, 'chef', 'GET', '/api/v1/staffing/plan?days=7');
    assert.equal(plan.days.length, 7);
    // The week: one button and one table row per day with the API's heads missing.
    for (const d of plan.days) {
      assert.equal(await page.getByTestId(`plan-day-${d.date}`).count(), 1, d.date);
      if (d.closed || d.intervals.length === 0) assert.match(plain(await page.getByTestId(`plan-week-${d.date}`).innerText()), /Stängt|Inget är prognostiserat/, d.date);
      else assert.equal(plain(await page.getByTestId(`plan-week-${d.date}-quarters`).innerText()), String(d.gapQuarters), d.date);
    }
    const gapDay = dayWithGap(plan);
    assert.ok(gapDay, `the demo week has a gap somewhere: ${plan.days.map((d) => `${d.date}:${d.gapQuarters}`).join(' ')}`);
    await page.getByTestId(`plan-day-${gapDay.date}`).click();
    assert.equal(await page.getByTestId(`plan-day-${gapDay.date}`).getAttribute('aria-pressed'), 'true');

    // The chart: a bar per quarter with need, the gaps hatched and counted, a text alternative.
    const chart = page.getByTestId('plan-chart');
    const svg = chart.locator('svg[role="img"]');
    await waitFor('the picked day drawn', async () => (await svg.locator('g.plan-q').count()) === gapDay.intervals.length || undefined, 5000);
    assert.equal(await svg.locator('rect.plan-need').count(), gapDay.intervals.filter((i) => i.requiredScheduled > 0).length, 'bars of need');
    assert.equal(await svg.locator('path.plan-scheduled').count(), 1, 'the steps of the rota');
    const gaps = gapDay.intervals.filter((i) => i.gap > 0);
    assert.equal(await svg.locator('g.plan-q--gap').count(), gaps.length, 'every short quarter marked');
    assert.equal(await svg.locator('g.plan-q--gap rect.plan-gap').count(), gaps.length, 'hatched');
    assert.deepEqual(await svg.locator('text.plan-gap-label').allTextContents(), gaps.map((i) => String(i.gap)), 'with the count');
    assert.match(await svg.locator('title').first().textContent() ?? '', /Behov och schemalagda per kvart/);
    const desc = plain(await svg.locator('desc').textContent() ?? '');
    assert.match(desc, new RegExp(`Brist i ${gaps.length} kvart(ar)? \\(`), desc);
    assert.ok(desc.includes(gaps[0]!.start), `the first short quarter named: ${desc}`);

    // The table alternative, opened: every quarter with the API's figures.
    await page.getByTestId('plan-table-toggle').locator('summary').click();
    const table = page.getByTestId('plan-table');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), gapDay.intervals.length);
    for (const i of gapDay.intervals) {
      const cells = (await page.getByTestId(`plan-row-${i.start}`).locator('th, td').allTextContents()).map(plain);
      assert.deepEqual(cells.slice(0, 7), [i.start, plain(formatNumber(i.forecast)), String(i.required), String(i.requiredScheduled),
        String(i.scheduled), String(i.covered), String(i.gap)], i.start);
    }
    // The facts the plan rests on.
    assert.match(plain(await page.getByTestId('plan-shrinkage').innerText()), new RegExp(`^${Math.round(plan.settings.shrinkage * 100)} %$`));
    assert.match(plain(await page.getByTestId('plan-wape').innerText()), plan.forecastWape === undefined ? /för lite historik/ : /^WAPE \d+ %/);

    assert.deepEqual(await axeViolations(page), [], 'Bemanning with the table open');
    await page.screenshot({ path: join(SHOTS, 'console-manager-staffing.png'), fullPage: true });

    // The CSV behind the link, with this browser's session.
    const href = await page.getByTestId('plan-csv').getAttribute('href');
    assert.equal(href, `/api/v1/staffing/plan?from=${plan.days[0]!.date}&days=7&format=csv`);
    assert.notEqual(await page.getByTestId('plan-csv').getAttribute('download'), null);
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href!);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /^text\/csv/);
    assert.match(csv.text.replace(/^\uFEFF/, ''), /^date,start,service,channel,/);
    await page.context().close();
  });

  test('Statistik: last week per day with the API’s figures, a chart, and the CSV', async () => {
    const page = await consolePage(browser, lobby.http, '#/manager', 'chef');
    await page.getByTestId('manager-tab-statistics').click();
    const table = page.getByTestId('stats-table');
    await table.waitFor({ timeout: 15_000 });
    const week = lastWeek(localDate(Date.now()));
    assert.equal(await page.getByTestId('stats-from').inputValue(), week.from);
    assert.equal(await page.getByTestId('stats-to').inputValue(), week.to);

    const api = await asStaff<Statistics>(lobby.http, 'chef', 'GET', `/api/v1/statistics?from=${week.from}&to=${week.to}&period=day&by=total`);
    assert.ok(api.rows.length >= 5, `last week's weekdays have contacts: ${api.rows.length} rows`);
    assert.equal(await table.locator('tbody tr').count(), api.rows.length);
    for (const r of api.rows) {
      const id = `stats-${r.period}-${r.group}`;
      assert.equal(plain(await page.getByTestId(id).locator('th').first().innerText()), plain(formatPeriod(r.period)));
      for (const c of STATISTICS_COLUMNS) {
        const want = c.text(r);
        assert.equal(plain(await page.getByTestId(`${id}-${c.key}`).textContent() ?? ''), want === undefined ? '–saknas' : plain(want), `${id} ${c.key}`);
      }
      for (let level = 1; level <= 8; level++) {
        assert.equal(plain(await page.getByTestId(`${id}-rosa${level}`).innerText()), plain(formatNumber(r.rosa[level - 1]!, 0)), `${id} rosa${level}`);
      }
    }
    // Contacts are counted, never invented: the API's own figure for a day, as the table shows it.
    const busiest = api.rows.reduce((a, b) => (b.contacts > a.contacts ? b : a));
    assert.ok(busiest.contacts > 0);
    const chart = page.getByTestId('stats-chart');
    assert.equal(await chart.locator('rect.stats-bar').count(), api.rows.filter((r) => r.contacts > 0).length);
    assert.match(plain(await chart.locator('svg[role="img"] desc').textContent() ?? ''),
      new RegExp(`${plain(formatPeriod(busiest.period))}: ${plain(formatNumber(busiest.contacts, 0))} kontakter, servicenivå`));

    assert.deepEqual(await axeViolations(page), [], 'Statistik');
    await page.screenshot({ path: join(SHOTS, 'console-manager-statistics.png'), fullPage: true });

    // Grouped per channel: a row per day and channel, as the API answers.
    await page.getByTestId('stats-by').selectOption('channel');
    await page.getByTestId('stats-show').click();
    const byChannel = await asStaff<Statistics>(lobby.http, 'chef', 'GET', `/api/v1/statistics?from=${week.from}&to=${week.to}&period=day&by=channel`);
    await waitFor('the table per channel', async () => (await table.locator('tbody tr').count()) === byChannel.rows.length || undefined, 10_000);
    const first = byChannel.rows[0]!;
    assert.equal(plain(await page.getByTestId(`stats-${first.period}-${first.group}-contacts`).innerText()), plain(formatNumber(first.contacts, 0)));
    assert.deepEqual(await axeViolations(page), [], 'Statistik per kanal');

    const href = await page.getByTestId('stats-csv').getAttribute('href');
    assert.equal(href, `/api/v1/statistics?from=${week.from}&to=${week.to}&period=day&by=channel&format=csv`);
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), lines: (await res.text()).trim().split(/\r?\n/).length };
    }, href!);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /^text\/csv/);
    assert.equal(csv.lines, byChannel.rows.length + 1, 'a header and a line per row');
    await page.context().close();
  });

  test('a counter account sees no manager page, and the API refuses it', async () => {
    const page = await consolePage(browser, lobby.http, '#/manager', 'disk');
    await page.getByTestId('nav-counter').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('nav-manager').count(), 0, 'no manager link');
    assert.equal(await page.getByTestId('manager-tab-staffing').count(), 0, 'no staffing view');
    await page.context().close();

    const cookie = await signIn(lobby.http, 'disk');
    const week = lastWeek(localDate(Date.now()));
    for (const path of ['/api/v1/staffing/plan?days=7', '/api/v1/staffing/plan?days=7&format=csv', '/api/v1/staffing/advice',
      '/api/v1/staffing/shifts', '/api/v1/forecast?days=1', `/api/v1/statistics?from=${week.from}&to=${week.to}`]) {
      const res = await fetch(`${lobby.http}${path}`, { headers: { cookie } });
      assert.equal(res.status, 403, path);
    }
  });
});
