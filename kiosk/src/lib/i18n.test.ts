/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, loadLocale, swedishMessages } from '@entre/protocol';
import { loadCatalog } from './i18n.js';

test('a catalog that never comes is given up after the timeout: the kiosk goes on in Swedish instead of standing still', async (t) => {
  const warned: string[] = [];
  t.mock.method(console, 'warn', (m: string) => { warned.push(m); });
  const t0 = Date.now();
  assert.equal(await loadCatalog('bs', { load: () => new Promise(() => {}), timeoutMs: 50 }), null);
  const took = Date.now() - t0;
  assert.ok(took >= 45 && took < 1000, `gave up after ${took} ms`);
  assert.match(warned.join('\n'), /bs catalog did not come within 50 ms/);
});

test('a catalog that comes in time is the language\'s own; one that fails is null; Swedish needs no load', async (t) => {
  t.mock.method(console, 'warn', () => {});
  assert.deepEqual(await loadCatalog('bs', { load: loadLocale, timeoutMs: 5000 }), catalogs['bs']);
  assert.deepEqual(await loadCatalog('bs', { load: async (code) => { await new Promise((r) => setTimeout(r, 20)); return loadLocale(code); }, timeoutMs: 1000 }), catalogs['bs']);
  assert.equal(await loadCatalog('bs', { load: () => Promise.reject(new Error('chunk failed')) }), null);
  assert.equal(await loadCatalog('sv', { load: () => new Promise(() => {}), timeoutMs: 1 }), swedishMessages);
});
