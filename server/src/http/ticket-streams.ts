/**
 * Live tickets for the visitor's phone: each open mobile page holds one Server-Sent Events
 * stream, and gets its ticket again whenever the lobby changed (called, recalled, moved up
 * the queue, finished) and it looks different. Changes are coalesced: a burst of calls is
 * one recompute per stream per `intervalMs`. A slow full refresh keeps estimates moving
 * while nothing else happens, and comments keep proxies from closing idle streams.
 *
 * SSE rather than MQTT: a phone on the lobby's guest Wi-Fi or 4G needs nothing but HTTP,
 * reconnects by itself (EventSource), and holds no broker credentials.
 */
import type { Ticket } from '@entre/protocol';

export interface TicketStream {
  /** The ticket as JSON, or null once it cannot be found any more. */
  send(ticket: Ticket | null): void;
  /** A comment line: keeps the connection alive through proxies. */
  ping(): void;
  end(): void;
}

export function createTicketStreams(opts: {
  compute: (id: string) => Ticket | null;
  intervalMs?: number;
  refreshMs?: number;
  pingMs?: number;
}) {
  const interval = opts.intervalMs ?? 150;
  const streams = new Map<TicketStream, { id: string; last: string }>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function push(stream: TicketStream, entry: { id: string; last: string }): void {
    let ticket: Ticket | null;
    try {
      ticket = opts.compute(entry.id);
    } catch {
      ticket = null;
    }
    const body = JSON.stringify(ticket);
    if (body === entry.last) return;
    entry.last = body;
    stream.send(ticket);
  }

  function flush(): void {
    timer = undefined;
    for (const [stream, entry] of streams) push(stream, entry);
  }

  const refresh = setInterval(flush, opts.refreshMs ?? 30_000);
  refresh.unref();
  const ping = setInterval(() => { for (const s of streams.keys()) s.ping(); }, opts.pingMs ?? 20_000);
  ping.unref();

  return {
    /** Starts following a ticket: sends it at once, then on every change. Returns the unsubscribe. */
    add(id: string, stream: TicketStream): () => void {
      if (closed) { stream.end(); return () => undefined; }
      const entry = { id, last: '' };
      streams.set(stream, entry);
      push(stream, entry);
      return () => { streams.delete(stream); };
    },
    /** Something in the lobby changed: every stream is checked within `intervalMs`. */
    mark(): void {
      if (closed || timer) return;
      timer = setTimeout(flush, interval);
    },
    get size(): number { return streams.size; },
    /** Server shutting down: end every stream so HTTP can close. */
    close(): void {
      closed = true;
      clearTimeout(timer);
      clearInterval(refresh);
      clearInterval(ping);
      for (const s of streams.keys()) s.end();
      streams.clear();
    },
  };
}

export type TicketStreams = ReturnType<typeof createTicketStreams>;
