import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics, type Availability, type PrintJob, type PrintResult, type PrinterStatus } from '@entre/protocol';
import { createJobJournal } from './job-journal.js';
import { createBridge, type Bridge } from './bridge.js';
import { createVirtualPrinter, type VirtualPrinter } from './drivers/virtual.js';
import type { PrinterPort } from './drivers/port.js';
import { renderTicket, type PrinterProfile } from './render/ticket.js';
import { startBroker, type TestBroker } from './test-support/broker.js';
import { recorder, type Received, type Recorder } from './test-support/mqtt-client.js';
import { captureLogger, type LogLine } from './test-support/log.js';
import { sampleJob, sampleTicket } from './test-support/fixtures.js';

const SITE = 'demo';
const DEVICE = 'bridge-1';
const PRINTER = 'printer-1';
const profile: PrinterProfile = { widthDots: 576, codePage: 'cp858' };
const T = {
  jobs: topics.printerJobs(SITE, PRINTER),
  results: topics.printerResults(SITE, PRINTER),
  status: topics.printerStatus(SITE, PRINTER),
  availability: topics.deviceAvailability(SITE, DEVICE),
};

interface Rig {
  broker: TestBroker;
  dir: string;
  virtual: VirtualPrinter;
  /** Job ids in the order the driver was asked to write them. */
  writes: string[];
  logs: LogLine[];
  warnings(): LogLine[];
  client: Recorder;
  bridge: Bridge;
  sendJob(job: PrintJob | string | object): Promise<void>;
  resultFor(jobId: string, nth?: number): Promise<PrintResult>;
  newBridge(): Bridge;
}

async function rig(t: TestContext, options: { reconnectPeriod?: number; statusIntervalMs?: number; dir?: string; journalPath?: string; noDriverMemory?: boolean } = {}): Promise<Rig> {
  const broker = await startBroker();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'entre-bridge-')));
  const virtual = createVirtualPrinter({ dir });
  const writes: string[] = [];
  // A recording wrapper at the hardware port: the bridge sees a normal driver.
  const driver: PrinterPort = {
    ...virtual,
    async write(bytes, context) {
      writes.push(context.jobId);
      await virtual.write(bytes, context);
    },
  };
  // Serial, network and USB printers cannot tell what they printed before: only the journal can.
  if (options.noDriverMemory) delete driver.hasPrinted;
  const log = captureLogger('debug');
  const bridges: Bridge[] = [];
  const newBridge = () => {
    const b = createBridge({
      mqttUrl: broker.url,
      site: SITE,
      device: DEVICE,
      printers: [{ id: PRINTER, driver, profile }],
      logger: log.logger,
      statusIntervalMs: options.statusIntervalMs ?? 60_000,
      mqttOptions: { reconnectPeriod: options.reconnectPeriod ?? 100, keepalive: 5 },
      // A restarted bridge reads the journal file afresh, as a new process would.
      ...(options.journalPath ? { journal: createJobJournal(options.journalPath) } : {}),
    });
    bridges.push(b);
    return b;
  };
  const client = await recorder(broker.url, [T.results, T.status, T.availability]);
  const bridge = newBridge();
  t.after(async () => {
    for (const b of bridges) await b.stop();
    await client.close();
    await broker.close();
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  });
  await bridge.start();

  const results = (jobId: string) =>
    client.messages.filter((m) => m.topic === T.results && (m.json() as PrintResult).jobId === jobId).map((m) => m.json() as PrintResult);
  return {
    broker,
    dir,
    virtual,
    writes,
    logs: log.lines,
    warnings: log.warnings,
    client,
    bridge,
    newBridge,
    async sendJob(job) {
      await client.client.publishAsync(T.jobs, typeof job === 'string' ? job : JSON.stringify(job), { qos: 1 });
    },
    async resultFor(jobId, nth = 1) {
      await client.waitFor(() => results(jobId).length >= nth, 5000, `result #${nth} for ${jobId}`);
      return results(jobId)[nth - 1]!;
    },
  };
}

const isAvailability = (state: Availability['state']) => (m: Received) =>
  m.topic === T.availability && (m.json() as Availability).state === state;

test('a valid job is printed once: exact .bin on disk and a printed result', async (t) => {
  const r = await rig(t);
  const job = sampleJob('job-1');
  await r.sendJob(job);
  const result = await r.resultFor('job-1');
  assert.equal(result.result, 'printed');
  assert.equal(result.printer, PRINTER);
  assert.equal(result.v, 1);
  assert.equal(result.reason, undefined);
  assert.deepEqual(await readFile(join(r.dir, 'job-1.bin')), renderTicket(job.ticket, profile));
  assert.match(await readFile(join(r.dir, 'job-1.txt'), 'utf8'), /Äldreomsorg/);
  const retained = r.client.messages.find((m) => m.topic === T.results);
  assert.equal(retained?.retain, false, 'results are events, not retained');
});

test('the same job id again is not printed again, but its result is re-sent', async (t) => {
  const r = await rig(t);
  await r.sendJob(sampleJob('job-dup'));
  await r.resultFor('job-dup', 1);
  await r.sendJob(sampleJob('job-dup'));
  const second = await r.resultFor('job-dup', 2);
  assert.equal(second.result, 'printed');
  assert.deepEqual(r.writes, ['job-dup']);

  // A restarted bridge has no memory, but the virtual printer's .bin says it was printed.
  await r.bridge.stop();
  const restarted = r.newBridge();
  await restarted.start();
  await r.sendJob(sampleJob('job-dup'));
  assert.equal((await r.resultFor('job-dup', 3)).result, 'printed');
  assert.deepEqual(r.writes, ['job-dup']);
  assert.deepEqual((await readdir(r.dir)).filter((f) => f.endsWith('.bin')), ['job-dup.bin']);
});

test('a bridge restarted mid-day never prints a job twice, though the printer cannot tell', async (t) => {
  const state = await mkdtemp(join(tmpdir(), 'entre-bridge-state-'));
  t.after(() => rm(state, { recursive: true, force: true }));
  const r = await rig(t, { journalPath: join(state, 'printed-jobs.log'), noDriverMemory: true });
  await r.sendJob(sampleJob('job-once'));
  assert.equal((await r.resultFor('job-once', 1)).result, 'printed');
  await r.bridge.stop();
  const restarted = r.newBridge();
  await restarted.start();
  await r.sendJob(sampleJob('job-once')); // the server re-sends what it had no answer for
  assert.equal((await r.resultFor('job-once', 2)).result, 'printed', 'the answer is re-sent');
  assert.deepEqual(r.writes, ['job-once'], 'printed once');
  await r.sendJob(sampleJob('job-next'));
  assert.equal((await r.resultFor('job-next')).result, 'printed');
  assert.deepEqual(r.writes, ['job-once', 'job-next']);
});

test('a job whose write failed is struck from the journal and prints when sent again', async (t) => {
  const state = await mkdtemp(join(tmpdir(), 'entre-bridge-state-'));
  t.after(() => rm(state, { recursive: true, force: true }));
  const r = await rig(t, { journalPath: join(state, 'printed-jobs.log'), noDriverMemory: true });
  r.virtual.simulateFault({ writeFails: true });
  await r.sendJob(sampleJob('job-retry'));
  assert.equal((await r.resultFor('job-retry', 1)).result, 'failed');
  r.virtual.clearFault();
  await r.sendJob(sampleJob('job-retry'));
  assert.equal((await r.resultFor('job-retry', 2)).result, 'printed');
  assert.deepEqual(r.writes, ['job-retry', 'job-retry']);
});

test('malformed jobs are logged and ignored; the next valid job still prints', async (t) => {
  const r = await rig(t);
  await r.sendJob('this is not JSON {');
  await r.sendJob({ ...sampleJob('job-bad-schema'), ticket: { number: 'nope' } });
  await r.sendJob(sampleJob('job-other-printer', { printer: 'printer-2' }));
  await r.sendJob(sampleJob('job-ok'));

  assert.equal((await r.resultFor('job-ok')).result, 'printed');
  // Jobs for one printer are handled in order, so the bad ones are done by now.
  const results = r.client.messages.filter((m) => m.topic === T.results).map((m) => (m.json() as PrintResult).jobId);
  assert.deepEqual(results, ['job-ok']);
  assert.deepEqual(r.writes, ['job-ok']);
  assert.deepEqual((await readdir(r.dir)).sort(), ['job-ok.bin', 'job-ok.png', 'job-ok.txt']);

  const warnings = r.warnings();
  assert.equal(warnings.length, 3, JSON.stringify(warnings));
  const [notJson, badSchema, otherPrinter] = warnings as [LogLine, LogLine, LogLine];
  assert.equal(notJson['topic'], T.jobs);
  assert.match(JSON.stringify(notJson['issues']), /not JSON/);
  assert.equal(badSchema['topic'], T.jobs);
  assert.ok(Array.isArray(badSchema['issues']) && badSchema['issues'].length > 0);
  assert.match(JSON.stringify(badSchema['issues']), /ticket/);
  assert.equal(otherPrinter['topic'], T.jobs);
  assert.equal(otherPrinter['jobPrinter'], 'printer-2');
});

test('paper out fails the job with a reason and publishes the status retained; recovery is published too', async (t) => {
  const r = await rig(t, { statusIntervalMs: 100 });
  const firstStatus = await r.client.waitFor((m) => m.topic === T.status, 5000, 'first status');
  assert.equal((firstStatus.json() as PrinterStatus).paper, 'ok');

  r.virtual.simulateFault({ paper: 'out' });
  await r.sendJob(sampleJob('job-no-paper'));
  const result = await r.resultFor('job-no-paper');
  assert.equal(result.result, 'failed');
  assert.equal(result.reason, 'paper_out');
  assert.deepEqual(r.writes, []);
  assert.deepEqual(await readdir(r.dir), []);

  // A newcomer (the server after a restart) learns the state from the retained message.
  const late = await recorder(r.broker.url, [T.status]);
  t.after(() => late.close());
  const retained = await late.waitFor((m) => m.topic === T.status, 5000, 'retained status');
  assert.equal(retained.retain, true);
  const status = retained.json() as PrinterStatus;
  assert.equal(status.paper, 'out');
  assert.equal(status.printer, PRINTER);

  // The poller publishes recovery without a job having to fail first.
  r.virtual.clearFault();
  await r.client.waitFor((m) => m.topic === T.status && (m.json() as PrinterStatus).paper === 'ok' && m !== firstStatus, 5000, 'recovered status');
  await r.sendJob(sampleJob('job-no-paper'));
  assert.equal((await r.resultFor('job-no-paper', 2)).result, 'printed', 'a failed job may be retried and print');
  const statuses = r.client.messages.filter((m) => m.topic === T.status).map((m) => (m.json() as PrinterStatus).paper);
  assert.deepEqual(statuses, ['ok', 'out', 'ok'], 'status only published when it changed');
});

test('an Arabic ticket prints its errand as raster; text no font covers prints with a warning', async (t) => {
  const r = await rig(t);
  await r.sendJob(sampleJob('job-ar', { ticket: sampleTicket({ language: 'ar', serviceName: 'رعاية المسنين' }) }));
  const ar = await r.resultFor('job-ar');
  assert.equal(ar.result, 'printed');
  assert.equal(ar.warnings, undefined);
  assert.ok((await readFile(join(r.dir, 'job-ar.bin'))).includes(Buffer.from([0x1d, 0x76, 0x30, 0x00])), 'GS v 0 raster sent');
  const png = await readFile(join(r.dir, 'job-ar.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'and a picture of the paper beside it');
  assert.equal(png.readUInt32BE(16), 576, 'as wide as the paper');
  await r.sendJob(sampleJob('job-zh', { ticket: sampleTicket({ language: 'zh', serviceName: '养老服务' }) }));
  const zh = await r.resultFor('job-zh');
  assert.equal(zh.result, 'printed');
  assert.deepEqual(zh.warnings, ['ENTRE_PRINT_TEXT_NOT_ENCODABLE serviceName']);
  assert.ok((await readFile(join(r.dir, 'job-zh.bin'))).includes(Buffer.from('A001')));
});

test('availability: online retained on connect, the will publishes offline retained when the socket dies', async (t) => {
  const r = await rig(t, { reconnectPeriod: 0 });
  const late = await recorder(r.broker.url, [T.availability]);
  t.after(() => late.close());
  const online = await late.waitFor(isAvailability('online'), 5000, 'retained online');
  assert.equal(online.retain, true);
  assert.equal((online.json() as Availability).device, DEVICE);

  assert.ok(r.broker.dropClient(`entre-bridge-${DEVICE}`), 'bridge client found on the broker');
  await r.client.waitFor(isAvailability('offline'), 5000, 'will');
  const after = await recorder(r.broker.url, [T.availability]);
  t.after(() => after.close());
  const retained = await after.waitFor(() => true, 5000, 'retained availability');
  assert.equal((retained.json() as Availability).state, 'offline');
  assert.equal(retained.retain, true);
});

test('after a dropped connection the bridge reconnects and republishes availability and status', async (t) => {
  const r = await rig(t, { reconnectPeriod: 100 });
  await r.client.waitFor((m) => m.topic === T.status, 5000, 'first status');
  const before = r.client.messages.length;
  assert.ok(r.broker.dropClient(`entre-bridge-${DEVICE}`));
  await r.client.waitFor(isAvailability('offline'), 5000, 'will');
  await r.client.waitFor((m) => isAvailability('online')(m) && r.client.messages.indexOf(m) >= before, 5000, 'online again');
  await r.client.waitFor((m) => m.topic === T.status && r.client.messages.indexOf(m) >= before, 5000, 'status again');
  // And it is subscribed again.
  await r.sendJob(sampleJob('job-after-reconnect'));
  assert.equal((await r.resultFor('job-after-reconnect')).result, 'printed');
});

test('stop() publishes offline retained and closes cleanly', async (t) => {
  const r = await rig(t);
  await r.bridge.stop();
  const late = await recorder(r.broker.url, [T.availability]);
  t.after(() => late.close());
  const retained = await late.waitFor(() => true, 5000, 'retained availability');
  assert.equal((retained.json() as Availability).state, 'offline');
  assert.ok(r.logs.some((l) => l.msg === 'bridge stopped'));
});

test('reconnects back off, doubling with jitter up to 30 s', async () => {
  const { nextReconnectPeriod } = await import('./bridge.js');
  assert.equal(nextReconnectPeriod(2000, 2000, () => 0.5), 4000);
  assert.equal(nextReconnectPeriod(4000, 2000, () => 0.5), 8000);
  assert.equal(nextReconnectPeriod(20_000, 2000, () => 0.5), 30_000);
  assert.equal(nextReconnectPeriod(30_000, 2000, () => 0), 24_000, 'jitter spreads a lobby of devices apart');
  assert.equal(nextReconnectPeriod(30_000, 2000, () => 1), 36_000);
});
