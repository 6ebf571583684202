/**
 * The load bench's wall displays on a thread of their own. A hundred MQTT clients taking
 * their boards and every call would otherwise hold up the ticket generator's event loop,
 * and an open-loop generator counts its own hold-ups as the server's latency. Each call's
 * arrival is stamped here, on the wall clock at sub-millisecond resolution
 * (performance.timeOrigin + now(), the same clock on every thread), and sent to the main
 * thread in batches.
 *
 * Main thread: `startDisplays(port, ids, handlers)`; this file is also the worker itself.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@entre/protocol';

interface DisplaysData { port: number; ids: string[] }

type FromDisplays =
  | { type: 'ready' }
  | { type: 'calls'; calls: [id: string, atEpochMs: number][] }
  | { type: 'drop' }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

/** How often arrivals go to the main thread: one message, not one per call per display. */
const BATCH_MS = 50;

/**
 * A wall display as the browser app runs it: its bootstrap over HTTP, then MQTT over
 * WebSocket at the path it names, subscribed to its config, the site's calls and its
 * zone's board (display-state.ts topicsFor).
 */
async function connectDisplay(port: number, id: string, onCall: (id: string) => void, onDrop: () => void): Promise<MqttClient> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/displays/${id}`);
  if (res.status !== 200) throw new Error(`display ${id} bootstrap: ${res.status} ${await res.text()}`);
  const boot = await res.json() as { site: string; display: string; zone: string; mqtt: { path: string } };
  const calls = topics.calls(boot.site);
  const client = await mqtt.connectAsync(`ws://127.0.0.1:${port}${boot.mqtt.path}`, { protocolVersion: 4, reconnectPeriod: 0 });
  client.on('message', (topic, payload) => { if (topic === calls) onCall((JSON.parse(payload.toString()) as { id: string }).id); });
  client.on('close', onDrop);
  // QoS 0, as the app subscribes (web-common mqtt-lite: a clean session gains nothing from 1).
  await client.subscribeAsync([topics.displayConfig(boot.site, boot.display), calls, topics.zoneBoard(boot.site, boot.zone)], { qos: 0 });
  return client;
}

async function runDisplays(data: DisplaysData): Promise<void> {
  const port = parentPort!;
  const send = (m: FromDisplays) => port.postMessage(m);
  let batch: [string, number][] = [];
  const timer = setInterval(() => { if (batch.length) { send({ type: 'calls', calls: batch }); batch = []; } }, BATCH_MS);
  const clients: MqttClient[] = [];
  let closing = false;
  port.on('message', async (m: string) => {
    if (m !== 'close') return;
    closing = true;
    clearInterval(timer);
    if (batch.length) send({ type: 'calls', calls: batch });
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
    send({ type: 'closed' });
    port.close();
  });
  try {
    const onCall = (id: string) => batch.push([id, performance.timeOrigin + performance.now()]);
    const onDrop = () => { if (!closing) send({ type: 'drop' }); };
    for (let i = 0; i < data.ids.length; i += 10) {
      clients.push(...await Promise.all(data.ids.slice(i, i + 10).map((id) => connectDisplay(data.port, id, onCall, onDrop))));
    }
    send({ type: 'ready' });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
  }
}

if (!isMainThread && (workerData as { entreLoadDisplays?: DisplaysData } | null)?.entreLoadDisplays) {
  void runDisplays((workerData as { entreLoadDisplays: DisplaysData }).entreLoadDisplays);
}

/**
 * Connects the displays on a worker thread; `onCall` gets each call's id and its arrival on
 * this thread's performance.now() timeline. Resolves once every display has subscribed.
 */
export async function startDisplays(port: number, ids: string[], on: { call(id: string, at: number): void; drop(): void }): Promise<{ close(): Promise<void> }> {
  // A worker does not inherit the main thread's tsx loader (Node 20): it registers its own
  // before it loads this file, and loads it as the source it is.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { entreLoadDisplays: { port, ids } satisfies DisplaysData } });
  const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromDisplays) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'failed') reject(new Error(m.message));
      else if (m.type === 'drop') on.drop();
      else if (m.type === 'calls') for (const [id, at] of m.calls) on.call(id, at - performance.timeOrigin);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the displays' thread exited (${code}) before they were connected`)));
  });
  return {
    async close() {
      worker.postMessage('close');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      await worker.terminate();
    },
  };
}
