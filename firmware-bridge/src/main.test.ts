import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics, type Availability } from '@entre/protocol';
import { startBroker } from './test-support/broker.js';
import { recorder } from './test-support/mqtt-client.js';
import { startSocketPrinter } from './test-support/socket-printer.js';
import type { ReadyMessage } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const mainTs = join(here, 'main.ts');
const repoRoot = join(here, '..', '..');
// Explicit, so the child never inherits the test runner's own flags.
const execArgv = ['--conditions=source', '--import', 'tsx'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited orphan may linger as a zombie until init reaps it; it is gone all the same.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

test('main stops, announces offline and exits 0 when its IPC parent disconnects', async (t) => {
  const broker = await startBroker();
  const dir = await mkdtemp(join(tmpdir(), 'entre-main-'));
  let child: ChildProcess | undefined;
  t.after(async () => {
    if (child?.pid && alive(child.pid)) child.kill('SIGKILL');
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  const availability = await recorder(broker.url, [topics.deviceAvailability('demo', 'bridge-ipc')]);
  t.after(() => availability.close());
  let output = '';
  child = fork(mainTs, [], {
    cwd: repoRoot,
    execArgv,
    env: { ...process.env, MQTT_URL: broker.url, ENTRE_SITE: 'demo', ENTRE_BRIDGE_ID: 'bridge-ipc', ENTRE_PRINTS_DIR: dir, ENTRE_BRIDGE_STATE_DIR: join(dir, 'state'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready message; output:\n${output}`)), 15_000);
    child!.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as ReadyMessage);
    });
    child!.once('exit', (code) => reject(new Error(`exited early with ${code}; output:\n${output}`)));
  });
  assert.deepEqual(ready, { type: 'entre-bridge:ready', device: 'bridge-ipc', printers: ['printer-1'] });
  await availability.waitFor((m) => (m.json() as Availability).state === 'online', 5000, 'online');

  const exit = exited(child);
  child.disconnect();
  let timer: NodeJS.Timeout | undefined;
  const { code } = await Promise.race([
    exit,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`child did not exit; output:\n${output}`)), 10_000))),
  ]).finally(() => clearTimeout(timer));
  assert.equal(code, 0, output);
  await availability.waitFor((m) => (m.json() as Availability).state === 'offline', 5000, 'offline');
  // Logs are JSON lines on stdout.
  const lines = output.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; why?: string });
  assert.ok(lines.some((l) => l.msg === 'shutting down' && l.why === 'parent disconnected'), output);
});

test('main exits when its parent is killed, leaving no orphan', async (t) => {
  const broker = await startBroker();
  const dir = await mkdtemp(join(tmpdir(), 'entre-orphan-'));
  let childPid: number | undefined;
  let parent: ChildProcess | undefined;
  t.after(async () => {
    if (parent?.pid && alive(parent.pid)) parent.kill('SIGKILL');
    if (childPid && alive(childPid)) process.kill(childPid, 'SIGKILL');
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Stands in for the server: forks the bridge, reports its pid once ready, then waits.
  const parentScript = join(dir, 'parent.mjs');
  await writeFile(
    parentScript,
    `import { fork } from 'node:child_process';
     const child = fork(${JSON.stringify(mainTs)}, [], { cwd: ${JSON.stringify(repoRoot)}, execArgv: ${JSON.stringify(execArgv)}, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
     child.on('message', (m) => { if (m.type === 'entre-bridge:ready') console.log(JSON.stringify({ pid: child.pid })); });
     setInterval(() => {}, 1000);`,
  );
  parent = spawn(process.execPath, [parentScript], {
    cwd: repoRoot,
    env: { ...process.env, MQTT_URL: broker.url, ENTRE_BRIDGE_ID: 'bridge-orphan', ENTRE_PRINTS_DIR: join(dir, 'prints'), ENTRE_BRIDGE_STATE_DIR: join(dir, 'state'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  parent.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  childPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge never became ready; stderr:\n${stderr}`)), 15_000);
    parent!.stdout?.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve((JSON.parse(d.toString()) as { pid: number }).pid);
    });
  });
  assert.ok(alive(childPid));

  const parentExit = exited(parent);
  parent.kill('SIGKILL');
  await parentExit;
  await until(() => !alive(childPid!), 10_000, 'the orphaned bridge to exit');
});

test('a network printer from ENTRE_PRINTERS prints a job end to end and reports its paper', async (t) => {
  const broker = await startBroker();
  const dir = await mkdtemp(join(tmpdir(), 'entre-net-'));
  // A printer on raw TCP: records the bytes, answers DLE EOT with paper near its end.
  const printer = await startSocketPrinter({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e });
  const { port, received } = printer;
  let child: ChildProcess | undefined;
  t.after(async () => {
    if (child?.pid && alive(child.pid)) child.kill('SIGKILL');
    await printer.close();
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });
  const results = await recorder(broker.url, [topics.printerResults('demo', 'natet'), topics.printerStatus('demo', 'natet')]);
  t.after(() => results.close());
  let output = '';
  child = fork(mainTs, [], {
    cwd: repoRoot, execArgv,
    env: {
      ...process.env, MQTT_URL: broker.url, ENTRE_SITE: 'demo', ENTRE_BRIDGE_ID: 'bridge-net', ENTRE_PRINTS_DIR: dir, ENTRE_BRIDGE_STATE_DIR: join(dir, 'state'), LOG_LEVEL: 'warn',
      ENTRE_PRINTERS: JSON.stringify([{ id: 'natet', driver: 'network', host: '127.0.0.1', port }]), ENTRE_STATUS_INTERVAL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready message; output:\n${output}`)), 15_000);
    child!.once('message', () => { clearTimeout(timer); resolve(); });
  });
  const { sampleJob } = await import('./test-support/fixtures.js');
  await results.client.publishAsync(topics.printerJobs('demo', 'natet'), JSON.stringify({ ...sampleJob('job-net-1'), printer: 'natet' }), { qos: 1 });
  const result = await results.waitFor((m) => m.topic.endsWith('/results'), 10_000, 'print result');
  assert.equal((result.json() as { result: string }).result, 'printed', output);
  const bytes = Buffer.concat(received);
  let job = bytes.subarray(bytes.indexOf(Buffer.from([0x1b, 0x40])));
  // Status queries (DLE EOT n) after the job: the bridge checking the printer did not stop during it.
  while (job.length >= 3 && job[job.length - 3] === 0x10 && job[job.length - 2] === 0x04) job = job.subarray(0, job.length - 3);
  assert.equal(job.subarray(0, 2).toString('hex'), '1b40', 'the ticket starts with ESC @');
  assert.equal(job.subarray(job.length - 4).toString('hex'), '1d564200', 'and ends with the cut');
  await results.waitFor((m) => m.topic.endsWith('/status') && (m.json() as { paper: string }).paper === 'near_end', 10_000, 'near-end status');
  // A display or console that connects later gets it at once: it is retained.
  const later = await recorder(broker.url, [topics.printerStatus('demo', 'natet')]);
  t.after(() => later.close());
  const retained = await later.waitFor(() => true, 5000, 'retained status');
  assert.equal(retained.retain, true);
  assert.equal((retained.json() as { paper: string }).paper, 'near_end');
});

test('the bridge process reports paper out, cover open, offline and recovery within 2 s each', async (t) => {
  const broker = await startBroker();
  const dir = await mkdtemp(join(tmpdir(), 'entre-faults-'));
  // A socket printer whose status replies the test changes, and which can be switched off.
  const printer = await startSocketPrinter({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 });
  const { port } = printer;
  let child: ChildProcess | undefined;
  t.after(async () => {
    if (child?.pid && alive(child.pid)) child.kill('SIGKILL');
    await printer.close();
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });
  const watch = await recorder(broker.url, [topics.printerStatus('demo', 'natet')]);
  t.after(() => watch.close());
  child = fork(mainTs, [], {
    cwd: repoRoot, execArgv,
    env: {
      ...process.env, MQTT_URL: broker.url, ENTRE_SITE: 'demo', ENTRE_BRIDGE_ID: 'bridge-faults', ENTRE_PRINTS_DIR: dir,
      ENTRE_BRIDGE_STATE_DIR: join(dir, 'state'), LOG_LEVEL: 'error', ENTRE_STATUS_INTERVAL_MS: '500',
      ENTRE_PRINTERS: JSON.stringify([{ id: 'natet', driver: 'network', host: '127.0.0.1', port }]),
    },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ready message')), 15_000);
    child!.once('message', () => { clearTimeout(timer); resolve(); });
  });
  type S = { online: boolean; paper: string; coverOpen: boolean };
  const within2s = async (what: string, ok: (s: S) => boolean) => {
    const changedAt = Date.now();
    const m = await watch.waitFor((msg) => ok(msg.json() as S) && watch.messages.indexOf(msg) >= seen, 2000, what);
    seen = watch.messages.indexOf(m) + 1;
    assert.ok(Date.now() - changedAt <= 2000, `${what} within 2 s`);
  };
  let seen = 0;
  await within2s('healthy at start', (s) => s.online && s.paper === 'ok');
  printer.setReplies({ 1: 0x12, 2: 0x32, 3: 0x12, 4: 0x72 });
  await within2s('paper out', (s) => s.paper === 'out');
  printer.setReplies({ 1: 0x12, 2: 0x16, 3: 0x12, 4: 0x12 });
  await within2s('cover open', (s) => s.coverOpen && s.paper === 'ok');
  printer.setReplies({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 });
  await within2s('recovered', (s) => s.online && !s.coverOpen && s.paper === 'ok');
  // Switched off: connections refused.
  await printer.close();
  await within2s('offline', (s) => !s.online);
});
