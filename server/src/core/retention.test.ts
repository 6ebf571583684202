import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, DEFAULT_RETENTION_SETTINGS, RetentionSettings } from '@entre/protocol';
import { auditIpCutoff, CASE_FREE_TEXT, CONTACT_FREE_TEXT, isDue, retentionCutoff, siteCutoffs, smsSweepCutoff } from './retention.js';

const STOCKHOLM = 'Europe/Stockholm';
const d = (iso: string) => new Date(iso);

test('the cutoff is the local midnight that began the day N days ago', () => {
  // Wednesday 4 February 2026, 10:00 CET: 30 days back is 5 January, which began at 23:00Z on the 4th.
  assert.equal(retentionCutoff(d('2026-02-04T09:00:00Z'), 30, STOCKHOLM).toISOString(), '2026-01-04T23:00:00.000Z');
  // 00:30 local on 5 February is already the 5th there (23:30Z on the 4th in UTC).
  assert.equal(retentionCutoff(d('2026-02-04T23:30:00Z'), 30, STOCKHOLM).toISOString(), '2026-01-05T23:00:00.000Z');
  assert.equal(retentionCutoff(d('2026-02-04T23:30:00Z'), 30, 'UTC').toISOString(), '2026-01-05T00:00:00.000Z');
  // Summer time (UTC+2) at the day N days ago: its midnight is 22:00Z.
  assert.equal(retentionCutoff(d('2026-07-01T12:00:00Z'), 30, STOCKHOLM).toISOString(), '2026-05-31T22:00:00.000Z');
});

test('DST: something that ended on local day D is due exactly from the local midnight beginning D + N + 1', () => {
  // Spring: ended Friday 27 March (CET); 2 days → due from 00:00 on 30 March, which is CEST.
  const spring = d('2026-03-27T12:00:00Z');
  assert.equal(isDue(spring, d('2026-03-29T21:59:59.999Z'), 2, STOCKHOLM), false, '23:59:59 on the 29th');
  assert.equal(isDue(spring, d('2026-03-29T22:00:00.000Z'), 2, STOCKHOLM), true, '00:00 on the 30th (an hour earlier in UTC than in winter)');
  // Ended at 00:30 local on Sunday 29 March (still CET: 23:30Z on the 28th), 1 day → due from 00:00 on the 31st.
  const night = d('2026-03-28T23:30:00Z');
  assert.equal(isDue(night, d('2026-03-30T21:59:59.999Z'), 1, STOCKHOLM), false, 'counted from its local day, not its UTC day');
  assert.equal(isDue(night, d('2026-03-30T22:00:00.000Z'), 1, STOCKHOLM), true);
  // Autumn: ended Friday 23 October (CEST); 2 days → due from 00:00 on 26 October, which is CET (23:00Z).
  const autumn = d('2026-10-23T12:00:00Z');
  assert.equal(isDue(autumn, d('2026-10-25T22:59:59.999Z'), 2, STOCKHOLM), false, 'the 25-hour day still counts as one day');
  assert.equal(isDue(autumn, d('2026-10-25T23:00:00.000Z'), 2, STOCKHOLM), true);
  // At 00:00 on 1 April, 1 day: what ended by 23:59:59.999 on 30 March is due, from 00:00 on the 31st not yet.
  assert.equal(isDue(d('2026-03-30T21:59:59.999Z'), d('2026-03-31T22:00:00Z'), 1, STOCKHOLM), true);
  assert.equal(isDue(d('2026-03-30T22:00:00.000Z'), d('2026-03-31T22:00:00Z'), 1, STOCKHOLM), false);
});

test("a site's cutoffs follow its settings; the audit log's follows the shortest retention of any site", () => {
  const now = d('2026-06-15T10:00:00Z');
  const stockholm = siteCutoffs(DEFAULT_RETENTION_SETTINGS, now, STOCKHOLM);
  assert.deepEqual(stockholm, {
    contacts: '2026-05-15T22:00:00.000Z', // 16 May local
    cases: '2025-06-14T22:00:00.000Z', // 15 June 2025 local
    auditIps: '2026-03-16T23:00:00.000Z', // 17 March local (still winter then)
  });
  const strict = siteCutoffs({ ...DEFAULT_RETENTION_SETTINGS, auditIpDays: 7 }, now, 'UTC');
  assert.equal(strict.auditIps, '2026-06-08T00:00:00.000Z');
  assert.equal(auditIpCutoff([stockholm, strict]), strict.auditIps);
  assert.equal(auditIpCutoff([strict, stockholm]), strict.auditIps);
  assert.equal(auditIpCutoff([]), null);
  assert.equal(smsSweepCutoff(now), '2026-06-14T10:00:00.000Z', 'the SMS sweep: a fixed day, not a setting');
});

test('the free-text keys are the ones the stores write text under, and nothing the statistics read', () => {
  assert.deepEqual([...CONTACT_FREE_TEXT], ['note', 'reason', 'label']);
  assert.deepEqual([...CASE_FREE_TEXT], ['reason']);
  for (const key of ['from', 'to', 'outcome', 'rosaLevel', 'recall', 'implicit', 'service', 'answerGroup', 'contact', 'channel']) {
    assert.ok(!(CONTACT_FREE_TEXT as readonly string[]).includes(key) && !(CASE_FREE_TEXT as readonly string[]).includes(key), key);
  }
});

test('the defaults are valid settings, and the bounds hold', () => {
  const check = checker(RetentionSettings);
  assert.ok(check(DEFAULT_RETENTION_SETTINGS).ok);
  assert.deepEqual(DEFAULT_RETENTION_SETTINGS, { contactNotesDays: 30, closedCaseDays: 365, auditIpDays: 90 });
  const fails = (s: object) => !check({ ...DEFAULT_RETENTION_SETTINGS, ...s }).ok;
  assert.ok(fails({ contactNotesDays: 0 }));
  assert.ok(fails({ closedCaseDays: 29 }));
  assert.ok(fails({ auditIpDays: 6 }));
  assert.ok(fails({ closedCaseDays: 3651 }));
  assert.ok(fails({ smsNumberDays: 3 }), 'no unknown settings');
  assert.ok(!fails({ contactNotesDays: 1, closedCaseDays: 30, auditIpDays: 7 }));
});
