/**
 * Faults around the broker: the database is the record and MQTT only distributes, so a
 * Mosquitto restart (without persistence: every retained topic gone) loses nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Board, checker, decodePayload, topics } from '@entre/protocol';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { repoRoot, startMosquitto } from './support/lobby.js';
import { waitFor } from './support/ports.js';

async function retainedBoard(url: string, zone: string): Promise<Board> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const got = new Promise<Board>((resolve) => client.on('message', (_t, payload) => {
      const res = decodePayload(checker(Board), payload);
      if (res.ok) resolve(res.value);
    }));
    await client.subscribeAsync(topics.zoneBoard('demo', zone), { qos: 1 });
    return await Promise.race([got, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no retained board')), 5000))]);
  } finally {
    await client.endAsync();
  }
}

test('state changed while Mosquitto was down reaches it after its restart, retained topics restored', async (t) => {
  const mosquitto = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'entre-restart-'));
  const app = await buildApp(validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttUrl: mosquitto.url, logLevel: 'silent', appsDir: repoRoot }));
  t.after(async () => { await app.stop(); await mosquitto.stop(); rmSync(dir, { recursive: true, force: true }); });
  await app.start();
  await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } });
  await app.flushed();
  assert.equal((await retainedBoard(mosquitto.url, 'lobby')).calls.length, 0);

  await mosquitto.stopOnly();
  const login = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'disk', password: 'entre-demo-2026' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/service-points/disk-2/call-next', headers: { cookie } });
  assert.equal(res.statusCode, 200, 'the counter keeps working while the broker is down');
  assert.equal(res.json().called.number, 'A001');
  assert.ok(app.store.outbox.count() > 0, 'the announcements wait in the outbox');

  await mosquitto.startAgain();
  await waitFor('outbox drained after the restart', () => app.store.outbox.count() === 0 || undefined, 15_000);
  const board = await retainedBoard(mosquitto.url, 'lobby');
  assert.equal(board.calls[0]?.ticket, 'A001');
  assert.equal(board.calls[0]?.servicePoint, 'disk-2');
});
