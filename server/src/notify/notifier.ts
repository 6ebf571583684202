/**
 * Texts visitors who left a mobile number: once when they are `ahead` places or fewer
 * from the front, and on every call (a recall texts again), in the visitor's language.
 *
 * Driven like the mobile ticket streams: every lobby change marks it, a burst of changes
 * is one round after `debounceMs`, and a slow tick (`intervalMs`) catches what no change
 * announced (and blanks numbers left from an earlier day). Each round claims the due texts
 * in one transaction before sending any (see SmsStore), so nothing is sent twice; a failed
 * send is released and retried after `retryMs`, at most `maxAttempts` times, all logged
 * without the number.
 */
import { pick, t, type Ticket } from '@entre/protocol';
import type { Logger } from 'pino';
import type { SmsSender } from './sender.js';
import type { NotifyRow, SmsClaim, SmsKind, SmsStore } from '../store/sms-store.js';

export interface NotifierOptions {
  sms: SmsStore;
  sender: SmsSender;
  /** The ticket as the visitor sees it (place in line, counter name, language). */
  ticket: (id: string) => Ticket;
  /** The "soon" text goes out at this many people ahead or fewer. */
  ahead: number;
  logger: Logger;
  debounceMs?: number;
  intervalMs?: number;
  retryMs?: number;
  maxAttempts?: number;
}

export function createNotifier(opts: NotifierOptions) {
  const debounceMs = opts.debounceMs ?? 200;
  const intervalMs = opts.intervalMs ?? 30_000;
  const retryMs = opts.retryMs ?? 10_000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const log = opts.logger;
  /** Contacts whose last send failed, and when they may be tried again. */
  const backoff = new Map<string, number>();
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const retries = new Set<NodeJS.Timeout>();

  /** What is due for this contact now, if anything, with its text in the visitor's language. */
  function decide(row: NotifyRow): { kind: SmsKind; text: string } | null {
    const until = backoff.get(row.id);
    if (until !== undefined && until > Date.now()) return null;
    if (row.notify_attempts >= maxAttempts) return null;
    let ticket: Ticket;
    try {
      ticket = opts.ticket(row.id);
    } catch {
      return null;
    }
    const lang = ticket.language;
    if (row.state === 'waiting' && row.notify_soon_at === null && ticket.waitingAhead <= opts.ahead) {
      return { kind: 'soon', text: t(lang, 'sms.soonText', { ticket: ticket.number, n: ticket.waitingAhead }) };
    }
    if (row.state === 'called' && row.recalls + 1 > row.notify_called_recalls && ticket.servicePointName) {
      return { kind: 'called', text: t(lang, 'sms.calledText', { ticket: ticket.number, point: pick(ticket.servicePointName, lang) }) };
    }
    return null;
  }

  async function send(claim: SmsClaim): Promise<void> {
    try {
      await opts.sender.send(claim.to, claim.text);
      backoff.delete(claim.id);
      opts.sms.settle(claim, true, maxAttempts);
      log.info({ contact: claim.id, kind: claim.kind }, 'sms sent');
    } catch (err) {
      let settled: { attempt: number; gaveUp: boolean };
      try {
        settled = opts.sms.settle(claim, false, maxAttempts);
      } catch (dbErr) {
        // The database is closing under us (shutdown): the claim stays, nothing is resent.
        log.warn({ contact: claim.id, kind: claim.kind, err: (dbErr as Error).message }, 'sms failure not recorded');
        return;
      }
      const reason = (err as Error).message;
      if (settled.gaveUp) {
        backoff.delete(claim.id);
        log.error({ contact: claim.id, kind: claim.kind, attempts: settled.attempt, err: reason }, 'sms failed; giving up on this text');
      } else {
        backoff.set(claim.id, Date.now() + retryMs);
        log.warn({ contact: claim.id, kind: claim.kind, attempt: settled.attempt, err: reason }, 'sms failed; will retry');
        later(retryMs);
      }
    }
  }

  /** One pass: claim what is due, then send it all. Safe to call at any time. */
  async function round(): Promise<void> {
    if (stopped) return;
    if (opts.sms.pending().length === 0) return;
    const claims = opts.sms.claim(decide);
    await Promise.all(claims.map(send));
  }

  function run(): void {
    timer = undefined;
    if (stopped) return;
    if (running) { again = true; return; }
    running = round()
      .catch((err: Error) => log.error({ err: err.message }, 'sms round failed'))
      .finally(() => {
        running = undefined;
        if (again) { again = false; mark(); }
      });
  }

  /** A round again once a failed text may be retried. */
  function later(ms: number): void {
    if (stopped) return;
    const retry: NodeJS.Timeout = setTimeout(() => { retries.delete(retry); mark(); }, ms);
    retry.unref();
    retries.add(retry);
  }

  /** Something in the lobby changed: a round within `debounceMs`, however many changes. */
  function mark(): void {
    if (!started || stopped || timer) return;
    timer = setTimeout(run, debounceMs);
  }

  return {
    mark,
    round,
    start(): void {
      if (started) return;
      started = true;
      tick = setInterval(() => {
        try {
          const n = opts.sms.forgetStale();
          if (n) log.info({ forgotten: n }, 'phone numbers of earlier days forgotten');
        } catch (err) {
          log.error({ err: (err as Error).message }, 'could not forget old phone numbers');
        }
        mark();
      }, intervalMs);
      tick.unref();
      mark();
    },
    /** Stops the timers and waits for sends under way (each bounded by the sender's timeout). */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
      for (const r of retries) clearTimeout(r);
      retries.clear();
      await running;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
