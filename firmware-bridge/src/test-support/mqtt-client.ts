/** A test-side MQTT client that records what it receives and can wait for a message. */
import { connect, type MqttClient } from 'mqtt';

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
  json(): unknown;
}

export interface Recorder {
  client: MqttClient;
  messages: Received[];
  /** Resolves with the first message (already received or yet to come) matching `match`. */
  waitFor(match: (m: Received) => boolean, timeoutMs?: number, what?: string): Promise<Received>;
  close(): Promise<void>;
}

export async function recorder(url: string, subscriptions: string[]): Promise<Recorder> {
  const client = connect(url, { protocolVersion: 4, reconnectPeriod: 0, clientId: `test-${Math.random().toString(16).slice(2)}` });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const messages: Received[] = [];
  const waiters = new Set<(m: Received) => void>();
  client.on('message', (topic, payload, packet) => {
    const m: Received = { topic, payload, retain: packet.retain, json: () => JSON.parse(payload.toString('utf8')) };
    messages.push(m);
    for (const w of [...waiters]) w(m);
  });
  if (subscriptions.length) await client.subscribeAsync(subscriptions, { qos: 1 });
  return {
    client,
    messages,
    waitFor(match, timeoutMs = 5000, what = 'message') {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const check = (m: Received) => {
          if (!match(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    async close() {
      await client.endAsync(true);
    },
  };
}
