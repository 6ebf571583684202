import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginThrottle } from './login-throttle.js';

const MIN = 60_000;
const rules = { account: { max: 3, windowMs: 10 * MIN, lockMs: 5 * MIN }, address: { max: 5, windowMs: 10 * MIN, lockMs: 20 * MIN } };

test('an account is locked after its wrong passwords in the window, and opens again after the lock', () => {
  const t = createLoginThrottle(rules);
  t.failed('Anna', '10.0.0.1', 0);
  t.failed('anna', '10.0.0.2', 1 * MIN);
  assert.deepEqual(t.check('anna', '10.0.0.3', 2 * MIN), { ok: true });
  t.failed(' ANNA ', '10.0.0.3', 2 * MIN); // the same account, however it is typed
  assert.deepEqual(t.check('anna', '10.0.0.9', 2 * MIN), { ok: false, scope: 'account', retryAfterSeconds: 300 });
  assert.deepEqual(t.check('erik', '10.0.0.9', 2 * MIN), { ok: true }, 'other accounts are not affected');
  assert.deepEqual(t.check('anna', '10.0.0.9', 7 * MIN - 1000), { ok: false, scope: 'account', retryAfterSeconds: 1 });
  assert.deepEqual(t.check('anna', '10.0.0.9', 7 * MIN), { ok: true });
});

test('failures older than the window do not add up; a success clears the account\'s count', () => {
  const t = createLoginThrottle(rules);
  t.failed('anna', 'a', 0);
  t.failed('anna', 'b', 1 * MIN);
  t.failed('anna', 'c', 11 * MIN); // the first has left the window: 2 in it
  assert.equal(t.check('anna', 'd', 11 * MIN).ok, true);
  t.succeeded('anna');
  t.failed('anna', 'e', 12 * MIN);
  t.failed('anna', 'f', 12 * MIN);
  assert.equal(t.check('anna', 'g', 12 * MIN).ok, true, 'the success started the count over');
});

test('one address trying many usernames is locked, for every username', () => {
  const t = createLoginThrottle(rules);
  for (const [i, user] of ['a', 'b', 'c', 'd', 'e'].entries()) t.failed(user, '192.0.2.7', i * 1000);
  assert.deepEqual(t.check('someone-else', '192.0.2.7', 5000), { ok: false, scope: 'address', retryAfterSeconds: 1199 });
  assert.equal(t.check('someone-else', '192.0.2.8', 5000).ok, true);
});

test('memory stays bounded under a flood of made-up usernames', () => {
  const t = createLoginThrottle({ ...rules, maxKeys: 100 });
  for (let i = 0; i < 10_000; i++) t.failed(`user-${i}`, `ip-${i}`, i);
  // The newest are still tracked; nothing grew past the cap (checked through behaviour: the oldest were forgotten).
  t.failed('user-9999', 'ip-x', 10_001);
  t.failed('user-9999', 'ip-y', 10_002);
  assert.equal(t.check('user-9999', 'ip-z', 10_003).ok, false);
  t.failed('user-0', 'ip-q', 10_004);
  t.failed('user-0', 'ip-r', 10_005);
  assert.equal(t.check('user-0', 'ip-s', 10_006).ok, true, 'user-0\'s first failure was dropped with the oldest keys');
});
