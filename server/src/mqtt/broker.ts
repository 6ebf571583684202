import { Aedes } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { BrokerAuth } from './broker-auth.js';

// mqtt-packet's writer makes, at its first packet, a Buffer of each of the 65 536 two-byte
// numbers, to write a message id or a length without allocating: 6 MB of the server's 45 MB
// heap, all of it marked again at every full collection (issue 9, RSS under load). A 2-byte
// Buffer made when one is written costs next to nothing. Every writer in this process (the
// broker's, and the server's own client) shares the one module, so this is said once here.
mqttPacket.writeToStream.cacheNumbers = false;

export interface EmbeddedBroker {
  readonly aedes: Aedes;
  /** The TCP port it listens on (resolved when 0 was asked for). */
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The demo's broker: aedes in this process, MQTT over TCP for the bridge and other
 * devices; browsers reach the same broker over WebSocket on the HTTP port.
 */
export async function startEmbeddedBroker(opts: { host: string; port: number; logger: Logger; auth?: BrokerAuth }): Promise<EmbeddedBroker> {
  const auth = opts.auth;
  const aedes = await Aedes.createBroker(auth ? {
    authenticate: (c, u, p, done) => auth.authenticate(c, u, p, done),
    authorizePublish: (c, p, done) => auth.authorizePublish(c, p, done),
    authorizeSubscribe: (c, s, done) => auth.authorizeSubscribe(c, s, done),
  } : {});
  auth?.attach(aedes);
  const log = opts.logger.child({ module: 'broker' });
  aedes.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'client error'));
  aedes.on('connectionError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'connection error'));
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log.info({ port }, 'embedded MQTT broker listening');
  return {
    aedes,
    port,
    async stop() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
