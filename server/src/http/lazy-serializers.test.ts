import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { lazySerializers } from './lazy-serializers.js';
import { tempApp } from '../test-support/app.js';

function tinyApp(schema: object, body: unknown) {
  const serializers = lazySerializers();
  const app = Fastify({ logger: false, schemaController: { compilersFactory: { buildSerializer: serializers.factory } } });
  app.post('/thing', { schema: { response: { 200: schema } } }, async () => body);
  return { app, serializers };
}

test('every response schema of the whole server compiles, each at its first answer and once', async (t) => {
  const quiet = await tempApp();
  t.after(quiet.remove);
  await quiet.app.http.ready();
  const all = quiet.app.compileSerializers();
  assert.ok(all > 0);
  assert.equal(quiet.app.compileSerializers(), 0, 'compiled ones are not compiled again');

  const busy = await tempApp();
  t.after(busy.remove);
  const res = await busy.app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'bygglov', language: 'sv' } });
  assert.equal(res.statusCode, 201);
  assert.equal(JSON.parse(res.body).number, 'B001');
  // The ticket's route compiled its 201 serialiser when it answered, and no other was compiled.
  assert.equal(busy.app.compileSerializers(), all - 1);
});

test('a lazily compiled answer still holds only what its schema names', async (t) => {
  const schema = { type: 'object', properties: { number: { type: 'string' } }, required: ['number'] };
  const { app, serializers } = tinyApp(schema, { number: 'B042', personalNumber: '19121212-1212' });
  t.after(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/thing' });
  assert.equal(res.body, '{"number":"B042"}');
  assert.equal(serializers.compileAll(), 0);
});

test('a schema that cannot be compiled fails compileAll, not only its first answer', async (t) => {
  const { app, serializers } = tinyApp({ $ref: '#/definitions/missing' }, {});
  t.after(() => app.close());
  await app.ready();
  assert.throws(() => serializers.compileAll(), /missing/);
});
