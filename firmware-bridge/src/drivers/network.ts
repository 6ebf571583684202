/**
 * ESC/POS printer on the network: raw TCP ("JetDirect", port 9100).
 *
 * Connection per operation, not a kept connection. Many printers accept ONE connection at
 * a time on 9100 and serve it until it closes, so a bridge that held a socket would lock
 * out every other host (a second bridge, the vendor's setup tool) and would sit on a socket
 * the printer (or a NAT/Wi-Fi hop) may have dropped silently, finding out only when a
 * ticket is lost. A TCP handshake per job on a LAN costs about a millisecond. Each job and
 * each status poll therefore connects, does its work, closes; operations are serialised so
 * the driver itself never holds two connections.
 *
 * Status is DLE EOT over the same connection (most Epson-compatible network printers
 * answer it on 9100). For a printer that does not, set `statusQuery: false`: status then
 * only tells whether the printer accepts connections (paper `unknown`).
 */
import { connect, type Socket } from 'node:net';
import { PortError, withTimeout, type DeviceStatus, type PrinterPort, type WriteContext } from './port.js';
import { createReplyBuffer, pollStatus, type ReplyBuffer } from '../status/dle-eot.js';

export interface NetworkPrinterOptions {
  host: string;
  /** Default 9100. */
  port?: number;
  /** Longest a TCP connect may take; default 3000 ms. */
  connectTimeoutMs?: number;
  /** Longest sending one job may take once connected; default 30 000 ms. */
  writeTimeoutMs?: number;
  /** Longest to wait for each DLE EOT reply; default 1000 ms. */
  statusTimeoutMs?: number;
  /** Whether the printer answers DLE EOT on this port; default true. */
  statusQuery?: boolean;
  /** After a job, how long to wait for the printer to close its side before we drop the socket; default 1000 ms. */
  closeGraceMs?: number;
}

export interface NetworkPrinter extends PrinterPort {
  readonly kind: 'network';
  readonly host: string;
  readonly port: number;
}

/** Why a connection could not be made, as a short stable code (status `errors`) and a sentence. */
function describeConnectError(err: NodeJS.ErrnoException): { code: string; text: string } {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'connection_refused', text: 'refused the connection (printer off, wrong port, or busy with another connection)' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return { code: 'unreachable', text: `is unreachable (${err.code})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'host_not_found', text: `host name not found (${err.code})` };
    case 'ECONNRESET':
      return { code: 'connection_reset', text: 'reset the connection' };
    default:
      return { code: 'connect_failed', text: `could not be reached: ${err.message}` };
  }
}

class ConnectError extends PortError {
  constructor(readonly short: string, message: string, cause?: unknown) {
    super('ENTRE_PRINTER_OFFLINE', message, cause === undefined ? undefined : { cause });
  }
}

interface Session {
  socket: Socket;
  replies: ReplyBuffer;
  /** Set when the connection broke (error, reset, closed by the printer). */
  broken(): PortError | null;
  /** Resolves on the socket's 'close'. */
  closed: Promise<void>;
}

export function createNetworkPrinter(options: NetworkPrinterOptions): NetworkPrinter {
  const { host } = options;
  const port = options.port ?? 9100;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  const statusQuery = options.statusQuery ?? true;
  const closeGraceMs = options.closeGraceMs ?? 1000;
  const name = `network printer ${host}:${port}`;

  let wanted = false;
  const live = new Set<Socket>();
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  function open(): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const socket = connect({ host, port });
      live.add(socket);
      const replies = createReplyBuffer();
      let failure: PortError | null = null;
      let connected = false;
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      void closed.then(() => live.delete(socket));

      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectError('connect_timeout', `${name} did not accept a connection within ${connectTimeoutMs} ms (off or unreachable?)`));
      }, connectTimeoutMs);

      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected) {
          clearTimeout(timer);
          const { code, text } = describeConnectError(err);
          reject(new ConnectError(code, `${name} ${text}`, err));
          return;
        }
        const why = err.code === 'ECONNRESET' || err.code === 'EPIPE' ? `connection reset by the printer (${err.code})` : err.message;
        failure ??= new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: ${why}`, { cause: err });
        replies.fail(failure);
      });
      socket.on('data', (chunk: Buffer) => replies.push(chunk));
      socket.on('end', () => {
        // The printer closed its side; whatever we still wanted from it will not come.
        // (For a job that is the normal end; a reset or refused write shows up as 'error'.)
        if (!connected) return;
        replies.fail(failure ?? new PortError('ENTRE_PRINTER_OFFLINE', `${name} closed the connection`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        socket.setNoDelay(true);
        if (!wanted) {
          socket.destroy();
          reject(new PortError('ENTRE_PRINTER_OFFLINE', `${name} was closed`));
          return;
        }
        resolve({ socket, replies, broken: () => failure, closed });
      });
    });
  }

  /** Resolves once the printer has taken `bytes` into the socket, or rejects with why not. */
  function send(session: Session, bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const already = session.broken();
      if (already) return reject(already);
      const onClose = () => reject(session.broken() ?? new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: connection closed during the job`));
      session.socket.once('close', onClose);
      session.socket.write(bytes, (err) => {
        session.socket.off('close', onClose);
        // A reset can arrive before the callback reports the (kernel-buffered) write as done.
        const broken = session.broken();
        if (broken) reject(broken);
        else if (err) reject(new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: write failed: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
  }

  /**
   * Half-closes, lets the printer finish reading and close its side, then drops the socket.
   * A reset in that time fails the job: written bytes may still have been in our kernel
   * buffer, so the printer may not have them all (failing makes the server retry or show the
   * ticket on screen, instead of a ticket silently lost).
   */
  async function finish(session: Session): Promise<void> {
    const { socket } = session;
    if (!socket.destroyed) {
      socket.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([session.closed, new Promise<void>((r) => (timer = setTimeout(r, closeGraceMs)))]);
      clearTimeout(timer);
      socket.destroy();
    }
    const broken = session.broken();
    if (broken) throw broken;
  }

  async function withSession<T>(timeoutMs: number, what: string, fn: (s: Session) => Promise<T>): Promise<T> {
    if (!wanted) throw new PortError('ENTRE_PRINTER_OFFLINE', `${name} is not open`);
    const session = await open();
    try {
      return await withTimeout(fn(session), timeoutMs, `${what} (${name})`);
    } catch (err) {
      session.socket.destroy();
      throw err;
    }
  }

  return {
    kind: 'network',
    host,
    port,

    async open() {
      // Nothing to hold open (see the top of the file); a printer that is off at start-up
      // must not stop the bridge, it shows as offline in status instead.
      wanted = true;
    },

    write(bytes: Uint8Array, _context: WriteContext) {
      return exclusive(() =>
        withSession(writeTimeoutMs, 'network write', async (session) => {
          await send(session, bytes);
          await finish(session);
        }),
      );
    },

    readStatus() {
      return exclusive(async (): Promise<DeviceStatus> => {
        try {
          if (!statusQuery) {
            await withSession(connectTimeoutMs, 'network status', (session) => finish(session));
            return { online: true, paper: 'unknown', coverOpen: false, errors: [] };
          }
          // Per query `statusTimeoutMs`; the whole poll is also bounded.
          return await withSession(statusTimeoutMs * 4 + closeGraceMs, 'network status', async (session) => {
            const status = await pollStatus(
              { write: (b) => send(session, b), readByte: (ms) => session.replies.readByte(ms) },
              statusTimeoutMs,
            );
            await finish(session);
            return status;
          });
        } catch (err) {
          if (err instanceof ConnectError) return { online: false, paper: 'unknown', coverOpen: false, errors: [err.short] };
          if (!wanted) return { online: false, paper: 'unknown', coverOpen: false, errors: ['not_open'] };
          throw err;
        }
      });
    },

    async close() {
      wanted = false;
      for (const socket of live) socket.destroy();
      await queue;
    },
  };
}
