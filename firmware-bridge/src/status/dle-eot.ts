/**
 * Real-time status over ESC/POS `DLE EOT n` (10 04 n), as the serial and network drivers
 * read it (ESCPOS.md A1). The parsing is pure; `pollStatus` does the one-query-at-a-time
 * dialogue over any byte transport and never waits longer than its timeout per reply.
 */
import type { PaperState } from '@entre/protocol';
import { PortError, withTimeout, type DeviceStatus } from '../drivers/port.js';

/** The four status groups, by `n`. */
export const STATUS_QUERIES = { printer: 1, offline: 2, error: 3, paper: 4 } as const;
export type StatusGroup = keyof typeof STATUS_QUERIES;

/** One byte per group, as the printer answered `DLE EOT n`. */
export type StatusBytes = Partial<Record<StatusGroup, number>>;

/** The query `DLE EOT n`: `10 04 n`. */
export function DLE_EOT(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/**
 * True when `b` can be a DLE EOT reply: fixed bits 0=0, 1=1, 4=1, 7=0 (`0xx1xx10`).
 * This is what tells a reply apart from ASB packets (`0xx1xx00`, `0xx0xxxx`) and XON/XOFF (0x11/0x13).
 */
export function isStatusByte(b: number): boolean {
  return Number.isInteger(b) && b >= 0 && b <= 0xff && (b & 0x93) === 0x12;
}

const has = (b: number | undefined, mask: number): boolean => b !== undefined && (b & mask) !== 0;

/**
 * The printer's condition from its DLE EOT replies. A group that is missing (or whose byte
 * is not a status byte, reported as `invalid_reply`) is unknown: no `printer` byte means not
 * known to be online (`online: false`); no `paper` byte means `paper: 'unknown'` unless the
 * offline cause says printing stopped at paper end.
 *
 * - n=1 bit3: offline.
 * - n=2 bit2: cover open; bit5: stopped at paper end (→ paper `out`); bit6: error (`error`).
 * - n=3 bit2 `recoverable`, bit3 `autocutter`, bit5 `unrecoverable`, bit6 `auto_recoverable`.
 * - n=4 bits 2,3: paper near end (`near_end`); bits 5,6: paper end (`out`).
 *   Either bit of a pair counts, so a printer that sets only one is not read as healthy.
 */
export function parseStatus(bytes: StatusBytes): DeviceStatus {
  const errors: string[] = [];
  const valid = (b: number | undefined): number | undefined => {
    if (b === undefined) return undefined;
    if (isStatusByte(b)) return b;
    if (!errors.includes('invalid_reply')) errors.push('invalid_reply');
    return undefined;
  };
  const printer = valid(bytes.printer);
  const offline = valid(bytes.offline);
  const error = valid(bytes.error);
  const paperByte = valid(bytes.paper);

  const online = printer !== undefined && !has(printer, 0x08);
  const coverOpen = has(offline, 0x04);

  let paper: PaperState = paperByte === undefined ? 'unknown' : 'ok';
  if (has(paperByte, 0x0c)) paper = 'near_end';
  if (has(paperByte, 0x60) || has(offline, 0x20)) paper = 'out';

  if (has(offline, 0x40)) errors.push('error');
  if (has(error, 0x04)) errors.push('recoverable');
  if (has(error, 0x08)) errors.push('autocutter');
  if (has(error, 0x20)) errors.push('unrecoverable');
  if (has(error, 0x40)) errors.push('auto_recoverable');

  return { online, paper, coverOpen, errors };
}

/** A byte transport as `pollStatus` needs it. */
export interface StatusIo {
  write(bytes: Uint8Array): Promise<void>;
  /** The next incoming byte; rejects (PortError ENTRE_PRINTER_TIMEOUT) when none comes within `timeoutMs`. */
  readByte(timeoutMs: number): Promise<number>;
}

/**
 * Asks n=1, 2, 3, 4 in turn, one query in flight at a time, and waits up to `timeoutMs` for
 * each reply. Bytes that are not status bytes (ASB, XON/XOFF, line noise) are skipped within
 * the same deadline. Throws PortError ENTRE_PRINTER_TIMEOUT when a reply does not come;
 * other PortErrors from the transport (e.g. the port closed) pass through.
 */
export async function pollStatus(io: StatusIo, timeoutMs: number): Promise<DeviceStatus> {
  const bytes: StatusBytes = {};
  for (const [group, n] of Object.entries(STATUS_QUERIES) as [StatusGroup, 1 | 2 | 3 | 4][]) {
    const deadline = Date.now() + timeoutMs;
    await withTimeout(io.write(DLE_EOT(n)), timeoutMs, `sending DLE EOT ${n}`);
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw noReply(n, timeoutMs);
      let b: number;
      try {
        b = await io.readByte(left);
      } catch (err) {
        if (!(err instanceof PortError)) {
          throw new PortError('ENTRE_PRINTER_OFFLINE', `reading the reply to DLE EOT ${n} failed: ${(err as Error).message}`, { cause: err });
        }
        throw err.code === 'ENTRE_PRINTER_TIMEOUT' ? noReply(n, timeoutMs, err) : err;
      }
      if (isStatusByte(b)) {
        bytes[group] = b;
        break;
      }
    }
  }
  return parseStatus(bytes);
}

function noReply(n: number, timeoutMs: number, cause?: unknown): PortError {
  return new PortError('ENTRE_PRINTER_TIMEOUT', `printer did not answer DLE EOT ${n} within ${timeoutMs} ms`, cause === undefined ? undefined : { cause });
}

/**
 * Incoming bytes kept until `readByte` takes them: the reading half of a `StatusIo` for
 * stream transports (serial port, socket). One reader at a time.
 */
export interface ReplyBuffer {
  push(chunk: Iterable<number>): void;
  /** Drops buffered bytes (stale replies, ASB) and forgets a failure. */
  clear(): void;
  /** Rejects the waiting read and every later one with `err`, until `clear()`. */
  fail(err: Error): void;
  readByte(timeoutMs: number): Promise<number>;
  readonly length: number;
}

export function createReplyBuffer(): ReplyBuffer {
  let bytes: number[] = [];
  let failure: Error | null = null;
  let waiter: { resolve(b: number): void; reject(err: Error): void } | null = null;

  return {
    get length() {
      return bytes.length;
    },
    push(chunk) {
      for (const b of chunk) bytes.push(b);
      if (waiter && bytes.length > 0) {
        const w = waiter;
        waiter = null;
        w.resolve(bytes.shift()!);
      }
    },
    clear() {
      bytes = [];
      failure = null;
    },
    fail(err) {
      failure = err;
      if (waiter) {
        const w = waiter;
        waiter = null;
        w.reject(err);
      }
    },
    readByte(timeoutMs) {
      if (failure) return Promise.reject(failure);
      if (bytes.length > 0) return Promise.resolve(bytes.shift()!);
      if (waiter) return Promise.reject(new Error('readByte: another read is already waiting'));
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (waiter === entry) waiter = null;
          reject(new PortError('ENTRE_PRINTER_TIMEOUT', `no byte from the printer within ${timeoutMs} ms`));
        }, timeoutMs);
        const entry = {
          resolve: (b: number) => {
            clearTimeout(timer);
            resolve(b);
          },
          reject: (err: Error) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        waiter = entry;
      });
    },
  };
}
