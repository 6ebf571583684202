import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempApp } from '../test-support/app.js';

test('the OpenAPI document lists the routes with the schemas they validate with', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const res = await app.http.inject({ method: 'GET', url: '/docs/json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
  assert.match(doc.openapi, /^3\./);
  for (const path of ['/api/v1/tickets', '/api/v1/contacts', '/api/v1/agents/{id}/call-next', '/api/v1/contacts/{id}/finish', '/api/v1/cases', '/api/v1/auth/login', '/api/v1/admin/config', '/api/v1/admin/services/{id}']) {
    assert.ok(doc.paths[path], `documents ${path}`);
  }
  const ticketBody = doc.paths['/api/v1/tickets']!.post!.requestBody!.content['application/json']!.schema;
  assert.deepEqual([...(ticketBody.required ?? [])].sort(), ['kiosk', 'language', 'service']);
  const ui = await app.http.inject({ method: 'GET', url: '/docs/' });
  assert.equal(ui.statusCode, 200);
  assert.match(ui.body, /swagger/i);
});
