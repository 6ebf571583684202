/**
 * Live updates for the console over MQTT/WebSocket with the browser's own session: the
 * server's gate lets each role subscribe only to its topics (a refused filter is simply
 * never delivered). A message does not carry the page's data; it says "something
 * changed here", and the page fetches its view again from the API, debounced. Pages keep
 * a slow poll as a safety net while the link is down.
 */
import { connectMqttLite, matches, type MqttLite } from '@entre/web-common/mqtt-lite';
import { createContext } from 'preact';
import { useContext, useEffect } from 'preact/hooks';

export interface Live {
  /** Calls `changed` (debounced) whenever a message arrives on one of the filters; returns the undo. */
  watch(filters: string[], changed: () => void): () => void;
  readonly connected: () => boolean;
  /** Reconnects, e.g. after another person signed in on this browser. */
  reset(): void;
  close(): void;
}

const DEBOUNCE_MS = 200;
/**
 * The server learns some changes from the same broker message the page gets (a printer's
 * status): a fetch right away may still see the old state, so a second one follows.
 */
const CATCH_UP_MS = 1500;

export function createLive(url: string = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`): Live {
  const watchers = new Set<{ filters: string[]; fire: () => void }>();
  let client: MqttLite | null = null;
  let up = false;

  function open(): MqttLite {
    const c = connectMqttLite({ url }, {
      onConnect: () => { up = true; },
      onDisconnect: () => { up = false; },
      onMessage: (topic) => { for (const w of watchers) if (w.filters.some((f) => matches(f, topic))) w.fire(); },
    });
    c.subscribe([...new Set([...watchers].flatMap((w) => w.filters))]);
    return c;
  }

  return {
    watch(filters, changed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let catchUp: ReturnType<typeof setTimeout> | undefined;
      const w = {
        filters,
        fire: () => {
          clearTimeout(timer);
          clearTimeout(catchUp);
          timer = setTimeout(changed, DEBOUNCE_MS);
          catchUp = setTimeout(changed, CATCH_UP_MS);
        },
      };
      watchers.add(w);
      client ??= open();
      client.subscribe(filters);
      return () => {
        clearTimeout(timer);
        clearTimeout(catchUp);
        watchers.delete(w);
        const still = new Set([...watchers].flatMap((x) => x.filters));
        client?.unsubscribe(filters.filter((f) => !still.has(f)));
      };
    },
    connected: () => up,
    reset() {
      client?.close();
      up = false;
      client = watchers.size ? open() : null;
    },
    close() {
      client?.close();
      client = null;
      up = false;
    },
  };
}

export const LiveContext = createContext<Live | null>(null);

/** Refreshes the page's view when its topics change; a no-op without a live link (tests of parts). */
export function useLiveRefresh(filters: string[], refresh: () => unknown): void {
  const live = useContext(LiveContext);
  const key = filters.join('|');
  useEffect(() => (live ? live.watch(filters, () => { void refresh(); }) : undefined), [live, key]);
}

/** The topic filters pages watch (any site: the server has one per deployment, and the gate checks roles). */
export const LIVE = {
  queues: 'entre/v1/+/queues/+/summary',
  calls: 'entre/v1/+/calls',
  boards: 'entre/v1/+/zones/+/board',
  displayConfigs: 'entre/v1/+/displays/+/config',
  availability: 'entre/v1/+/devices/+/availability',
  printerStatus: 'entre/v1/+/printers/+/status',
} as const;
