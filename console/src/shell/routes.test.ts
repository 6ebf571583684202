/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedPages, landingPage, pageFromHash, resolveRoute } from './routes.js';

test('each role sees its own pages; reception also the counter; admin all', () => {
  assert.deepEqual(allowedPages(['counter']), ['counter']);
  assert.deepEqual(allowedPages(['reception']), ['counter', 'reception']);
  assert.deepEqual(allowedPages(['facility']), ['facility']);
  assert.deepEqual(allowedPages(['manager']), ['manager']);
  assert.deepEqual(allowedPages(['admin']), ['counter', 'reception', 'facility', 'manager', 'admin']);
  assert.deepEqual(allowedPages(['facility', 'manager']), ['facility', 'manager']);
});

test('staff land on the page of their own role first', () => {
  assert.equal(landingPage(['counter']), 'counter');
  assert.equal(landingPage(['reception']), 'reception');
  assert.equal(landingPage(['manager', 'facility']), 'facility');
  assert.equal(landingPage(['admin']), 'counter', 'the admin page is nobody\'s landing page');
  assert.equal(landingPage([]), null);
});

test('the hash names a page; a forbidden one is refused, an unknown one goes to the landing page', () => {
  assert.equal(pageFromHash('#/counter'), 'counter');
  assert.equal(pageFromHash('#/manager/'), 'manager');
  assert.equal(pageFromHash('#/admin'), 'admin');
  assert.equal(pageFromHash('#/nope'), null);
  assert.equal(pageFromHash('#/counter/x'), null);
  assert.equal(pageFromHash(''), null);
  assert.deepEqual(resolveRoute('#/counter', ['counter']), { kind: 'page', page: 'counter' });
  assert.deepEqual(resolveRoute('#/reception', ['counter']), { kind: 'forbidden', page: 'reception', landing: 'counter' });
  assert.deepEqual(resolveRoute('#/counter', ['facility']), { kind: 'forbidden', page: 'counter', landing: 'facility' });
  assert.deepEqual(resolveRoute('#/counter', ['reception']), { kind: 'page', page: 'counter' });
  assert.deepEqual(resolveRoute('', ['reception']), { kind: 'redirect', to: 'reception' });
  assert.deepEqual(resolveRoute('#/nope', ['manager']), { kind: 'redirect', to: 'manager' });
  assert.deepEqual(resolveRoute('#/counter', []), { kind: 'forbidden', page: 'counter', landing: null });
  assert.deepEqual(resolveRoute('', []), { kind: 'none' });
  assert.deepEqual(resolveRoute('#/admin', ['facility', 'manager', 'reception']), { kind: 'forbidden', page: 'admin', landing: 'reception' }, 'the admin page is the admin role\'s alone');
  assert.deepEqual(resolveRoute('#/admin', ['admin']), { kind: 'page', page: 'admin' });
});
