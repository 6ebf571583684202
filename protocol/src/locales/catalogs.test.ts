import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, localeFiles, visitorLanguages, catalogCodes, isSignLanguage, t } from './index.js';
import { loadLocale, loadableCatalogs } from './load.js';
import { sv } from './sv.js';
import { en } from './en.js';
import type { MessageKey } from './types.js';

const keys = Object.keys(sv) as MessageKey[];
const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every written visitor language has a catalog with every key, in the order of Swedish, none empty', () => {
  assert.equal(catalogCodes.length, 21, 'the 21 written languages of the kiosk');
  for (const code of catalogCodes) {
    const file = localeFiles[code];
    assert.ok(file, `no catalog for ${code}`);
    assert.deepEqual(Object.keys(file.messages), keys, `${code}: keys differ from Swedish (missing, extra or out of order)`);
    for (const key of keys) assert.ok(file.messages[key].trim().length > 0, `${code} ${key} is empty`);
  }
});

test('each catalog says which language it is, matching the kiosk\'s list, and whether a native speaker reviewed it', () => {
  for (const lang of visitorLanguages) {
    if (isSignLanguage(lang.code)) { assert.equal(localeFiles[lang.code], undefined); continue; }
    const file = localeFiles[lang.code]!;
    assert.deepEqual({ code: file.language.code, name: file.language.name, dir: file.language.dir }, lang);
    assert.equal(typeof file.reviewed, 'boolean');
    if (lang.code !== 'sv') assert.equal(file.reviewed, false, `${lang.code}: machine-assisted until a native speaker signs it off`);
  }
  const rtl = visitorLanguages.filter((l) => l.dir === 'rtl').map((l) => l.code);
  assert.deepEqual(rtl, ['ar', 'fa', 'prs', 'ckb']);
});

test('no string is left in English unless listed as intentionally identical', () => {
  for (const code of catalogCodes) {
    if (code === 'en') continue;
    const file = localeFiles[code]!;
    const same = keys.filter((k) => file.messages[k] === en.messages[k] && !file.sameAsEnglish.includes(k));
    assert.deepEqual(same, [], `${code}: untranslated (equal to English)`);
    for (const k of file.sameAsEnglish) assert.equal(file.messages[k], en.messages[k], `${code}: ${k} listed as same as English but is not`);
  }
});

test('placeholders are the same in every catalog', () => {
  for (const [code, catalog] of Object.entries(catalogs)) {
    for (const key of keys) assert.deepEqual(holes(catalog[key]), holes(sv[key]), `${code} ${key}`);
  }
});

test('right-to-left catalogs hold no bidi control characters (the apps isolate numbers themselves)', () => {
  for (const code of ['ar', 'fa', 'prs', 'ckb']) {
    for (const key of keys) assert.doesNotMatch(catalogs[code]![key], /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `${code} ${key}`);
  }
});

test('every written language except Swedish loads on demand, to the same catalog', async () => {
  assert.deepEqual([...loadableCatalogs].sort(), catalogCodes.filter((c) => c !== 'sv').sort());
  for (const code of loadableCatalogs) assert.equal((await loadLocale(code))?.messages, catalogs[code]);
  assert.equal(await loadLocale('sgn-SE'), undefined);
});

test('t fills placeholders and falls back to Swedish for an unknown language', () => {
  assert.equal(t('en', 'kiosk.waitingAhead', { n: 3 }), '3 ahead of you in the queue');
  assert.equal(t('xx', 'kiosk.waitingAhead', { n: 3 }), '3 före dig i kön');
});
