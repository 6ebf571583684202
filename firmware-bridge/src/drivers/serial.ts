/**
 * ESC/POS printer on a serial port (RS-232, or a USB-serial adapter such as /dev/ttyUSB0)
 * through the `serialport` package. Status is DLE EOT (which serial printers answer even
 * when offline or with a full buffer). Every operation is bounded by a timeout, and all
 * traffic is serialised so a status query never interleaves with a job or another query.
 *
 * An unplugged adapter closes the port: the job in flight rejects with
 * ENTRE_PRINTER_WRITE_FAILED naming the cause, `readStatus()` reports offline, and the
 * next operation tries to open the port again (so re-plugging recovers without a restart).
 */
import { PortError, withTimeout, type DeviceStatus, type PrinterPort, type WriteContext } from './port.js';
import { createReplyBuffer, pollStatus } from '../status/dle-eot.js';

/** What the driver needs of a `SerialPort` (from `serialport`); `SerialPortMock` fits too. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback?: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
  /** Discards bytes written but not yet sent (used after a write timed out). */
  flush?(callback?: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data' | 'close' | 'error', listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  /** Always false: the driver opens the port itself so it can report failures. */
  autoOpen: false;
}

export interface SerialPrinterOptions {
  /** e.g. `/dev/ttyUSB0`, `/dev/serial/by-id/…` (stable across re-plugging), `COM3`. */
  path: string;
  /** Default 9600 (most printers' factory setting; many also do 19200/38400/115200). */
  baudRate?: number;
  /** Builds the port object (not yet open). Default: a real `SerialPort`; tests pass `SerialPortMock`. */
  openPort?: (options: SerialOpenOptions) => SerialPortLike | Promise<SerialPortLike>;
  /** Longest a port open may take; default 3000 ms. */
  openTimeoutMs?: number;
  /** Longest a job's write + drain may take; default 30 000 ms (a long raster ticket at 9600 baud takes seconds). */
  writeTimeoutMs?: number;
  /** Longest to wait for each DLE EOT reply; default 500 ms. */
  statusTimeoutMs?: number;
}

export interface SerialPrinter extends PrinterPort {
  readonly kind: 'serial';
  readonly path: string;
}

const defaultOpenPort = async (options: SerialOpenOptions): Promise<SerialPortLike> => {
  // Loaded on first use, so a build without the native binding still runs virtual printers.
  const { SerialPort } = await import('serialport');
  return new SerialPort(options);
};

export function createSerialPrinter(options: SerialPrinterOptions): SerialPrinter {
  const { path } = options;
  const baudRate = options.baudRate ?? 9600;
  const openPort = options.openPort ?? defaultOpenPort;
  const openTimeoutMs = options.openTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 500;

  const replies = createReplyBuffer();
  let port: SerialPortLike | null = null;
  /** Set by `open()`, cleared by `close()`: whether the bridge wants the port. */
  let wanted = false;
  /** Why the port went away, for the errors that follow. */
  let lostBecause: string | null = null;
  /** Rejects the write in flight when the port closes under it. */
  let onLost: ((err: PortError) => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const lost = (p: SerialPortLike, why: string) => {
    if (port !== p) return;
    port = null;
    lostBecause = why;
    p.removeAllListeners('data');
    const err = new PortError('ENTRE_PRINTER_OFFLINE', `serial printer ${path}: ${why}`);
    replies.fail(err);
    onLost?.(new PortError('ENTRE_PRINTER_WRITE_FAILED', `serial printer ${path}: ${why} during the job`));
  };

  async function connect(): Promise<SerialPortLike> {
    if (port?.isOpen) return port;
    if (port) lost(port, 'port is no longer open');
    let p: SerialPortLike;
    try {
      p = await openPort({ path, baudRate, autoOpen: false });
    } catch (err) {
      throw new PortError('ENTRE_PRINTER_OFFLINE', `serial printer ${path} could not be set up: ${(err as Error).message}`, { cause: err });
    }
    // Errors also arrive through callbacks; without a listener an 'error' event would crash the process.
    p.on('error', (err: Error) => lost(p, `port error: ${err.message}`));
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => p.open((err) => (err ? reject(err) : resolve()))),
        openTimeoutMs,
        `opening serial port ${path}`,
      );
    } catch (err) {
      p.removeAllListeners('error');
      p.on('error', () => {});
      if (p.isOpen) p.close(() => {});
      if (err instanceof PortError) throw new PortError('ENTRE_PRINTER_OFFLINE', `serial printer ${path} did not open: ${err.message}`, { cause: err });
      throw new PortError('ENTRE_PRINTER_OFFLINE', `serial printer ${path} could not be opened (missing, unplugged or in use?): ${(err as Error).message}`, { cause: err });
    }
    replies.clear();
    p.on('data', (chunk: Buffer) => replies.push(chunk));
    p.on('close', (err?: Error | null) => lost(p, err ? `port closed (${err.message}; unplugged?)` : 'port closed'));
    port = p;
    lostBecause = null;
    return p;
  }

  async function ready(): Promise<SerialPortLike> {
    if (!wanted) throw new PortError('ENTRE_PRINTER_OFFLINE', `serial printer ${path} is not open`);
    return connect();
  }

  /** Writes and waits until the bytes left the host (drain), or the port closes. */
  function send(p: SerialPortLike, bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err: PortError | null) => {
        if (done) return;
        done = true;
        onLost = null;
        if (err) reject(err);
        else resolve();
      };
      onLost = finish;
      const failed = (err: Error) =>
        finish(new PortError('ENTRE_PRINTER_WRITE_FAILED', `serial printer ${path}: write failed: ${err.message}`, { cause: err }));
      if (!p.isOpen) return finish(new PortError('ENTRE_PRINTER_WRITE_FAILED', `serial printer ${path}: ${lostBecause ?? 'port is not open'}`));
      p.write(Buffer.from(bytes), (err) => {
        if (err) failed(err);
      });
      p.drain((err) => (err ? failed(err) : finish(null)));
    });
  }

  return {
    kind: 'serial',
    path,

    async open() {
      wanted = true;
      await exclusive(connect);
    },

    write(bytes: Uint8Array, _context: WriteContext) {
      return exclusive(async () => {
        let p: SerialPortLike;
        try {
          p = await ready();
        } catch (err) {
          throw err instanceof PortError ? err : new PortError('ENTRE_PRINTER_OFFLINE', String(err));
        }
        try {
          await withTimeout(send(p, bytes), writeTimeoutMs, `serial write to ${path}`);
        } catch (err) {
          if (err instanceof PortError && err.code === 'ENTRE_PRINTER_TIMEOUT') {
            // The rest must not come out later (the server will have reprinted the ticket elsewhere):
            // discard what is still queued and start afresh on the next operation.
            onLost = null;
            if (port === p) {
              port = null;
              lostBecause = 'write timed out';
              p.removeAllListeners('data');
              p.flush?.(() => {});
              if (p.isOpen) p.close(() => {});
            }
          }
          throw err;
        }
      });
    },

    readStatus() {
      return exclusive(async (): Promise<DeviceStatus> => {
        let p: SerialPortLike;
        try {
          p = await ready();
        } catch {
          // Unplugged, missing or closed: the printer cannot print, and it says so at once.
          return { online: false, paper: 'unknown', coverOpen: false, errors: [wanted ? 'disconnected' : 'not_open'] };
        }
        replies.clear(); // stale replies of an earlier, timed-out poll and ASB packets
        return pollStatus({ write: (b) => send(p, b), readByte: (ms) => replies.readByte(ms) }, statusTimeoutMs);
      });
    },

    close() {
      wanted = false;
      return exclusive(async () => {
        const p = port;
        port = null;
        lostBecause = 'closed by the bridge';
        if (!p) return;
        p.removeAllListeners('data');
        p.removeAllListeners('close');
        if (!p.isOpen) return;
        await withTimeout(
          new Promise<void>((resolve, reject) => p.close((err) => (err ? reject(err) : resolve()))),
          openTimeoutMs,
          `closing serial port ${path}`,
        );
      });
    },
  };
}
