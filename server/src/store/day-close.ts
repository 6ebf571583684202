import type { Logger } from 'pino';
import type { Db } from './db.js';
import type { ContactRow, ContactStore, Actor } from './contact-store.js';
import { DAY_CLOSE_ACTOR, OPEN_STATES, dayCloseAction } from '../core/day-close.js';
import { nextServiceDayStart, serviceDay } from '../core/service-day.js';

/** Past the midnight, so a timer that fires a moment early by the wall clock still finds the new day. */
const AFTER_MIDNIGHT_MS = 1000;
/** With no site yet, look again in an hour. */
const NO_SITE_RETRY_MS = 3600_000;
/**
 * How long a ticket request's Idempotency-Key is remembered. A kiosk retries within seconds;
 * a key a day old can only be a client bug, and a table of every key ever sent would grow by
 * a row per ticket for good (issue 9).
 */
export const KEY_KEPT_MS = 24 * 3600_000;

/**
 * The day close (core/day-close.ts) as a unit with start and stop: `start` ends the visits
 * left open from earlier service days at once (a server down over midnight) and then at
 * every site's next local midnight, rescheduled each day. Each visit is ended through the
 * contact store, one transaction each, so its event, outbox rows and boards follow as for
 * any other transition; one that changed meanwhile is skipped and logged. It then forgets the
 * ticket requests' Idempotency-Keys older than `KEY_KEPT_MS`.
 */
export function createDayClose(db: Db, deps: { clock: () => Date }, contacts: ContactStore, logger?: Pick<Logger, 'info' | 'warn'>) {
  const q = {
    sites: db.prepare<[], { id: string; time_zone: string }>('SELECT id, time_zone FROM sites ORDER BY id'),
    // Once a day, so a scan of the table (no index on the time: one more write per ticket) is fine.
    forgetKeys: db.prepare<[string]>('DELETE FROM idempotency_keys WHERE created_at < ?'),
    stale: db.prepare<[string, string, string], Pick<ContactRow, 'id' | 'state' | 'service_day'>>(
      `SELECT id, state, service_day FROM contacts
       WHERE site_id = ? AND channel = 'visit' AND service_day < ? AND state IN (SELECT value FROM json_each(?))
       ORDER BY service_day, queued_at, id`),
  };
  const who: Actor = { actor: DAY_CLOSE_ACTOR };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Ends every visit still open from an earlier service day; answers how many it ended. */
  function run(): number {
    const now = deps.clock();
    let closed = 0;
    for (const site of q.sites.all()) {
      const today = serviceDay(now, site.time_zone);
      for (const row of q.stale.all(site.id, today, JSON.stringify(OPEN_STATES))) {
        try {
          switch (dayCloseAction(row.state)) {
            case 'abandon': contacts.abandon(row.id, who); break;
            case 'no_show': contacts.noShow(row.id, who); break;
            case 'finish': contacts.finish(row.id, { outcome: 'resolved', rosaLevel: null, implicit: true }, who); break;
            case null: continue;
          }
          closed++;
        } catch (err) {
          // Changed by someone else meanwhile (or another server's close): it is no longer ours.
          logger?.warn({ contact: row.id, err: (err as Error).message }, 'day close skipped a visit');
        }
      }
      if (closed) logger?.info({ site: site.id, today, closed }, 'day close ended visits left open from earlier days');
    }
    q.forgetKeys.run(new Date(now.getTime() - KEY_KEPT_MS).toISOString());
    return closed;
  }

  /** The next local midnight of any site: when the next close is due (null with no site). */
  function nextRunAt(): Date | null {
    const now = deps.clock();
    let next: Date | null = null;
    for (const site of q.sites.all()) {
      const at = nextServiceDayStart(now, site.time_zone);
      if (!next || at < next) next = at;
    }
    return next;
  }

  function schedule(): void {
    clearTimeout(timer);
    if (stopped) return;
    const next = nextRunAt();
    const delay = next ? Math.max(0, next.getTime() - deps.clock().getTime()) + AFTER_MIDNIGHT_MS : NO_SITE_RETRY_MS;
    timer = setTimeout(() => {
      try { run(); } catch (err) { logger?.warn({ err: (err as Error).message }, 'day close failed; tried again at the next midnight'); }
      schedule();
    }, delay);
    timer.unref();
  }

  return {
    run,
    nextRunAt,
    /** Closes what is left from earlier days now, then at each local midnight. */
    start(): void { stopped = false; run(); schedule(); },
    stop(): void { stopped = true; clearTimeout(timer); timer = undefined; },
  };
}

export type DayClose = ReturnType<typeof createDayClose>;

/** Creates the day close and starts it: what app.ts calls. */
export function startDayClose(...args: Parameters<typeof createDayClose>): DayClose {
  const unit = createDayClose(...args);
  unit.start();
  return unit;
}
