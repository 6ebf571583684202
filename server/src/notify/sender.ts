/**
 * Where texts go: a small port with one method, so the notifier does not care whether a
 * real SMS gateway or the demo's log takes them.
 */
import type { Logger } from 'pino';
import { maskPhone } from '../core/phone.js';

export interface SmsSender {
  /** Resolves once the gateway accepted the text; rejects (SmsSendError) otherwise. */
  send(to: string, text: string): Promise<void>;
}

/** A send that failed; `status` is the gateway's HTTP status when it answered at all. */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface HttpSmsSenderOptions {
  /** The gateway's endpoint; it gets POST {to, from, message} as JSON. */
  url: string;
  /** Sent as `Authorization: Bearer <key>`; never logged. */
  key: string;
  /** Sender name or number shown on the visitor's phone. */
  from: string;
  timeoutMs?: number;
}

/**
 * A generic HTTP SMS gateway: one JSON POST per text with a bearer key. Any 2xx is
 * success; anything else, a network failure or no answer within `timeoutMs` is an
 * SmsSendError whose message names the status but never the number, text or key.
 */
export function createHttpSmsSender(opts: HttpSmsSenderOptions): SmsSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async send(to, text) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${opts.key}` },
          body: JSON.stringify({ to, from: opts.from, message: text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        const e = err as Error;
        if (e.name === 'TimeoutError') throw new SmsSendError(`the SMS gateway did not answer within ${timeoutMs} ms`);
        throw new SmsSendError(`the SMS gateway could not be reached (${(e.cause as Error | undefined)?.message ?? e.message})`);
      }
      // Read the body either way so the connection is free again; its content may echo the number.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new SmsSendError(`the SMS gateway answered HTTP ${res.status}`, res.status);
    },
  };
}

/** The demo's sender: logs each text with the number masked down to its last two digits. */
export function createLogSender(logger: Logger): SmsSender {
  return {
    async send(to, text) {
      logger.info({ to: maskPhone(to), text }, 'sms (log sender: not sent to a phone)');
    },
  };
}
