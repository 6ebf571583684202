/**
 * A printer without hardware, for the demo, tests and benches: each job's exact bytes go
 * to `<dir>/<jobId>.bin`, a readable preview to `<dir>/<jobId>.txt` and a picture of the
 * paper to `<dir>/<jobId>.png`. Faults can be
 * simulated so the failure paths run without a real printer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaperState } from '@entre/protocol';
import { PortError, type DeviceStatus, type PrinterPort, type WriteContext } from './port.js';

export interface VirtualFault {
  paper?: PaperState;
  coverOpen?: boolean;
  online?: boolean;
  /** Makes the next writes fail as if the cable were pulled mid-job. */
  writeFails?: boolean;
}

export interface VirtualPrinter extends PrinterPort {
  readonly kind: 'virtual';
  readonly dir: string;
  /** Sets (merges) a simulated fault; `clearFault()` returns to a healthy printer. */
  simulateFault(fault: VirtualFault): void;
  clearFault(): void;
  /** True once `<jobId>.bin` exists: the record survives a restart of the bridge. */
  hasPrinted(jobId: string): Promise<boolean>;
  /** Where a job's files go. */
  pathsFor(jobId: string): { bin: string; txt: string; png: string };
}

export interface VirtualPrinterOptions {
  /** Default `data/prints` (relative to the working directory); created when missing. */
  dir?: string;
}

export function createVirtualPrinter(options: VirtualPrinterOptions = {}): VirtualPrinter {
  const dir = options.dir ?? join('data', 'prints');
  let fault: VirtualFault = {};
  let opened = false;

  const status = (): DeviceStatus => {
    const errors: string[] = [];
    if (fault.writeFails) errors.push('write_failed');
    return { online: fault.online ?? true, paper: fault.paper ?? 'ok', coverOpen: fault.coverOpen ?? false, errors };
  };

  const pathsFor = (jobId: string) => {
    const name = fileNameFor(jobId);
    return { bin: join(dir, `${name}.bin`), txt: join(dir, `${name}.txt`), png: join(dir, `${name}.png`) };
  };

  return {
    kind: 'virtual',
    dir,
    async open() {
      await mkdir(dir, { recursive: true });
      opened = true;
    },
    async write(bytes: Uint8Array, context: WriteContext) {
      if (!opened) throw new PortError('ENTRE_PRINTER_OFFLINE', 'virtual printer is not open');
      // The same checks a real printer would fail on, so the bridge's error path is exercised.
      if (fault.paper === 'out') throw new PortError('ENTRE_PRINTER_PAPER_OUT', 'virtual printer: paper out');
      if (fault.coverOpen) throw new PortError('ENTRE_PRINTER_COVER_OPEN', 'virtual printer: cover open');
      if (fault.online === false) throw new PortError('ENTRE_PRINTER_OFFLINE', 'virtual printer: offline');
      if (fault.writeFails) throw new PortError('ENTRE_PRINTER_WRITE_FAILED', 'virtual printer: simulated write failure');
      const paths = pathsFor(context.jobId);
      try {
        // The preview first: the .bin is the "printed" marker, so it must come last.
        await writeFileAtomic(paths.txt, Buffer.from(context.preview, 'utf8'));
        if (context.png) await writeFileAtomic(paths.png, context.png);
        await writeFileAtomic(paths.bin, bytes);
      } catch (err) {
        throw new PortError('ENTRE_PRINTER_WRITE_FAILED', `virtual printer could not write job files: ${(err as Error).message}`, { cause: err });
      }
    },
    async readStatus() {
      return status();
    },
    async close() {
      opened = false;
    },
    async hasPrinted(jobId: string) {
      try {
        return (await stat(pathsFor(jobId).bin)).isFile();
      } catch {
        return false;
      }
    },
    simulateFault(next: VirtualFault) {
      fault = { ...fault, ...next };
    },
    clearFault() {
      fault = {};
    },
    pathsFor,
  };
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A file name for a job id. Safe ids are used as they are, so `<jobId>.bin` is
 * predictable; anything else is cleaned and suffixed with a hash of the original, so two
 * different ids never share a file (which would make one look already printed).
 */
export function fileNameFor(jobId: string): string {
  if (SAFE_NAME.test(jobId) && !jobId.includes('..')) return jobId;
  const cleaned = jobId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  const hash = createHash('sha256').update(jobId, 'utf8').digest('hex').slice(0, 12);
  return `${cleaned}-${hash}`;
}

/**
 * Write-to-temp, fsync, rename: a reader (or a restarted bridge checking for an existing
 * .bin) sees either no file or the whole file, never a torn one, even after a crash.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
