import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceView, ZoneList } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

test('reception and facility read the zones; reception also reads device availability but not the alerts', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const get = async (url: string, who: string) => app.http.inject({ method: 'GET', url, headers: { cookie: await signIn(app, who) } });

  for (const who of ['reception', 'facility', 'admin']) {
    const res = await get('/api/v1/zones', who);
    assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
    assert.deepEqual((res.json() as ZoneList).zones, [{ id: 'floor-2', name: 'Väntrum plan 2' }, { id: 'lobby', name: 'Entréhallen' }]);
  }
  assert.equal((await get('/api/v1/zones', 'disk')).statusCode, 403);
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/zones' })).statusCode, 401);

  const devices = await get('/api/v1/devices', 'reception');
  assert.equal(devices.statusCode, 200, devices.body);
  assert.deepEqual((devices.json() as { devices: DeviceView[] }).devices.filter((d) => d.kind === 'display').map((d) => d.id).sort(), ['floor2-1', 'lobby-1']);
  assert.equal((await get('/api/v1/alerts', 'reception')).statusCode, 403, 'alerts stay with facility');
  assert.equal((await get('/api/v1/devices', 'disk')).statusCode, 403);
});
