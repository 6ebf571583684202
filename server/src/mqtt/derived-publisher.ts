import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';

export interface DerivedMessage { topic: string; payload: { at: string } & object; qos: 0 | 1 }

/**
 * Publishes the retained state derived from the database (zone boards, queue summaries)
 * for the sites marked as changed, at most once per `intervalMs`: a burst of tickets
 * becomes one board. The first change after a quiet spell goes out at once; under steady
 * load a board (4–7 KB, to every display of its zone) goes out once a second, often enough
 * for waiting counts, while calls reach the displays at once as events of their own. Each
 * round is a burst of writes to every display that the requests of that moment wait behind:
 * at 200 tickets/s and 100 displays, four rounds a second took the ticket's p99 from 6 to
 * 15 ms (issue 9). A topic is sent only when its content (all but `at`) changed, as
 * zigbee2mqtt does for state. What fails to go out stays marked for the next round.
 */
export function createDerivedPublisher(opts: {
  client: MqttClient;
  compute: (site: string) => DerivedMessage[];
  logger: Logger;
  intervalMs?: number;
}) {
  const log = opts.logger.child({ module: 'derived-state' });
  const interval = opts.intervalMs ?? 1000;
  const dirty = new Set<string>();
  const sent = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const content = ({ at: _at, ...rest }: DerivedMessage['payload']) => JSON.stringify(rest);

  async function flush(): Promise<void> {
    timer = undefined;
    last = Date.now();
    if (stopped || !opts.client.connected) return;
    const sites = [...dirty];
    dirty.clear();
    for (const site of sites) {
      try {
        const messages = opts.compute(site);
        await Promise.all(messages.map(async (m) => {
          const body = content(m.payload);
          if (sent.get(m.topic) === body) return;
          await opts.client.publishAsync(m.topic, JSON.stringify(m.payload), { qos: m.qos, retain: true });
          sent.set(m.topic, body);
        }));
      } catch (err) {
        dirty.add(site);
        log.warn({ site, err: (err as Error).message }, 'derived state not published; retrying');
        schedule();
      }
    }
  }

  function schedule(): void {
    if (timer || stopped) return;
    const wait = Math.max(0, last + interval - Date.now());
    timer = setTimeout(() => { running = running.then(flush); }, wait);
  }

  return {
    /** Marks a site as changed; its state goes out within `intervalMs`. */
    mark(site: string): void {
      dirty.add(site);
      schedule();
    },
    /**
     * After a (re)connect the broker may have lost its retained store: forget what was
     * sent, so everything goes out again.
     */
    resend(sites: string[]): void {
      sent.clear();
      for (const s of sites) dirty.add(s);
      schedule();
    },
    /** For tests and benches: resolves once nothing is pending. */
    async settled(timeoutMs = 5000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (dirty.size > 0 || timer) {
        if (Date.now() > until) throw new Error(`derived state not published within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await running;
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
