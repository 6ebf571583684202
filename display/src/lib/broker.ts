/**
 * The display's MQTT link: MQTT 3.1.1 over WebSocket on the page's own host. It knows
 * nothing about boards; the state gets raw payloads and validates them itself.
 */
import mqtt from 'mqtt';

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
  topics: string[];
}

export interface BrokerLink {
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
  const client = mqtt.connect(brokerUrl(options.path), {
    protocolVersion: 4,
    reconnectPeriod: 1000,
    clean: true,
    // We subscribe on every connect ourselves, so each (re)connect replays retained state once.
    resubscribe: false,
    ...(options.username ? { username: options.username } : {}),
  });

  let connected = false;
  const down = () => {
    if (!connected) return;
    connected = false;
    handlers.onDisconnect();
  };

  client.on('connect', () => {
    connected = true;
    handlers.onConnect();
    client.subscribe(options.topics, { qos: 1 }, (err) => {
      if (err) console.warn('display: subscribe failed', err);
    });
  });
  client.on('close', down);
  client.on('offline', down);
  client.on('error', (err) => console.warn('display: MQTT error', err.message));
  client.on('message', (topic, payload, packet) => {
    try {
      handlers.onMessage(topic, payload, packet.retain);
    } catch (err) {
      // One bad message never stops the display.
      console.warn(`display: message on ${topic} failed`, err);
    }
  });

  return {
    stop() {
      client.end(true);
    },
  };
};
