import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EntreError } from '../core/errors.js';
import { createPasswordHasher, DEFAULT_COST } from './passwords.js';
import { cheapHasher } from './test-support/fixtures.js';

test('a hash at the production cost verifies the right password and refuses a wrong one', async () => {
  const hasher = createPasswordHasher();
  const encoded = await hasher.hash('korrekt häst batteri');
  const parts = encoded.split('$');
  assert.equal(parts.length, 6);
  assert.deepEqual(parts.slice(0, 4), ['scrypt', String(DEFAULT_COST.N), '8', '1']);
  assert.equal(Buffer.from(parts[4]!, 'base64').length, 16, '16-byte salt');
  assert.equal(Buffer.from(parts[5]!, 'base64').length, 64, '64-byte key');
  assert.equal(await hasher.verify('korrekt häst batteri', encoded), true);
  assert.equal(await hasher.verify('korrekt häst batterI', encoded), false);
  assert.equal(await hasher.verify('', encoded), false);
});

test('the same password hashes differently each time (fresh salt), and both verify', async () => {
  const a = await cheapHasher.hash('entre-demo-2026');
  const b = await cheapHasher.hash('entre-demo-2026');
  assert.notEqual(a, b);
  assert.notEqual(a.split('$')[4], b.split('$')[4]);
  assert.equal(await cheapHasher.verify('entre-demo-2026', a), true);
  assert.equal(await cheapHasher.verify('entre-demo-2026', b), true);
});

test('the cost travels with the hash: a hasher with another cost still verifies it', async () => {
  const encoded = await cheapHasher.hash('ett långt lösenord');
  assert.equal(await createPasswordHasher({ N: 2 ** 11, r: 8, p: 1 }).verify('ett långt lösenord', encoded), true);
});

test('passwords shorter than 10 characters are refused with a clear error', async () => {
  await assert.rejects(cheapHasher.hash('kort'), (err: unknown) =>
    err instanceof EntreError && err.code === 'ENTRE_WEAK_PASSWORD' && /at least 10 characters/.test(err.message));
  await assert.rejects(cheapHasher.hash('123456789'), /at least 10/);
  await assert.rejects(cheapHasher.hash('x'.repeat(257)), /at most 256/);
  assert.ok(await cheapHasher.hash('1234567890'));
});

test('anything that is not one of our encodings verifies as false, never throws', async () => {
  for (const bad of ['', 'plaintext', 'scrypt$1024$8$1$AAAA', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaA==',
    `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$${Buffer.alloc(64).toString('base64')}`]) {
    assert.equal(await cheapHasher.verify('whatever-password', bad), false, bad);
  }
});
