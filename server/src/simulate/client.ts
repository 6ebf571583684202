/**
 * The simulator's HTTP client: one base URL, a per-request timeout, the staff cookie, and a
 * record of every unexpected failure by request and problem `code` for the final summary.
 * It never follows a path to another origin, so a run only ever talks to the given server.
 */
import type { ErrorEntry } from './report.js';

export type Result<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; code: string; detail: string };

export interface RequestOptions {
  /** Send the staff cookie (and sign in again once if the session has expired). */
  staff?: boolean;
  headers?: Record<string, string>;
  /** How the request is named in the error list, with ids replaced: 'POST /contacts/{id}/start'. */
  label: string;
  /** Problem codes that are a normal outcome here (a race the caller handles), not errors. */
  expected?: readonly string[];
  /** Retries for an idempotent request answered 429/503 or not at all. */
  retries?: number;
}

export interface ClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
  /** Aborts every request in flight (Ctrl-C); an aborted request is not an error. */
  signal?: AbortSignal;
}

const MAX_RETRY_WAIT_MS = 2000;

export class SimClient {
  readonly base: URL;
  private cookie = '';
  private readonly errors = new Map<string, ErrorEntry>();
  private readonly timeoutMs: number;

  constructor(private readonly opts: ClientOptions) {
    this.base = new URL(opts.baseUrl);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new Error(`not an http(s) URL: ${opts.baseUrl}`);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  errorList(): ErrorEntry[] {
    return [...this.errors.values()].sort((a, b) => b.count - a.count);
  }

  /** Records a failure the caller found by itself (e.g. a body that makes no sense). */
  recordError(label: string, status: number, code: string, detail: string): void {
    const key = `${label} ${status} ${code}`;
    const e = this.errors.get(key);
    if (e) e.count++;
    else this.errors.set(key, { request: label, status, code, detail: detail.slice(0, 200), count: 1 });
  }

  async signIn(): Promise<void> {
    const res = await this.raw('POST', '/api/v1/auth/login', { username: this.opts.username, password: this.opts.password }, {});
    if (!res || res.status !== 200) {
      const why = res ? `${res.status} ${Object.values(await problemOf(res)).join(' ')}` : 'no answer (is the server running?)';
      throw new Error(`cannot sign in as ${this.opts.username} at ${this.base.origin}: ${why}`);
    }
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('entre_session='));
    if (!cookie) throw new Error('the server signed us in but set no entre_session cookie');
    this.cookie = cookie;
  }

  get<T>(path: string, o: RequestOptions): Promise<Result<T>> { return this.request<T>('GET', path, undefined, o); }
  post<T>(path: string, body: unknown, o: RequestOptions): Promise<Result<T>> { return this.request<T>('POST', path, body, o); }

  async request<T>(method: string, path: string, body: unknown, o: RequestOptions): Promise<Result<T>> {
    // Bounded: each pass uses up a try, except the one sign-in again after a 401.
    const maxTries = 1 + (o.retries ?? 0);
    let tries = 0, reauthed = false;
    let last: Result<T> = { ok: false, status: 0, code: 'NETWORK', detail: 'not sent' };
    while (tries < maxTries) {
      tries++;
      const headers = { ...(o.headers ?? {}), ...(o.staff ? { cookie: this.cookie } : {}) };
      const res = await this.raw(method, path, body, headers);
      if (this.opts.signal?.aborted) return { ok: false, status: 0, code: 'ABORTED', detail: 'stopped' };
      if (!res) {
        last = { ok: false, status: 0, code: 'NETWORK', detail: `no answer within ${this.timeoutMs} ms` };
        continue;
      }
      if (res.ok) {
        if (res.status === 204) return { ok: true, status: res.status, body: undefined as T };
        try { return { ok: true, status: res.status, body: (await res.json()) as T }; } catch {
          last = { ok: false, status: res.status, code: 'BAD_BODY', detail: 'a success without a JSON body' };
          break;
        }
      }
      last = { ok: false, status: res.status, ...(await problemOf(res)) };
      if (res.status === 401 && o.staff && !reauthed) {
        reauthed = true;
        tries--;
        try { await this.signIn(); } catch { break; }
        continue;
      }
      if ((res.status === 429 || res.status === 503) && tries < maxTries) {
        const after = Number(res.headers.get('retry-after'));
        await sleep(Math.min(MAX_RETRY_WAIT_MS, Number.isFinite(after) && after > 0 ? after * 1000 : 200 * tries));
        continue;
      }
      break;
    }
    if (!last.ok && !(o.expected ?? []).includes(last.code)) this.recordError(o.label, last.status, last.code, last.detail);
    return last;
  }

  /** One fetch with a timeout; undefined when there was no answer. */
  private async raw(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response | undefined> {
    const url = new URL(path, this.base);
    if (url.origin !== this.base.origin) throw new Error(`refusing a request outside ${this.base.origin}: ${url.href}`);
    const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
    try {
      return await fetch(url, {
        method, signal: AbortSignal.any(signals),
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return undefined;
    }
  }
}

async function problemOf(res: Response): Promise<{ code: string; detail: string }> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as { code?: unknown; detail?: unknown; title?: unknown };
    return { code: typeof p.code === 'string' ? p.code : `HTTP_${res.status}`, detail: String(p.detail ?? p.title ?? '') };
  } catch {
    return { code: `HTTP_${res.status}`, detail: text.slice(0, 200) };
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
