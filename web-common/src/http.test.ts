import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Type from 'typebox';
import { checker } from '@entre/protocol';
import { ApiError, createHttp } from './http.js';

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
