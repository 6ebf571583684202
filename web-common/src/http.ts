/**
 * A small JSON client for `/api/v1`: every response is validated with the protocol's
 * schema, and every failure becomes an `ApiError` carrying the RFC 9457 problem when the
 * server sent one.
 */
import { lightChecker, describeIssues, Problem, type Checker } from '@entre/protocol';

const checkProblem = lightChecker(Problem);

/** Why a request failed: the server said no, it could not be reached, or it broke the contract. */
export type ApiFailure = 'http' | 'network' | 'contract';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly failure: ApiFailure,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
    /** A 429's or 503's Retry-After in seconds (the delay form; a date form counts from now); null without one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** Text for staff: the problem's `detail`, else its title, else our own message. */
  get detail(): string {
    return this.problem?.detail || this.problem?.title || this.message;
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

export interface Http {
  get<T>(path: string, check: Checker<T>): Promise<T>;
  post<T>(path: string, body: unknown, check: Checker<T>, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body: unknown, check: Checker<T>): Promise<T>;
  /** Resolves once the server said yes (any 2xx); a body, if any, is not read. */
  delete(path: string): Promise<void>;
}

export interface HttpOptions {
  /** Base of the API; the apps are served by the same host as the API. */
  base?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createHttp(options: HttpOptions = {}): Http {
  const base = options.base ?? '/api/v1';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(method: string, path: string, body: unknown, check: Checker<T> | null, extra: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: body === undefined
          ? { accept: 'application/json, application/problem+json', ...extra }
          : { accept: 'application/json, application/problem+json', 'content-type': 'application/json', ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (err) {
      throw new ApiError('network', 0, null, `${method} ${path}: ${(err as Error).message}`);
    }
    const payload = await readJson(res);
    if (!res.ok) {
      throw new ApiError('http', res.status, toProblem(payload, res.status), `${method} ${path}: HTTP ${res.status}`, retryAfter(res.headers.get('retry-after')));
    }
    if (!check) return undefined as T;
    const checked = check(payload);
    if (!checked.ok) {
      console.warn(`${method} ${path}: response does not match the contract: ${describeIssues(checked.issues)}`);
      throw new ApiError('contract', res.status, null, `${method} ${path}: unexpected response`);
    }
    return checked.value;
  }

  return {
    get: (path, check) => request('GET', path, undefined, check),
    post: (path, body, check, headers) => request('POST', path, body, check, headers),
    put: (path, body, check) => request('PUT', path, body, check),
    delete: (path) => request<void>('DELETE', path, undefined, null),
  };
}

/** Retry-After as whole seconds from now: "120" or an HTTP date; null when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

async function readJson(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

/** The server's problem details; a looser error body still yields its text for staff. */
function toProblem(payload: unknown, status: number): Problem | null {
  const checked = checkProblem(payload);
  if (checked.ok) return checked.value;
  if (payload === null || typeof payload !== 'object') return null;
  const body = payload as Record<string, unknown>;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const detail = text('detail') ?? text('message');
  const title = text('title') ?? text('error');
  if (detail === undefined && title === undefined) return null;
  return { type: text('type') ?? 'about:blank', title: title ?? '', status, detail, code: text('code') ?? 'UNKNOWN' };
}

/**
 * A random key for Idempotency-Key headers. crypto.randomUUID() exists only in secure
 * contexts, and a kiosk on the lobby LAN is often served over plain http.
 */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
