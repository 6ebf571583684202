/**
 * The display's MQTT link: the small listen-only MQTT 3.1.1 client over WebSocket on the
 * page's own host. It knows nothing about boards; the state gets raw payloads and
 * validates them itself, and changes what it listens to when its zone changes.
 */
import { connectMqttLite } from '@entre/web-common/mqtt-lite';

export interface BrokerHandlers {
  onConnect(): void;
  onDisconnect(): void;
  /** `retained` is true for state the broker replays on subscribe, false for live publishes. */
  onMessage(topic: string, payload: Uint8Array, retained: boolean): void;
}

export interface BrokerOptions {
  /** Path of the WebSocket endpoint on this host, e.g. "/mqtt". */
  path: string;
  username?: string;
}

export interface BrokerLink {
  /** Listen to exactly these topics from now on (and after every reconnect). */
  listen(topics: string[]): void;
  stop(): void;
}

export type ConnectBroker = (options: BrokerOptions, handlers: BrokerHandlers) => BrokerLink;

/** ws: or wss: to match the page, same host and port. */
export function brokerUrl(path: string, where: Pick<Location, 'protocol' | 'host'> = location): string {
  const url = new URL(path, `${where.protocol}//${where.host}`);
  url.protocol = where.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export const connectBroker: ConnectBroker = (options, handlers) => {
  let current: string[] = [];
  const client = connectMqttLite({
    url: brokerUrl(options.path),
    ...(options.username ? { username: options.username } : {}),
    // On the lobby's LAN: back within 1.5 s of the server or broker coming back.
    reconnectMinMs: 250,
    reconnectMaxMs: 1_500,
    warn: (m) => console.warn(`display: ${m}`),
  }, handlers);
  return {
    listen(topics) {
      const gone = current.filter((t) => !topics.includes(t));
      if (gone.length) client.unsubscribe(gone);
      client.subscribe(topics);
      current = [...topics];
    },
    stop() {
      client.close();
    },
  };
};
