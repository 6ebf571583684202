/** A real MQTT broker (aedes) on a free loopback port, for tests. */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';

export interface TestBroker {
  url: string;
  /** Cuts a client's connection without a DISCONNECT, as a crash or a pulled cable would. */
  dropClient(clientId: string): boolean;
  close(): Promise<void>;
}

export async function startBroker(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const clients = new Map<string, Client>();
  broker.on('client', (c) => clients.set(c.id, c));
  broker.on('clientDisconnect', (c) => {
    if (clients.get(c.id) === c) clients.delete(c.id);
  });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    dropClient(clientId) {
      const c = clients.get(clientId);
      if (!c) return false;
      c.conn.destroy();
      return true;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
