import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpSmsSender, createLogSender, SmsSendError } from './sender.js';
import { startSmsGateway } from '../test-support/sms-gateway.js';
import { captureLogs } from '../test-support/app.js';

test('the HTTP sender posts {to, from, message} as JSON with the bearer key', async (t) => {
  const gateway = await startSmsGateway();
  t.after(() => gateway.close());
  const sender = createHttpSmsSender({ url: gateway.url, key: 'k3y-s3cret', from: 'Kommunen' });
  await sender.send('+46701234567', 'B042: Det är din tur. Gå till Disk 3.');
  assert.equal(gateway.received.length, 1);
  const [req] = gateway.received;
  assert.equal(req!.method, 'POST');
  assert.equal(req!.path, '/v1/messages');
  assert.equal(req!.headers.authorization, 'Bearer k3y-s3cret');
  assert.match(String(req!.headers['content-type']), /^application\/json/);
  assert.equal(req!.raw, JSON.stringify({ to: '+46701234567', from: 'Kommunen', message: 'B042: Det är din tur. Gå till Disk 3.' }));
});

test('a gateway error is an SmsSendError with its status, naming neither number nor key', async (t) => {
  const gateway = await startSmsGateway(() => 500);
  t.after(() => gateway.close());
  const sender = createHttpSmsSender({ url: gateway.url, key: 'k3y-s3cret', from: 'Entre' });
  const err = await sender.send('+46701234567', 'hej').then(() => null, (e: unknown) => e);
  assert.ok(err instanceof SmsSendError, String(err));
  assert.equal(err.status, 500);
  assert.match(err.message, /HTTP 500/);
  assert.doesNotMatch(err.message, /701234567|k3y/);

  gateway.answerWith(() => 401);
  const unauthorized = await sender.send('+46701234567', 'hej').then(() => null, (e: unknown) => e);
  assert.equal((unauthorized as SmsSendError).status, 401);
});

test('a gateway that never answers times out', async (t) => {
  const gateway = await startSmsGateway(() => 'hang');
  t.after(() => gateway.close());
  const sender = createHttpSmsSender({ url: gateway.url, key: 'k', from: 'Entre', timeoutMs: 300 });
  const started = Date.now();
  const err = await sender.send('+46701234567', 'hej').then(() => null, (e: unknown) => e);
  const took = Date.now() - started;
  assert.ok(err instanceof SmsSendError, String(err));
  assert.equal(err.status, undefined);
  assert.match(err.message, /did not answer within 300 ms/);
  assert.ok(took >= 250 && took < 3000, `gave up after ${took} ms`);
  assert.equal(gateway.received.length, 1, 'the request did reach the gateway');
});

test('an unreachable gateway is an SmsSendError too', async () => {
  const gateway = await startSmsGateway();
  const url = gateway.url;
  await gateway.close();
  const sender = createHttpSmsSender({ url, key: 'k', from: 'Entre', timeoutMs: 2000 });
  await assert.rejects(sender.send('+46701234567', 'hej'), (e: unknown) => e instanceof SmsSendError && /could not be reached/.test(e.message));
});

test('the log sender logs the text with the number masked to its last two digits', async () => {
  const { logger, lines } = captureLogs();
  await createLogSender(logger).send('+46701234567', 'A007: 2 personer är före dig i kön.');
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!['to'], '+*********67');
  assert.equal(lines[0]!['text'], 'A007: 2 personer är före dig i kön.');
  assert.doesNotMatch(JSON.stringify(lines), /70123456/);
});
