import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { PrintJob, checker, decodePayload, topics } from '@entre/protocol';
import { signIn, tempApp } from '../test-support/app.js';

test('facility staff see each printer, its recent jobs and when it needs attention, and can test print', async (t) => {
  const { app, remove } = await tempApp();
  t.after(remove);
  const urls = await app.start();
  const facility = await signIn(app, 'facility');
  const list = async () => (await app.http.inject({ method: 'GET', url: '/api/v1/printers', headers: { cookie: facility } })).json() as {
    printers: { id: string; attention: boolean; paper: string; recentJobs: { ticket?: string; state: string }[]; today: { queued: number } }[];
  };
  assert.equal((await app.http.inject({ method: 'GET', url: '/api/v1/printers', headers: { cookie: await signIn(app, 'disk') } })).statusCode, 403);

  const ticket = (await app.http.inject({ method: 'POST', url: '/api/v1/tickets', payload: { kiosk: 'kiosk-1', service: 'allmant', language: 'sv' } })).json() as { number: string };
  let p = (await list()).printers[0]!;
  assert.equal(p.id, 'printer-1');
  assert.deepEqual(p.recentJobs.map((j) => [j.ticket, j.state]), [[ticket.number, 'queued']]);
  assert.equal(p.today.queued, 1);

  assert.equal(p.attention, true, 'a printer that never reported is not trusted');
  // The bridge reports paper near its end: the printer asks for attention.
  const bridge = await mqtt.connectAsync(urls.mqtt, { protocolVersion: 4 });
  t.after(() => bridge.endAsync());
  await bridge.publishAsync(topics.printerStatus('demo', 'printer-1'), JSON.stringify({
    v: 1, at: new Date().toISOString(), printer: 'printer-1', online: true, paper: 'near_end', coverOpen: false, errors: [],
  }), { qos: 1, retain: true });
  const end = Date.now() + 5000;
  while ((p = (await list()).printers[0]!).paper !== 'near_end' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.equal(p.paper, 'near_end');
  assert.equal(p.attention, true);
  // New paper: all well again.
  await bridge.publishAsync(topics.printerStatus('demo', 'printer-1'), JSON.stringify({
    v: 1, at: new Date().toISOString(), printer: 'printer-1', online: true, paper: 'ok', coverOpen: false, errors: [],
  }), { qos: 1, retain: true });
  const end2 = Date.now() + 5000;
  while ((p = (await list()).printers[0]!).paper !== 'ok' && Date.now() < end2) await new Promise((r) => setTimeout(r, 20));
  assert.equal(p.attention, false);

  // A test print goes out as an ordinary job to the printer's topic.
  const jobs: string[] = [];
  bridge.on('message', (_topic, payload) => {
    const job = decodePayload(checker(PrintJob), payload);
    if (job.ok) jobs.push(job.value.ticket.number);
  });
  await bridge.subscribeAsync(topics.printerJobs('demo', 'printer-1'), { qos: 1 });
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/printers/printer-1/test-print', headers: { cookie: facility } });
  assert.equal(res.statusCode, 202);
  assert.match(res.json().jobId, /^test-/);
  await app.flushed();
  const until = Date.now() + 5000;
  while (!jobs.includes('T000') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.ok(jobs.includes('T000'), 'the test job reached the printer topic');
  assert.equal((await app.http.inject({ method: 'POST', url: '/api/v1/printers/nope/test-print', headers: { cookie: facility } })).statusCode, 404);
});
