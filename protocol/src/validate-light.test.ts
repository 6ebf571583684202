import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TSchema } from 'typebox';
import * as protocol from './index.js';
import { checker } from './validate.js';
import { lightChecker } from './validate-light.js';

/** Every schema the protocol exports. */
const schemas = Object.entries(protocol).filter(([, v]) => v !== null && typeof v === 'object' && ('type' in v || 'anyOf' in v)) as Array<[string, TSchema]>;

const ticket: protocol.Ticket = {
  id: 'c0ffee00-0000-4000-8000-000000000001', number: 'B042', service: 'bygglov', serviceName: { sv: 'Bygglov', ar: 'رخص البناء' },
  language: 'ar', issuedAt: '2026-11-25T09:00:00.000Z', serviceDay: '2026-11-25', state: 'called', waitingAhead: 0,
  servicePoint: 'disk-3', servicePointName: { sv: 'Disk 3' }, print: { jobId: 'j1', printer: 'printer-1', state: 'printed' },
  url: 'http://x/t/c0ffee00', estimateMinutes: 4, priority: 'interpreter', recalls: 1, caseTrackingCode: 'ABCD-EFGH-JKM', rating: 5, sms: true,
};
const kioskConfig: protocol.KioskConfig = {
  site: 'demo', siteName: 'Demo', kiosk: 'kiosk-1', timeZone: 'Europe/Stockholm',
  languages: [{ code: 'sv', name: 'Svenska', dir: 'ltr' }, { code: 'sgn-SE', name: 'Svenskt teckenspråk', dir: 'ltr' }],
  groups: [{ id: 'g1', name: { sv: 'Grupp' }, icon: 'house' }],
  services: [{
    id: 'bygglov', prefix: 'B', name: { sv: 'Bygglov' }, group: 'g1', icon: 'house', open: false, opensAt: '2026-11-26T08:00:00Z', waiting: 3,
    estimateMinutes: 12, question: { text: { sv: 'Fråga?' }, options: [{ id: 'a', text: { sv: 'A' }, service: 'bygglov' }, { id: 'b', text: { sv: 'B' }, service: 'bygglov' }] },
  }],
  settings: { idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true, priorityService: 'allmant', signLanguageUrl: 'https://x' },
};

/** Every value one step away from `value`: each field removed, retyped, emptied or joined by a stranger. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [null, undefined, 0, 1.5, -1, '', 'x', true, [], {}];
  if (Array.isArray(value)) {
    out.push([...value, ...value], value.slice(1));
    value.forEach((v, i) => { for (const m of mutations(v)) out.push(value.map((w, j) => (j === i ? m : w))); });
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    out.push({ ...o, stranger: 1 });
    for (const key of Object.keys(o)) {
      const { [key]: _gone, ...rest } = o;
      out.push(rest);
      for (const m of mutations(o[key])) out.push({ ...o, [key]: m });
    }
  } else if (typeof value === 'string') {
    out.push(value.toUpperCase(), `${value}!`, value.slice(1), 'x'.repeat(300), '2026-13-01T00:00:00Z', '2026-02-30T10:00:00Z');
  } else if (typeof value === 'number') {
    out.push(value + 1, value - 1, value + 0.5, 1e9, -1e9);
  }
  return out;
}

function agree(name: string, schema: TSchema, value: unknown): void {
  const full = checker(schema)(value).ok;
  const light = lightChecker(schema)(value).ok;
  assert.equal(light, full, `${name}: TypeBox says ${full}, light says ${light} for ${JSON.stringify(value)?.slice(0, 300)}`);
}

test('the light checker accepts what TypeBox accepts and refuses what it refuses, one change away from valid', () => {
  for (const [name, schema, sample] of [['Ticket', protocol.Ticket, ticket], ['KioskConfig', protocol.KioskConfig, kioskConfig]] as const) {
    assert.equal(checker(schema)(sample).ok, true, `${name} sample is valid`);
    agree(name, schema, sample);
    let n = 0;
    for (const m of mutations(sample)) { agree(name, schema, m); n++; }
    assert.ok(n > 300, `${name}: ${n} mutations`);
  }
});

test('on random JSON the two agree for every protocol schema', () => {
  assert.ok(schemas.length > 50, `${schemas.length} schemas`);
  for (const [name, schema] of schemas) {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => agree(name, schema, value)), { numRuns: 60 });
  }
});

test('keys that Object.prototype has (toString, constructor, __proto__) are no exception', () => {
  // Found by the random test above: a payload key named like an inherited member.
  for (const [name, schema] of schemas) {
    for (const value of [{ toString: [] }, { constructor: 1 }, JSON.parse('{"__proto__": {"x": 1}}'), { hasOwnProperty: 'x' }]) agree(name, schema, value);
  }
});

test('it names where the value is wrong', () => {
  const r = lightChecker(protocol.Ticket)({ ...ticket, waitingAhead: -1, extra: 1 });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.issues.map((i) => i.path).sort(), ['/', '/waitingAhead']);
});
