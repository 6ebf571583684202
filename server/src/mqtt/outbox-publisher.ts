import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { LobbyStore } from '../store/lobby-store.js';

/**
 * Drains the outbox to the broker in id order. A row is deleted only after the broker
 * acknowledged it (QoS 1) or took it (QoS 0), so a crash or a broker restart re-sends.
 */
export function createOutboxPublisher(opts: { store: LobbyStore; client: MqttClient; logger: Logger; retryMs?: number }) {
  const log = opts.logger.child({ module: 'outbox' });
  let draining = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let idle: Promise<void> = Promise.resolve();
  let deferred = false;

  /**
   * Rows written inside a transaction still open on the database's connection are not
   * committed and may yet roll back: a store's own transaction nested in an outer one
   * (walk-in, "next", a check-in) wakes us before the outer commit. Publishing them would
   * announce a call that never happened, so the outbox is read only once no transaction
   * is open; better-sqlite3's transactions are synchronous, so by the next turn it is over.
   */
  function uncommitted(): boolean {
    if (!opts.store.outbox.inTransaction()) return false;
    if (!deferred) {
      deferred = true;
      setImmediate(() => { deferred = false; drain(); });
    }
    return true;
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      if (stopped || !opts.client.connected || uncommitted()) return;
      const rows = opts.store.outbox.pending(500);
      if (rows.length === 0) return;
      // mqtt.js writes in call order, so concurrent publishes keep the outbox order on the wire.
      const results = await Promise.allSettled(rows.map((row) =>
        opts.client.publishAsync(row.topic, row.payload, { qos: row.qos, retain: row.retain === 1 })));
      // One write for the batch: what the broker took leaves the outbox, the rest stays.
      opts.store.outbox.removeMany(rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  function drain(): void {
    if (draining) { again = true; return; }
    if (uncommitted()) return;
    draining = true;
    idle = (async () => {
      try {
        do { again = false; await drainOnce(); } while (again && !stopped);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'publish failed; the outbox keeps the rows for the next try');
      } finally {
        draining = false;
      }
    })();
  }

  return {
    drain,
    start() {
      timer = setInterval(drain, opts.retryMs ?? 1000);
      timer.unref();
      drain();
    },
    /** Waits for an ongoing drain; what is left stays in the outbox for the next start. */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await idle;
    },
    /** For tests and benches: resolves once the outbox is empty. */
    async flushed(timeoutMs = 5000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (opts.store.outbox.count() > 0) {
        if (Date.now() > until) throw new Error(`outbox not drained within ${timeoutMs} ms`);
        drain();
        await new Promise((r) => setTimeout(r, 10));
      }
      await idle;
    },
  };
}
