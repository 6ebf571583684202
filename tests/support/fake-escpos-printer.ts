/**
 * A network (raw TCP 9100) ESC/POS printer for fault tests, driven by the real bridge
 * process through its `network` driver. It answers DLE EOT status queries from the state
 * the test sets, and keeps a record of every job connection: which ticket it carried (the
 * `/t/<id>` URL in its QR data), how many bytes reached the "paper", and whether the job
 * came out whole (ESC @ … cut).
 *
 * `runOutAfter(bytes)` makes the paper run out in the middle of the next job, as a real
 * Epson with a UB-E interface does it: printing stops, the printer goes offline (DLE EOT
 * n=1 0x1A, n=2 0x32, n=4 0x72), it stops reading the connection (the TCP window closes) and
 * what was not printed is lost with that connection. `restorePaper()` loads a new roll.
 */
import { createServer, type Socket } from 'node:net';

/** DLE EOT replies (ESCPOS.md A1): healthy, and out of paper (offline, stopped at paper end). */
export const HEALTHY = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 } as const;
export const PAPER_OUT = { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 } as const;

export interface PrintedJob {
  /** The ticket id found in the job's QR URL (`…/t/<id>`), if any. */
  ticketId: string | null;
  /** Bytes that reached the paper. */
  bytes: number;
  /** ESC @ at the start and the cut (GS V) at the end both printed. */
  complete: boolean;
  /** The paper ran out during this job. */
  cutShort: boolean;
}

export interface FakeEscposPrinter {
  port: number;
  jobs: PrintedJob[];
  /** Complete prints per ticket id. */
  completeFor(ticketId: string): number;
  /** Called when a job's first bytes arrive (e.g. to kill the sender mid-job). */
  onJobStart(listener: (() => void) | undefined): void;
  /** The paper runs out once this many bytes of the next job have been printed. */
  runOutAfter(bytes: number): void;
  /** A new roll: healthy status, and connections are read again. */
  restorePaper(): void;
  paperOut(): boolean;
  close(): Promise<void>;
}

const ESC_AT = Buffer.from([0x1b, 0x40]);
const CUT = Buffer.from([0x1d, 0x56]);

export async function startFakeEscposPrinter(): Promise<FakeEscposPrinter> {
  let out = false;
  let runOutAt: number | null = null;
  let jobStarted: (() => void) | undefined;
  const jobs: PrintedJob[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const printed: Buffer[] = [];
    let printedBytes = 0;
    let isJob = false;
    let stuck = false;
    let cutShort = false;
    socket.on('data', (chunk: Buffer) => {
      if (stuck) return; // paused below; nothing more reaches the paper
      // Status queries are answered at once, whatever the paper does (DLE EOT is real-time).
      if (!isJob) {
        for (let i = 0; i + 2 < chunk.length; i++) {
          if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) socket.write(Buffer.from([(out ? PAPER_OUT : HEALTHY)[chunk[i + 2] as 1 | 2 | 3 | 4] ?? 0x12]));
        }
        if (chunk.indexOf(ESC_AT) < 0) return;
        isJob = true;
        jobStarted?.();
      }
      if (out) { stuck = true; cutShort = true; socket.pause(); return; }
      let take = chunk;
      if (runOutAt !== null && printedBytes + chunk.length > runOutAt) {
        take = chunk.subarray(0, Math.max(0, runOutAt - printedBytes));
        runOutAt = null;
        out = true;
        stuck = true;
        cutShort = true;
        // The buffer is full and the printer offline: it stops reading, so the sender's
        // writes still "succeed" into the socket buffers, and no FIN is ever answered.
        socket.pause();
      }
      printed.push(take);
      printedBytes += take.length;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (!isJob) return;
      const all = Buffer.concat(printed);
      const m = all.toString('latin1').match(/\/t\/([A-Za-z0-9_-]{8,64})/);
      const start = all.indexOf(ESC_AT);
      const cutAt = all.lastIndexOf(CUT);
      jobs.push({
        ticketId: m?.[1] ?? null,
        bytes: all.length,
        complete: !cutShort && start >= 0 && cutAt >= 0 && cutAt >= all.length - 4,
        cutShort,
      });
    });
    // A job connection ends when the bridge half-closes: a healthy printer closes too.
    socket.on('end', () => { if (!stuck) socket.end(); });
  });
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as { port: number }).port,
    jobs,
    completeFor: (id) => jobs.filter((j) => j.ticketId === id && j.complete).length,
    onJobStart(listener) { jobStarted = listener; },
    runOutAfter(bytes) { runOutAt = bytes; },
    restorePaper() { out = false; runOutAt = null; },
    paperOut: () => out,
    close() {
      for (const s of sockets) s.destroy();
      closed ??= new Promise((r) => server.close(() => r()));
      return closed;
    },
  };
}
