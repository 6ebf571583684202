import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, visitorLanguages, t } from './index.js';
import { sv } from './sv.js';

test('every visitor language has a catalog with every key, none empty', () => {
  for (const lang of visitorLanguages) {
    const catalog = catalogs[lang.code];
    assert.ok(catalog, `no catalog for ${lang.code}`);
    for (const key of Object.keys(sv)) {
      const text = (catalog as Record<string, string>)[key];
      assert.ok(text && text.trim().length > 0, `${lang.code} lacks ${key}`);
    }
    assert.deepEqual(Object.keys(catalog).sort(), Object.keys(sv).sort(), `${lang.code} has keys Swedish lacks`);
  }
});

test('placeholders are the same in every catalog', () => {
  const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [code, catalog] of Object.entries(catalogs)) {
    for (const [key, text] of Object.entries(sv)) {
      assert.deepEqual(holes((catalog as Record<string, string>)[key]!), holes(text), `${code} ${key}`);
    }
  }
});

test('t fills placeholders and falls back to Swedish for an unknown language', () => {
  assert.equal(t('en', 'kiosk.waitingAhead', { n: 3 }), '3 ahead of you in the queue');
  assert.equal(t('xx', 'kiosk.waitingAhead', { n: 3 }), '3 före dig i kön');
});
