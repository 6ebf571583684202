import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Type from 'typebox';
import { checker } from '@entre/protocol';
import { ApiError, createHttp, retryAfter } from './http.js';

const Thing = checker(Type.Object({ n: Type.Integer() }, { additionalProperties: false }));

async function serve(t: { after(fn: () => unknown): void }, handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

test('a valid response is returned; problem+json becomes an ApiError with its detail', async (t) => {
  const base = await serve(t, (req, res) => {
    if (req.url === '/api/v1/ok') { res.setHeader('content-type', 'application/json'); res.end('{"n":1}'); return; }
    res.statusCode = 422;
    res.setHeader('content-type', 'application/problem+json');
    res.end(JSON.stringify({ type: 'x', title: 'Unprocessable request', status: 422, detail: 'There is no errand "x".', code: 'ENTRE_UNKNOWN_SERVICE' }));
  });
  const http = createHttp({ base });
  assert.deepEqual(await http.get('/ok', Thing), { n: 1 });
  const err = await http.post('/tickets', { a: 1 }, Thing).catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.failure, 'http');
  assert.equal(err.status, 422);
  assert.equal(err.code, 'ENTRE_UNKNOWN_SERVICE');
  assert.equal(err.detail, 'There is no errand "x".');
});

test('a response that breaks the contract, and an unreachable server, are told apart', async (t) => {
  const base = await serve(t, (_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{"n":"one"}'); });
  const warn = console.warn;
  console.warn = () => undefined;
  t.after(() => { console.warn = warn; });
  const contract = await createHttp({ base }).get('/x', Thing).catch((e: unknown) => e);
  assert.ok(contract instanceof ApiError && contract.failure === 'contract');
  const network = await createHttp({ base: 'http://127.0.0.1:1/api/v1', timeoutMs: 2000 }).get('/x', Thing).catch((e: unknown) => e);
  assert.ok(network instanceof ApiError && network.failure === 'network' && network.status === 0);
});

test('put sends its JSON body and checks the answer; delete resolves on 204 and throws the problem otherwise', async (t) => {
  const seen: string[] = [];
  const base = await serve(t, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c; });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? '-'} ${body}`);
      if (req.method === 'PUT') { res.setHeader('content-type', 'application/json'); res.end(body); return; }
      if (req.url === '/api/v1/things/1') { res.statusCode = 204; res.end(); return; }
      res.statusCode = 404;
      res.setHeader('content-type', 'application/problem+json');
      res.end(JSON.stringify({ type: 'x', title: 'Not found', status: 404, detail: 'There is no such thing.', code: 'ENTRE_NOT_FOUND' }));
    });
  });
  const http = createHttp({ base });
  assert.deepEqual(await http.put('/things/1', { n: 2 }, Thing), { n: 2 });
  assert.equal(await http.delete('/things/1'), undefined);
  const err = await http.delete('/things/2').catch((e: unknown) => e);
  assert.ok(err instanceof ApiError && err.status === 404 && err.detail === 'There is no such thing.');
  assert.deepEqual(seen, ['PUT /api/v1/things/1 application/json {"n":2}', 'DELETE /api/v1/things/1 - ', 'DELETE /api/v1/things/2 - ']);
});

test('a 429 carries its Retry-After in seconds, from a delay or a date; none without the header', async (t) => {
  const base = await serve(t, (req, res) => {
    res.statusCode = 429;
    res.setHeader('content-type', 'application/problem+json');
    if (req.url === '/api/v1/tickets') res.setHeader('retry-after', '17');
    res.end(JSON.stringify({ type: 'x', title: 'Too many requests', status: 429, detail: 'Please wait 17 seconds.', code: 'ENTRE_RATE_LIMITED' }));
  });
  const http = createHttp({ base });
  const err = await http.post('/tickets', {}, Thing).catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.deepEqual([err.status, err.code, err.retryAfterSeconds], [429, 'ENTRE_RATE_LIMITED', 17]);
  const bare = await http.get('/other', Thing).catch((e: unknown) => e);
  assert.ok(bare instanceof ApiError);
  assert.equal(bare.retryAfterSeconds, null);

  const now = Date.parse('2026-03-03T09:00:00Z');
  assert.equal(retryAfter('Tue, 03 Mar 2026 09:00:30 GMT', now), 30);
  assert.equal(retryAfter('Tue, 03 Mar 2026 08:00:00 GMT', now), 0, 'a date in the past: now');
  assert.equal(retryAfter('soon', now), null);
  assert.equal(retryAfter(null, now), null);
});
