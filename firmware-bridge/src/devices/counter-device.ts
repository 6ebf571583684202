/**
 * A counter's serial keypad + LED sign speaking the counter line protocol
 * (docs/counter-line-protocol.md, codec in @entre/protocol `counter-line`).
 *
 * - Every valid device frame (K, H) is acked at once with `A` carrying its seq.
 * - Duplicates — the same seq and content as the last device frame, i.e. a re-send after our
 *   ack was lost — are acked again but not acted on.
 * - `show(text, blink)` sends a `D` frame and waits for the device's `A`; without one it re-sends
 *   the same bytes every `ackTimeoutMs` up to `maxRetries` times, then reports `missing_ack`.
 *   One display frame is in flight at a time: a newer `show()` supersedes an unacked one (the
 *   sign only needs the latest text).
 * - No valid frame from the device for `heartbeatTimeoutMs` → `heartbeat_lost` (once per outage).
 * - Anything the parser rejects, or a host-only frame type from the device → `garbled`, not acted on.
 */
import {
  createFrameParser,
  encodeFrame,
  nextSeq,
  type CounterButton,
  type CounterFrame,
} from '@entre/protocol';
import type { SerialOpenOptions, SerialPortLike } from '../drivers/serial.js';

export type CounterFault = 'missing_ack' | 'garbled' | 'heartbeat_lost' | 'port_error';

export interface CounterTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CounterDeviceOptions {
  path: string;
  /** Default 9600. */
  baudRate?: number;
  /** Builds the (not yet open) port. Default: a real `SerialPort`; tests pass `SerialPortMock`. */
  openPort?: (options: SerialOpenOptions) => SerialPortLike | Promise<SerialPortLike>;
  /** A new (not duplicate) key press. */
  onKey: (button: CounterButton) => void;
  /** `detail` says what exactly (garbled reason + bytes as hex, the unacked frame, the port error). */
  onFault: (reason: CounterFault, detail?: string) => void;
  /** Default: the global setTimeout/clearTimeout. */
  timers?: CounterTimers;
  /** Wait for an ack before each re-send; default 300 ms. */
  ackTimeoutMs?: number;
  /** Re-sends after the first send; default 3. */
  maxRetries?: number;
  /** Silence after which `heartbeat_lost` is reported; default 15 000 ms (device beats every 5 s). */
  heartbeatTimeoutMs?: number;
}

export type ShowResult = 'acked' | 'missing_ack' | 'superseded' | 'closed';

export interface CounterDevice {
  readonly path: string;
  /** Resolves once the port is open (rejects if it cannot be opened). */
  readonly ready: Promise<void>;
  /** Sends a D frame (text ≤ 8 printable ASCII chars, no '*'); resolves when acked or given up. */
  show(text: string, blink: boolean): Promise<ShowResult>;
  close(): Promise<void>;
}

const defaultOpenPort = async (options: SerialOpenOptions): Promise<SerialPortLike> => {
  const { SerialPort } = await import('serialport');
  return new SerialPort(options);
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function createCounterDevice(options: CounterDeviceOptions): CounterDevice {
  const timers: CounterTimers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const ackTimeoutMs = options.ackTimeoutMs ?? 300;
  const maxRetries = options.maxRetries ?? 3;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 15_000;
  const parser = createFrameParser();

  let port: SerialPortLike | undefined;
  let closed = false;
  let hostSeq = 0;
  /** Last device frame acted on, as `seq|type|payload`, for duplicate detection. */
  let lastDeviceKey: string | undefined;
  let heartbeatTimer: unknown;
  let heartbeatLost = false;
  let pending: { seq: number; bytes: Buffer; sends: number; timer: unknown; resolve: (r: ShowResult) => void } | undefined;

  const write = (bytes: Uint8Array): void => {
    if (!port || closed) return;
    port.write(Buffer.from(bytes), (err) => {
      if (err) options.onFault('port_error', err.message);
    });
  };

  const armHeartbeat = (): void => {
    if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer);
    heartbeatTimer = timers.setTimeout(() => {
      heartbeatTimer = undefined;
      if (closed || heartbeatLost) return;
      heartbeatLost = true;
      options.onFault('heartbeat_lost', `no frame from ${options.path} for ${heartbeatTimeoutMs} ms`);
    }, heartbeatTimeoutMs);
  };

  const settle = (result: ShowResult): void => {
    if (!pending) return;
    timers.clearTimeout(pending.timer);
    const { resolve } = pending;
    pending = undefined;
    resolve(result);
  };

  const sendPending = (): void => {
    const p = pending;
    if (!p) return;
    p.sends += 1;
    write(p.bytes);
    p.timer = timers.setTimeout(() => {
      if (pending !== p) return;
      if (p.sends > maxRetries) {
        options.onFault('missing_ack', `display frame seq ${p.seq} (${p.bytes.toString('latin1').slice(1, -1)}) unacked after ${p.sends} sends`);
        settle('missing_ack');
      } else {
        sendPending();
      }
    }, ackTimeoutMs);
  };

  const onFrame = (frame: CounterFrame): void => {
    if (frame.type === 'A') {
      if (pending && pending.seq === frame.seq) settle('acked');
      return; // stale or unknown acks are harmless
    }
    if (frame.type === 'D') {
      options.onFault('garbled', `unexpected host frame type D from device (seq ${frame.seq})`);
      return;
    }
    write(encodeFrame({ type: 'A', seq: frame.seq }));
    const key = `${frame.seq}|${frame.type}|${frame.type === 'K' ? frame.button : ''}`;
    if (key === lastDeviceKey) return; // re-send after a lost ack: acked again, not acted on
    lastDeviceKey = key;
    if (frame.type === 'K') options.onKey(frame.button);
  };

  const onData = (chunk: Buffer): void => {
    for (const ev of parser.push(chunk)) {
      if (ev.kind === 'garbled') {
        options.onFault('garbled', `${ev.reason}: ${hex(ev.bytes)}`);
        continue;
      }
      heartbeatLost = false;
      armHeartbeat();
      onFrame(ev.frame);
    }
  };

  const ready = (async () => {
    const p = await (options.openPort ?? defaultOpenPort)({ path: options.path, baudRate: options.baudRate ?? 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => p.open((err) => (err ? reject(err) : resolve())));
    if (closed) {
      p.close();
      return;
    }
    port = p;
    p.on('data', onData);
    p.on('error', (err: Error) => options.onFault('port_error', err.message));
    armHeartbeat();
  })();
  ready.catch(() => {}); // surfaced to whoever awaits `ready`

  return {
    path: options.path,
    ready,
    async show(text, blink) {
      encodeFrame({ type: 'D', seq: 0, text, blink }); // throws RangeError on bad text, before any I/O
      await ready;
      if (closed) return 'closed';
      settle('superseded');
      const seq = hostSeq;
      hostSeq = nextSeq(hostSeq);
      const bytes = Buffer.from(encodeFrame({ type: 'D', seq, text, blink }));
      const result = new Promise<ShowResult>((resolve) => {
        pending = { seq, bytes, sends: 0, timer: undefined, resolve };
      });
      sendPending();
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      settle('closed');
      if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer);
      heartbeatTimer = undefined;
      await ready.catch(() => {});
      const p = port;
      port = undefined;
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
      p?.removeAllListeners();
    },
  };
}
