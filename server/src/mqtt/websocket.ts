import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { Duplex as DuplexStream } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Aedes } from 'aedes';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { mayRead, type Audience } from './topic-access.js';

export const MQTT_WS_PATH = '/mqtt';

/**
 * Browsers read; they never publish (they act through HTTP). Every packet a browser
 * sends is parsed here, whatever broker is behind: a SUBSCRIBE to a topic outside the
 * client's audience is refused with a failure SUBACK, a PUBLISH ends the connection, a
 * last will is dropped, and the CONNECT's client id is replaced by a fresh one with a
 * clean session. Good packets go on as the broker would have received them.
 */
function gate(client: Duplex, audience: Audience | null, log: Logger): Duplex {
  let version: 3 | 4 | 5 = 4;
  const parser = mqttPacket.parser({ protocolVersion: version });
  const brokerSide = new DuplexStream({
    read() {},
    write(chunk: Buffer, _enc, done) { client.write(chunk, done); },
    final(done) { client.end(); done(); },
    destroy(err, done) { client.destroy(); done(err); },
  });
  const toBroker = (packet: Packet) => brokerSide.push(mqttPacket.generate(packet, { protocolVersion: version }));
  const refuse = (why: string, detail: object) => {
    log.warn({ ...detail, roles: audience?.roles ?? 'anonymous' }, why);
  };
  parser.on('packet', (packet: Packet) => {
    switch (packet.cmd) {
      case 'connect': {
        version = (packet.protocolVersion ?? 4) as 3 | 4 | 5;
        if (packet.will) refuse('browser last will dropped', { topic: packet.will.topic });
        // A browser never picks its client id nor resumes a session: a chosen id (the
        // server's, a bridge's) would take over that client's stored subscriptions and
        // kick it off. Each socket gets a fresh id and a session that ends with it.
        const { sessionExpiryInterval: _dropped, ...properties } = packet.properties ?? {};
        toBroker({
          ...packet, will: undefined, clientId: `browser-${randomBytes(12).toString('base64url')}`, clean: true,
          ...(packet.properties ? { properties } : {}),
        } as Packet);
        return;
      }
      case 'subscribe': {
        const denied = packet.subscriptions.filter((s) => !mayRead(audience, s.topic)).map((s) => s.topic);
        if (denied.length === 0) { toBroker(packet); return; }
        refuse('browser subscription refused', { topics: denied });
        client.write(mqttPacket.generate({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map(() => 128) }, { protocolVersion: version }));
        return;
      }
      case 'publish':
        refuse('browser publish refused; connection closed', { topic: packet.topic });
        client.destroy();
        brokerSide.destroy();
        return;
      default:
        toBroker(packet);
    }
  });
  parser.on('error', (err: Error) => { log.debug({ err: err.message }, 'malformed MQTT from a browser'); client.destroy(); brokerSide.destroy(); });
  client.on('data', (chunk: Buffer) => parser.parse(chunk));
  client.on('end', () => brokerSide.push(null));
  client.on('close', () => brokerSide.destroy());
  client.on('error', () => brokerSide.destroy());
  return brokerSide;
}

/**
 * MQTT over WebSocket on the HTTP port, so browsers need one origin only. With the
 * embedded broker the socket goes to aedes; with an external broker the bytes are piped
 * to its TCP port. Either way every packet passes the gate above first.
 */
export function attachMqttWebSocket(opts: {
  server: Server;
  logger: Logger;
  target: { aedes: Aedes } | { host: string; port: number };
  /** Who is on the other end: the signed-in staff member of the upgrade's cookie, or null. */
  audienceOf?: (req: IncomingMessage) => Audience | null;
  /** A socket opened; the returned function, if any, is called once when it closes. */
  onOpen?: (req: IncomingMessage) => (() => void) | undefined;
}): { close(): Promise<void> } {
  const log = opts.logger.child({ module: 'mqtt-ws' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== MQTT_WS_PATH) return; // not ours: other upgrade handlers may take it
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  opts.server.on('upgrade', onUpgrade);
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const closed = opts.onOpen?.(req);
    if (closed) ws.once('close', closed);
    const socket = createWebSocketStream(ws);
    socket.on('error', (err) => log.debug({ err: err.message }, 'websocket stream error'));
    const stream = gate(socket, opts.audienceOf?.(req) ?? null, log);
    stream.on('error', (err) => log.debug({ err: err.message }, 'gated stream error'));
    if ('aedes' in opts.target) {
      opts.target.aedes.handle(stream, req);
      return;
    }
    const upstream = connect(opts.target.port, opts.target.host);
    upstream.on('error', (err) => {
      log.warn({ err: err.message }, 'external broker unreachable for a websocket client');
      stream.destroy();
    });
    stream.pipe(upstream).pipe(stream);
    stream.on('close', () => upstream.destroy());
    upstream.on('close', () => stream.destroy());
  });
  return {
    async close() {
      opts.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
