/**
 * A crash between commit and publish loses nothing: what the database committed is in
 * the outbox, and the next start sends it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { PrintJob, checker, decodePayload, topics } from '@entre/protocol';
import { buildApp } from '@entre/server/app';
import { validateConfig } from '@entre/server/config';
import { repoRoot, startMosquitto } from './support/lobby.js';
import { waitFor } from './support/ports.js';

test('a ticket committed by a server that died before publishing is printed after the restart', async (t) => {
  const mosquitto = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'entre-crash-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
    await mosquitto.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = validateConfig({ dbPath: join(dir, 'e.db'), port: 0, mqttUrl: mosquitto.url, logLevel: 'silent', appsDir: repoRoot });

  // First life: the ticket is committed, then the process "dies" before start() ever
  // connected to the broker, leaving the database file as a crash would.
  const first = await buildApp(config);
  const res = await first.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'skola', language: 'sv' } });
  assert.equal(res.statusCode, 201);
  const ticket = res.json() as { id: string; number: string; print: { jobId: string } };
  assert.ok(first.store.outbox.count() > 0);
  first.db.close(); // no stop(): nothing is flushed or published

  const bridge = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4 });
  cleanups.push(() => bridge.endAsync());
  const jobs: PrintJob[] = [];
  bridge.on('message', (_topic, payload) => {
    const job = decodePayload(checker(PrintJob), payload);
    if (job.ok) jobs.push(job.value);
  });
  await bridge.subscribeAsync(topics.printerJobs('demo', 'printer-1'), { qos: 1 });

  const second = await buildApp(config);
  cleanups.push(() => second.stop());
  await second.start();
  await waitFor('the print job from before the crash', () => jobs.find((j) => j.jobId === ticket.print.jobId), 10_000);
  assert.equal(jobs.find((j) => j.jobId === ticket.print.jobId)?.ticket.number, ticket.number);
  await waitFor('outbox drained', () => second.store.outbox.count() === 0 || undefined);
  // The number is never reused: the next ticket continues the day's sequence.
  const next = await second.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'skola', language: 'sv' } });
  assert.equal(next.json().number, 'F002');
});
