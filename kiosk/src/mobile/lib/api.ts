/**
 * The four calls the phone page makes, with fetch and EventSource and nothing else (the
 * shared web-common client validates with typebox, which this page leaves out to stay small).
 */
import { parseTicket, type MobileTicket } from './ticket.js';

/** Why a call failed: status 0 when the server could not be reached; `code` from problem+json. */
export class TicketApiError extends Error {
  override readonly name = 'TicketApiError';
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
  }
}

export interface TicketEvents {
  ticket(ticket: MobileTicket): void;
  /** The server says the ticket no longer exists. */
  gone(): void;
  /** The stream dropped; `closed` when the browser gave up reconnecting by itself. */
  error(closed: boolean): void;
}

export interface TicketApi {
  get(id: string): Promise<MobileTicket>;
  cancel(id: string): Promise<MobileTicket>;
  rate(id: string, score: number): Promise<MobileTicket>;
  /** Live updates; returns the function that closes the stream. */
  events(id: string, on: TicketEvents): () => void;
}

export function createTicketApi(base = '/api/v1'): TicketApi {
  const path = (id: string, rest = '') => `${base}/tickets/${encodeURIComponent(id)}${rest}`;

  async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<MobileTicket> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        cache: 'no-store',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new TicketApiError(0, undefined, `${method} ${url}: ${(err as Error).message}`);
    }
    const payload: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const code = payload && typeof payload === 'object' ? (payload as { code?: unknown }).code : undefined;
      throw new TicketApiError(res.status, typeof code === 'string' ? code : undefined, `${method} ${url}: HTTP ${res.status}`);
    }
    const ticket = parseTicket(payload);
    if (!ticket) throw new TicketApiError(res.status, undefined, `${method} ${url}: not a ticket`);
    return ticket;
  }

  return {
    get: (id) => call('GET', path(id)),
    cancel: (id) => call('POST', path(id, '/cancel'), {}),
    rate: (id, score) => call('POST', path(id, '/rating'), { score }),
    events(id, on) {
      const source = new EventSource(path(id, '/events'));
      source.addEventListener('ticket', (e) => {
        let data: unknown;
        try { data = JSON.parse((e as MessageEvent<string>).data); } catch { data = undefined; }
        const ticket = parseTicket(data);
        if (ticket && ticket.id === id) on.ticket(ticket);
        else console.warn('mobile: ignored a malformed ticket event');
      });
      source.addEventListener('gone', () => on.gone());
      source.addEventListener('error', () => on.error(source.readyState === EventSource.CLOSED));
      return () => source.close();
    },
  };
}
