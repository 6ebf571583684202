import type { PrintFailure } from '@entre/protocol';
/**
 * The transport port every printer driver implements (USB, serial, network, virtual).
 * It moves bytes and reads status; it knows nothing of tickets or MQTT, so the bridge can
 * be driven by a fake and the renderer stays pure.
 */
import type { PaperState } from '@entre/protocol';

/** The printer's condition as the bridge publishes it (minus the `v`/`at` envelope). */
export interface DeviceStatus {
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  /** Stable error codes, e.g. `autocutter`; empty when healthy. */
  errors: string[];
}

/** What the job is, for drivers that keep a record (the virtual printer); real ones ignore it. */
export interface WriteContext {
  jobId: string;
  /** Human-readable text of the same ticket. */
  preview: string;
  /** A PNG of what the paper shows (virtual printers only; its raster lines are the bytes sent). */
  png?: Uint8Array;
}

export interface PrinterPort {
  /** e.g. `virtual`, `usb`; for logs. */
  readonly kind: string;
  open(): Promise<void>;
  /** Sends one job's bytes in one go; rejects with a PortError. */
  write(bytes: Uint8Array, context: WriteContext): Promise<void>;
  /** Current status; implementations may hang on real hardware, so callers race it (`readStatusWithin`). */
  readStatus(): Promise<DeviceStatus>;
  close(): Promise<void>;
  /**
   * Whether this job already reached paper in an earlier run of the bridge. Only drivers
   * that keep a durable record can answer; the bridge also remembers recent jobs itself.
   */
  hasPrinted?(jobId: string): Promise<boolean>;
}

/** Why a job failed, as sent in `PrintResult.reason`: stable, lower-case, machine-readable. */
/** The protocol's failure codes: what a result's `reason` may say. */
export type FailureReason = PrintFailure;

export type PortErrorCode =
  | 'ENTRE_PRINTER_PAPER_OUT'
  | 'ENTRE_PRINTER_COVER_OPEN'
  | 'ENTRE_PRINTER_OFFLINE'
  | 'ENTRE_PRINTER_TIMEOUT'
  | 'ENTRE_PRINTER_WRITE_FAILED';

const REASONS: Record<PortErrorCode, FailureReason> = {
  ENTRE_PRINTER_PAPER_OUT: 'paper_out',
  ENTRE_PRINTER_COVER_OPEN: 'cover_open',
  ENTRE_PRINTER_OFFLINE: 'offline',
  ENTRE_PRINTER_TIMEOUT: 'timeout',
  ENTRE_PRINTER_WRITE_FAILED: 'write_failed',
};

export class PortError extends Error {
  override readonly name = 'PortError';
  constructor(readonly code: PortErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  get reason(): FailureReason {
    return REASONS[this.code];
  }
}

/** Rejects with ENTRE_PRINTER_TIMEOUT when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PortError('ENTRE_PRINTER_TIMEOUT', `${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A status read that cannot hang: a device that does not answer in time counts as offline. */
export async function readStatusWithin(port: PrinterPort, ms: number): Promise<DeviceStatus> {
  try {
    return await withTimeout(port.readStatus(), ms, `${port.kind} status read`);
  } catch (err) {
    const code = err instanceof PortError ? err.reason : 'status_failed';
    return { online: false, paper: 'unknown', coverOpen: false, errors: [code] };
  }
}

/** The reason a printer in this state cannot take a job now, or null when it can. */
export function blockingReason(status: DeviceStatus): FailureReason | null {
  // Most specific first: real printers also report "offline" while out of paper or open.
  if (status.paper === 'out') return 'paper_out';
  if (status.coverOpen) return 'cover_open';
  if (!status.online) return 'offline';
  return null;
}
