import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KioskDiagnostics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';
import { manualClock } from '../test-support/fixtures.js';
import { LOCK_MINUTES, MAX_TRIES } from '../store/kiosk-pin-store.js';

test('the kiosk staff screen opens only with the PIN an admin set; wrong PINs lock it for a while', async (t) => {
  const clock = manualClock('2026-11-25T09:00:00Z');
  const { app, remove } = await tempApp({}, { clock: clock.now });
  t.after(remove);
  const unlock = (pin: string) => app.http.inject({ method: 'POST', url: '/api/v1/kiosks/kiosk-1/unlock', payload: { pin } });
  const setPin = (pin: string, cookie?: string) => app.http.inject({
    method: 'PUT', url: '/api/v1/admin/kiosks/kiosk-1/pin', payload: { pin }, ...(cookie ? { headers: { cookie } } : {}),
  });

  assert.equal((await unlock('1234')).statusCode, 403, 'no PIN set: the screen stays shut');
  assert.equal((await setPin('482913')).statusCode, 401);
  assert.equal((await setPin('482913', await signIn(app, 'reception'))).statusCode, 403);
  const admin = await signIn(app, 'admin');
  assert.equal((await setPin('12', admin)).statusCode, 400, 'at least four digits');
  assert.equal((await setPin('482913', admin)).statusCode, 204);
  assert.equal((app.db.prepare('SELECT pin_hash FROM kiosks WHERE id = ?').get('kiosk-1') as { pin_hash: string }).pin_hash.startsWith('scrypt$'), true, 'stored hashed');

  const ok = await unlock('482913');
  assert.equal(ok.statusCode, 200);
  const facts = ok.json() as KioskDiagnostics;
  assert.deepEqual([facts.kiosk, facts.site, facts.printer?.id, facts.languages], ['kiosk-1', 'demo', 'printer-1', 22]);

  for (let i = 1; i < MAX_TRIES; i++) assert.equal((await unlock('000000')).json().code, 'ENTRE_BAD_PIN');
  assert.equal((await unlock('482913')).statusCode, 200, 'the right PIN before the limit resets the count');
  for (let i = 0; i < MAX_TRIES; i++) await unlock('000000');
  const locked = await unlock('482913');
  assert.equal(locked.statusCode, 429, 'locked even for the right PIN');
  assert.equal(locked.json().code, 'ENTRE_KIOSK_LOCKED');
  clock.advance(LOCK_MINUTES * 60_000 + 1000);
  assert.equal((await unlock('482913')).statusCode, 200, 'open again after the lock');
});

test('a test print from the kiosk needs the PIN and goes to the kiosk\'s own printer', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  await app.http.inject({ method: 'PUT', url: '/api/v1/admin/kiosks/kiosk-1/pin', payload: { pin: '4829' }, headers: { cookie: await signIn(app, 'admin') } });
  const print = (pin: string) => app.http.inject({ method: 'POST', url: '/api/v1/kiosks/kiosk-1/test-print', payload: { pin } });
  assert.equal((await print('0000')).statusCode, 403);
  const res = await print('4829');
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().printer, 'printer-1');
  assert.equal((app.db.prepare('SELECT count(*) AS n FROM outbox WHERE topic LIKE ?').get('%printer-1/jobs') as { n: number }).n >= 1, true, 'the job went out');
});
