import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempApp } from '../test-support/app.js';
import { APP_CSP } from './security-headers.js';

test('every app page gets the strict policy and the other security headers; the API too; /docs and the case page keep their own', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  for (const url of ['/kiosk/', '/display/', '/console/', '/']) {
    const res = await app.http.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-security-policy'], APP_CSP, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self';/);
    assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval/);
  }
  const api = await app.http.inject({ method: 'GET', url: '/api/v1/health' });
  assert.equal(api.headers['x-content-type-options'], 'nosniff');
  assert.equal(api.headers['content-security-policy'], undefined, 'JSON needs no page policy');
  const docs = await app.http.inject({ method: 'GET', url: '/docs/static/index.html' });
  assert.notEqual(docs.headers['content-security-policy'], APP_CSP);
  const casePage = await app.http.inject({ method: 'GET', url: '/c/NO-SUCH-CODE' });
  assert.match(String(casePage.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-/);
});
