/**
 * Fault 2 (issue 9): SIGKILL of the bridge in the middle of a print.
 *
 * Real processes: the built server (embedded broker, no forked bridge) and the built bridge
 * as its own process with the virtual printer (ENTRE_PRINTS_DIR; a job is on "paper" when its
 * `<jobId>.bin` exists) and its job journal (ENTRE_BRIDGE_STATE_DIR). A burst of tickets is
 * issued and the bridge is SIGKILLed the moment the printer has started a job that is not
 * the first: its `.txt` preview is written, its `.bin` not yet (the bridge is frozen with
 * SIGSTOP when the preview lands, checked, and killed there). More tickets are issued while
 * it is dead; then it is started again on the same state and prints folders.
 *
 * Verified (each can fail):
 * - the kill really hit a job in the middle of printing (else the test says so and fails);
 * - facility sees the dead bridge (device_offline alert for bridge-1) until it is back;
 * - no job is printed twice: per job id at most one `.bin`, at most one "printed" from the
 *   two bridge lives together, and at most one "done" (`=id`) line in the job journal;
 * - nothing is silently lost: every ticket still exists and waits, and its print state
 *   (GET /api/v1/tickets/:id) settles to `printed` only if its `.bin` exists, or to `failed`
 *   with a reason; a `.bin` without `printed` is reported (the ticket was printed, the server
 *   was told it failed: pessimistic, not lost);
 * - the restarted bridge prints a new ticket at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertList, Ticket } from '@entre/protocol';
import { freePort, waitFor } from '../support/ports.js';
import { reap, startBridge, startServer, type BridgeProc, type ServerProc } from '../support/fault-procs.js';
import { startFakeEscposPrinter } from '../support/fake-escpos-printer.js';
import { signIn } from '../support/staff.js';

/** True once the process is stopped (SIGSTOP): state `T` in /proc/<pid>/stat. */
function stopped(pid: number): boolean {
  try { return /^\d+ \(.*\) T/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

test('SIGKILL of the bridge mid-print: after its restart no job is printed twice and every ticket is printed once or shown as failed with a reason', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-fault-bridge-'));
  const printsDir = join(dir, 'prints');
  const stateDir = join(dir, 'bridge-state');
  mkdirSync(printsDir, { recursive: true });
  const mqttPort = await freePort();
  let server: ServerProc | undefined;
  let bridge: BridgeProc | undefined;
  const lives: BridgeProc[] = [];
  let watcher: ReturnType<typeof watch> | undefined;
  t.after(async () => {
    watcher?.close();
    await reap(bridge, server);
    rmSync(dir, { recursive: true, force: true });
  });
  server = await startServer({ port: await freePort(), mqttPort, dbPath: join(dir, 'entre.db'), printsDir });
  const base = server.http;
  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const newBridge = async () => { bridge = await startBridge({ mqttUrl, stateDir, printsDir }); lives.push(bridge); return bridge; };
  await newBridge();

  const tickets: Ticket[] = [];
  const issue = async () => {
    const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service: 'allmant', language: 'sv' }) });
    assert.equal(res.status, 201);
    const tk = (await res.json()) as Ticket;
    tickets.push(tk);
    return tk;
  };
  const view = async (id: string) => (await (await fetch(`${base}/api/v1/tickets/${id}`)).json()) as Ticket;
  const bin = (jobId: string) => join(printsDir, `${jobId}.bin`);
  const facility = await signIn(base, 'facility');
  const alerts = async () => ((await (await fetch(`${base}/api/v1/alerts`, { headers: { cookie: facility } })).json()) as AlertList).alerts;

  // A first ticket prints normally: the chain works before the fault.
  const first = await issue();
  await waitFor('the first ticket printed', async () => (await view(first.id)).print.state === 'printed' || undefined, 15_000);

  // Freeze the bridge the instant a later job's preview lands (the .bin comes last): if its
  // .bin is not there yet, that job is mid-print and the bridge is killed right there; if it
  // was too quick, let it go on and try the next job.
  let midPrint: string | undefined;
  const tried = new Set<string>();
  const killed = new Promise<void>((resolve) => {
    watcher = watch(printsDir, (_event, name) => {
      const m = name?.match(/^([0-9a-f-]{36})\.txt$/);
      if (!m || midPrint || m[1] === first.print.jobId || tried.has(m[1]!)) return;
      tried.add(m[1]!);
      const victim = bridge!;
      try { process.kill(victim.pid, 'SIGSTOP'); } catch { return; }
      const end = Date.now() + 200;
      while (!stopped(victim.pid) && Date.now() < end) { /* the stop is delivered within microseconds */ }
      if (!existsSync(bin(m[1]!))) {
        midPrint = m[1];
        try { process.kill(-victim.pid, 'SIGKILL'); } catch { /* already gone */ }
        resolve();
      } else {
        process.kill(victim.pid, 'SIGCONT');
      }
    });
  });
  await Promise.all(Array.from({ length: 6 }, issue));
  await Promise.race([killed, new Promise((_, rej) => setTimeout(() => rej(new Error(`no job was caught mid-print (${tried.size} tried)`)), 15_000))]);
  await bridge!.kill9(); // reaps the group the watcher signalled
  watcher!.close();
  const binAtKill = existsSync(bin(midPrint!));
  assert.equal(binAtKill, false, 'the kill hit the job between its preview and its bytes (mid-print)');
  const printedBeforeKill = tickets.filter((tk) => existsSync(bin(tk.print.jobId!))).length;

  // While it is dead: facility is told, and kiosks keep issuing.
  await waitFor('the device_offline alert for bridge-1', async () => (await alerts()).some((a) => a.kind === 'device_offline' && a.subject === 'bridge-1' && !a.clearedAt) || undefined, 5000);
  for (let i = 0; i < 2; i++) await issue();

  const restarting = performance.now();
  await newBridge();
  t.diagnostic(`killed mid-print of job ${midPrint} with ${printedBeforeKill} of ${tickets.length - 2} tickets on paper; bridge back in ${Math.round(performance.now() - restarting)} ms`);
  const after = await issue();
  await waitFor('the ticket issued after the restart printed', async () => (await view(after.id)).print.state === 'printed' || undefined, 10_000);
  // The server re-sends what no bridge answered once the printer reports ready again.
  const resent = await waitFor('every ticket printed after the restart', async () => {
    const all = await Promise.all(tickets.map((tk) => view(tk.id)));
    return all.every((v) => v.print.state === 'printed') || undefined;
  }, 5000).then(() => performance.now() - restarting, () => undefined);
  t.diagnostic(resent === undefined ? 'not every ticket printed within 5 s of the restart' : `every ticket printed ${Math.round(resent)} ms after the bridge was started again`);
  await waitFor('the device_offline alert cleared', async () => !(await alerts()).some((a) => a.kind === 'device_offline' && a.subject === 'bridge-1' && !a.clearedAt) || undefined, 5000);

  // Every print state settles (the server fails an unanswered job after 30 s, checked every 5 s).
  const settledFrom = performance.now();
  const final = await waitFor('every print state settled', async () => {
    const all = await Promise.all(tickets.map((tk) => view(tk.id)));
    return all.every((v) => v.print.state !== 'queued') ? all : undefined;
  }, 45_000);
  t.diagnostic(`all print states settled ${Math.round(performance.now() - settledFrom)} ms after the check began`);

  // Across both lives of the bridge: "printed" per job, and the journal's sends per job.
  const printedLogs = new Map<string, number>();
  for (const life of lives) {
    for (const line of life.running.output().split('\n')) {
      const m = line.match(/"jobId":"([^"]+)".*"msg":"printed"/);
      if (m) printedLogs.set(m[1]!, (printedLogs.get(m[1]!) ?? 0) + 1);
    }
  }
  const journal = readFileSync(join(stateDir, 'bridge-1-printed-jobs.log'), 'utf8').split('\n').filter(Boolean);
  const bins = readdirSync(printsDir).filter((f) => f.endsWith('.bin'));
  const pessimistic: string[] = [];
  for (const v of final) {
    const jobId = v.print.jobId!;
    assert.equal(v.state, 'waiting', `${v.number} is still a valid ticket`);
    assert.ok((printedLogs.get(jobId) ?? 0) <= 1, `${v.number}: printed ${printedLogs.get(jobId)} times`);
    const done = journal.filter((l) => l === `=${jobId}`).length;
    assert.ok(done <= 1, `${v.number}: the journal has it printed ${done} times`);
    assert.ok(bins.filter((f) => f.startsWith(jobId)).length <= 1, `${v.number}: one .bin at most`);
    const onPaper = existsSync(bin(jobId));
    if (v.print.state === 'printed') assert.ok(onPaper, `${v.number} reads printed but never reached the paper (silently lost)`);
    else {
      assert.equal(v.print.state, 'failed', `${v.number}: ${JSON.stringify(v.print)}`);
      assert.ok(v.print.reason, `${v.number} failed with a reason the kiosk and facility can show`);
      if (onPaper) pessimistic.push(v.number);
    }
  }
  const summary = final.map((v) => `${v.number}:${v.print.state}${v.print.reason ? `(${v.print.reason})` : ''}`).join(' ');
  t.diagnostic(`print states: ${summary}${pessimistic.length ? `; printed but reported failed: ${pessimistic.join(', ')}` : ''}`);
  const mid = final.find((v) => v.print.jobId === midPrint)!;
  assert.ok(mid.print.state === 'failed' || existsSync(bin(midPrint!)), `the job cut off by the kill (${mid.number}) is not silently lost`);
  // DESIGN §6 "the server retries": the bridge was back within seconds, so nothing had to fail.
  assert.ok(resent !== undefined, `every ticket printed within 5 s of the bridge's restart, not left to time out: ${summary}`);
});

/**
 * The same fault on a printer that cannot tell what it printed (network, raw TCP 9100; the
 * fake printer of tests/support/fake-escpos-printer.ts records what reached its paper): the
 * bridge is SIGKILLed the moment the printer starts receiving a job.
 *
 * Verified (each can fail): after the restart that job is not printed again (at most one
 * complete print per ticket on the printer); it reads `printed` only if it is whole on the
 * paper, else `failed` with a reason; every other ticket prints exactly once and reads
 * `printed` within seconds (the server re-sends what the dead bridge never answered).
 */
test('SIGKILL of the bridge while a network printer takes a job: no ticket printed twice, none read printed without being on paper, the others print once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-fault-bridge-net-'));
  const mqttPort = await freePort();
  const printer = await startFakeEscposPrinter();
  let server: ServerProc | undefined;
  let bridge: BridgeProc | undefined;
  t.after(async () => {
    await reap(bridge, server);
    await printer.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const printsDir = join(dir, 'prints');
  server = await startServer({ port: await freePort(), mqttPort, dbPath: join(dir, 'entre.db'), printsDir });
  const base = server.http;
  const newBridge = async () => {
    bridge = await startBridge({
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, stateDir: join(dir, 'bridge-state'), printsDir,
      printers: [{ id: 'printer-1', driver: 'network', host: '127.0.0.1', port: printer.port }],
    });
  };
  await newBridge();
  const tickets: Ticket[] = [];
  const issue = async () => {
    const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kiosk: 'kiosk-1', service: 'parkering', language: 'sv' }) });
    assert.equal(res.status, 201);
    tickets.push((await res.json()) as Ticket);
  };
  const view = async (id: string) => (await (await fetch(`${base}/api/v1/tickets/${id}`)).json()) as Ticket;

  await issue();
  await waitFor('the first ticket printed', async () => (await view(tickets[0]!.id)).print.state === 'printed' || undefined, 15_000);
  let cutAt = -1; // index in printer.jobs of the job the kill cut into (recorded when its connection closes)
  const killed = new Promise<void>((resolve) => printer.onJobStart(() => {
    printer.onJobStart(undefined);
    cutAt = printer.jobs.length;
    try { process.kill(-bridge!.pid, 'SIGKILL'); } catch { /* gone */ }
    resolve();
  }));
  await Promise.all([issue(), issue(), issue()]);
  await Promise.race([killed, new Promise((_, rej) => setTimeout(() => rej(new Error('no job reached the printer')), 15_000))]);
  await bridge!.kill9();
  await issue(); // while it is dead
  const restarting = performance.now();
  await newBridge();
  await issue();

  const final = await waitFor('every print state settled', async () => {
    const all = await Promise.all(tickets.map((tk) => view(tk.id)));
    return all.every((v) => v.print.state !== 'queued') ? all : undefined;
  }, 45_000);
  const settledMs = performance.now() - restarting;
  await new Promise((r) => setTimeout(r, 500)); // a late duplicate would show up by now
  const summary = final.map((v) => `${v.number}:${v.print.state}${v.print.reason ? `(${v.print.reason})` : ''}×${printer.completeFor(v.id)}`).join(' ');
  t.diagnostic(`settled ${Math.round(settledMs)} ms after the restart: ${summary} (×n = complete prints)`);
  const cutTicket = printer.jobs[cutAt]?.ticketId;
  for (const v of final) {
    assert.ok(printer.completeFor(v.id) <= 1, `${v.number} printed ${printer.completeFor(v.id)} times`);
    if (v.print.state === 'printed') assert.equal(printer.completeFor(v.id), 1, `${v.number} reads printed but is not whole on the paper`);
    else assert.ok(v.print.reason, `${v.number} failed with a reason`);
    if (v.id !== cutTicket) assert.equal(v.print.state, 'printed', `${v.number} (not the job the kill cut into) printed: ${summary}`);
  }
  assert.ok(settledMs < 10_000, `settled ${Math.round(settledMs)} ms after the restart, not by the 30 s timeout`);
});
