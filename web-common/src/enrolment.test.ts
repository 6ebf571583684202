import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, createHttp } from './http.js';
import { deviceRefusal, enrolDevice, formatWait, normaliseEnrolmentCode } from './enrolment.js';

const problem = (status: number, code: string, detail: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 't', status, detail, code }), {
    status, headers: { 'content-type': 'application/problem+json', ...headers },
  });
const apiError = (status: number, code: string, detail: string) =>
  new ApiError('http', status, { type: 'about:blank', title: 't', status, detail, code }, `HTTP ${status}`);

const device = (id: string, kind: string) => ({ device: { id, site: 'demo', kind, name: id }, token: 'secret', mqtt: { username: id } });

/** An API client whose server is this function; records what was sent. */
function client(answer: (body: { code: string }) => Response) {
  const sent: Array<{ url: string; body: { code: string } }> = [];
  const http = createHttp({
    base: '/api/v1',
    fetch: (async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { code: string };
      sent.push({ url, body });
      return answer(body);
    }) as typeof fetch,
  });
  return { http, sent };
}

test('the server\'s device refusals are told apart from every other error', () => {
  assert.deepEqual(deviceRefusal(apiError(401, 'ENTRE_DEVICE_UNENROLLED', 'Only an enrolled kiosk may do this. Enrol it with the code an administrator gives you.')),
    { kind: 'unenrolled', revoked: false });
  assert.deepEqual(deviceRefusal(apiError(401, 'ENTRE_DEVICE_REVOKED', 'This kiosk\'s enrolment is no longer valid (revoked or replaced). Ask an administrator for a new enrolment code.')),
    { kind: 'unenrolled', revoked: true });
  assert.deepEqual(deviceRefusal(apiError(403, 'ENTRE_DEVICE_MISMATCH', 'This device is enrolled as kiosk "kiosk-2", not "kiosk-1".')),
    { kind: 'mismatch', enrolledAs: { kind: 'kiosk', id: 'kiosk-2' } });
  assert.deepEqual(deviceRefusal(apiError(403, 'ENTRE_DEVICE_MISMATCH', 'Other words.')), { kind: 'mismatch', enrolledAs: null });
  // Everything else stays the caller's ordinary error handling.
  assert.equal(deviceRefusal(apiError(401, 'ENTRE_UNAUTHENTICATED', 'Sign in.')), null, 'a staff sign-in is not enrolment');
  assert.equal(deviceRefusal(apiError(403, 'ENTRE_FORBIDDEN', 'No.')), null);
  assert.equal(deviceRefusal(apiError(503, 'ENTRE_UNAVAILABLE', 'x')), null);
  assert.equal(deviceRefusal(new ApiError('network', 0, null, 'down')), null);
  assert.equal(deviceRefusal(new Error('x')), null);
});

test('a code is accepted as staff type it: lower case, spaces and dashes', () => {
  assert.equal(normaliseEnrolmentCode('k7m2q-9xhtp'), 'K7M2Q9XHTP');
  assert.equal(normaliseEnrolmentCode(' K7M2Q 9XHTP '), 'K7M2Q9XHTP');
  assert.equal(normaliseEnrolmentCode('k7m2q – 9xhtp'), 'K7M2Q9XHTP');
});

test('enrolling: the right code for this device succeeds; each failure says what it was', async () => {
  const ok = client(() => Response.json(device('kiosk-1', 'kiosk')));
  assert.deepEqual(await enrolDevice(ok.http, 'k7m2q-9xhtp', { kind: 'kiosk', id: 'kiosk-1' }),
    { ok: true, device: { id: 'kiosk-1', kind: 'kiosk', name: 'kiosk-1' } });
  assert.deepEqual(ok.sent, [{ url: '/api/v1/devices/enrol', body: { code: 'K7M2Q9XHTP' } }]);

  const none = client(() => { throw new Error('must not be called'); });
  assert.deepEqual(await enrolDevice(none.http, 'K7M2Q-9XHT', { kind: 'kiosk', id: 'kiosk-1' }), { ok: false, reason: 'format' }, 'too short: not sent');
  assert.deepEqual(await enrolDevice(none.http, 'K7M2Q-9XHT!', { kind: 'kiosk', id: 'kiosk-1' }), { ok: false, reason: 'format' });
  assert.equal(none.sent.length, 0, 'a typo is not spent as a wrong attempt');

  const wrong = client(() => problem(400, 'ENTRE_BAD_ENROLMENT_CODE', 'This enrolment code is unknown, already used or expired.'));
  assert.deepEqual(await enrolDevice(wrong.http, 'AAAAABBBBB', { kind: 'kiosk', id: 'kiosk-1' }), { ok: false, reason: 'bad_code' });

  const locked = client(() => problem(429, 'ENTRE_TOO_MANY_ATTEMPTS', 'Too many wrong enrolment codes.', { 'retry-after': '120' }));
  assert.deepEqual(await enrolDevice(locked.http, 'AAAAABBBBB', { kind: 'kiosk', id: 'kiosk-1' }), { ok: false, reason: 'too_many', waitSeconds: 120 });

  const other = client(() => Response.json(device('lobby-1', 'display')));
  assert.deepEqual(await enrolDevice(other.http, 'AAAAABBBBB', { kind: 'kiosk', id: 'kiosk-1' }),
    { ok: false, reason: 'other_device', device: { id: 'lobby-1', kind: 'display', name: 'lobby-1' } });

  const down = createHttp({ fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
  assert.deepEqual(await enrolDevice(down, 'AAAAABBBBB', { kind: 'display', id: 'lobby-1' }), { ok: false, reason: 'network' });

  const broken = client(() => problem(500, 'ENTRE_INTERNAL', 'Internal error.'));
  assert.deepEqual(await enrolDevice(broken.http, 'AAAAABBBBB', { kind: 'display', id: 'lobby-1' }), { ok: false, reason: 'failed', detail: 'Internal error.' });
});

test('a wait reads as seconds, or minutes when long', () => {
  assert.equal(formatWait(45), '45 s');
  assert.equal(formatWait(600), '10 min');
});
