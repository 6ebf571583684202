import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { Duplex as DuplexStream } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Aedes } from 'aedes';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { mayRead, type Audience, type DeviceScope } from './topic-access.js';

export const MQTT_WS_PATH = '/mqtt';

/**
 * Browsers read; they never publish (they act through HTTP). Every packet a browser
 * sends is parsed here, whatever broker is behind: a SUBSCRIBE to a topic outside the
 * client's audience is refused with a failure SUBACK, a PUBLISH ends the connection, a
 * last will is dropped, and the CONNECT's client id is replaced by a fresh one with a
 * clean session. Good packets go on as the broker would have received them.
 */
function gate(client: Duplex, audience: Audience | null, log: Logger, login?: { username: string; password: string }): Duplex {
  let version: 3 | 4 | 5 = 4;
  const parser = mqttPacket.parser({ protocolVersion: version });
  const brokerSide = new DuplexStream({
    read() {},
    write(chunk: Buffer, _enc, done) { client.write(chunk, done); },
    // The broker writes a packet in pieces and corks the stream for the tick (mqtt-packet):
    // sent as one WebSocket frame, not a frame (and a system call) per piece. Under load
    // that is every packet of the tick to this browser in one frame; mqtt-lite splits them.
    writev(chunks: { chunk: Buffer }[], done) {
      client.write(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)), done);
    },
    final(done) { client.end(); done(); },
    destroy(err, done) { client.destroy(); done(err); },
  });
  const toBroker = (packet: Packet) => brokerSide.push(mqttPacket.generate(packet, { protocolVersion: version }));
  const refuse = (why: string, detail: object) => {
    log.warn({ ...detail, who: audience ? ('roles' in audience ? audience.roles : `${audience.device.kind} ${audience.device.id}`) : 'anonymous' }, why);
  };
  parser.on('packet', (packet: Packet) => {
    switch (packet.cmd) {
      case 'connect': {
        version = (packet.protocolVersion ?? 4) as 3 | 4 | 5;
        if (packet.will) refuse('browser last will dropped', { topic: packet.will.topic });
        // A browser never picks its client id nor resumes a session: a chosen id (the
        // server's, a bridge's) would take over that client's stored subscriptions and
        // kick it off. Each socket gets a fresh id and a session that ends with it.
        // Who it is was decided from its cookie at the upgrade, not from what it types here: its
        // own user name and password are dropped, and an external broker gets the gateway's.
        const { sessionExpiryInterval: _dropped, ...properties } = packet.properties ?? {};
        const { username: _u, password: _p, ...rest } = packet;
        toBroker({
          ...rest, will: undefined, clientId: `browser-${randomBytes(12).toString('base64url')}`, clean: true,
          ...(login ? { username: login.username, password: Buffer.from(login.password) } : {}),
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

/** Who is on the other end of one browser socket, as decided at its upgrade. */
export interface SocketIdentity {
  audience: Audience | null;
  /** The staff session it came with, if any. */
  staffSessionId?: string;
  /** The enrolled device it came as, if any. */
  device?: DeviceScope;
  /** Still allowed? Asked now and then, so an expired session or revoked device is cut off. */
  stillValid?(): boolean;
}

/** How often open sockets are checked against their session or device. */
export const SOCKET_RECHECK_MS = 30_000;

/**
 * MQTT over WebSocket on the HTTP port, so browsers need one origin only. With the
 * embedded broker the socket goes to aedes; with an external broker the bytes are piped
 * to its TCP port. Either way every packet passes the gate above first.
 */
export function attachMqttWebSocket(opts: {
  server: Server;
  logger: Logger;
  /** The embedded broker (and its door, told the stream is a gated browser), or an external one (with the gateway's login). */
  target: { aedes: Aedes; admit?(stream: object, audience: Audience | null): void } | { host: string; port: number; login?: { username: string; password: string } };
  /** Who is asking, from the upgrade's cookies; null refuses the upgrade (401). Default: anonymous. */
  identify?: (req: IncomingMessage) => SocketIdentity | null;
  /** A socket opened; the returned function, if any, is called once when it closes. */
  onOpen?: (req: IncomingMessage, who: SocketIdentity) => (() => void) | undefined;
  recheckMs?: number;
}): { close(): Promise<void>; disconnect(which: (who: SocketIdentity) => boolean): number } {
  const log = opts.logger.child({ module: 'mqtt-ws' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const open = new Map<WebSocket, SocketIdentity>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== MQTT_WS_PATH) return; // not ours: other upgrade handlers may take it
    const who = opts.identify ? opts.identify(req) : { audience: null };
    if (!who) {
      log.warn({ ip: req.socket.remoteAddress }, 'websocket refused: no staff session and no enrolled device');
      const body = JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'ENTRE_DEVICE_UNENROLLED', detail: 'Sign in, or enrol this device, to connect.' });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, who));
  };
  opts.server.on('upgrade', onUpgrade);
  wss.on('connection', (ws: WebSocket, req: IncomingMessage, who: SocketIdentity) => {
    open.set(ws, who);
    const closed = opts.onOpen?.(req, who);
    ws.once('close', () => { open.delete(ws); closed?.(); });
    const socket = createWebSocketStream(ws);
    socket.on('error', (err) => log.debug({ err: err.message }, 'websocket stream error'));
    const target = opts.target;
    const stream = gate(socket, who.audience, log, 'login' in target ? target.login : undefined);
    stream.on('error', (err) => log.debug({ err: err.message }, 'gated stream error'));
    if ('aedes' in target) {
      target.admit?.(stream, who.audience);
      target.aedes.handle(stream, req);
      return;
    }
    const upstream = connect(target.port, target.host);
    upstream.on('error', (err) => {
      log.warn({ err: err.message }, 'external broker unreachable for a websocket client');
      stream.destroy();
    });
    stream.pipe(upstream).pipe(stream);
    stream.on('close', () => upstream.destroy());
    upstream.on('close', () => stream.destroy());
  });
  function disconnect(which: (who: SocketIdentity) => boolean): number {
    let n = 0;
    for (const [ws, who] of open) if (which(who)) { ws.close(4401, 'signed out or revoked'); ws.terminate(); n++; }
    return n;
  }
  const recheck = setInterval(() => {
    const n = disconnect((who) => who.stillValid !== undefined && !who.stillValid());
    if (n > 0) log.info({ closed: n }, 'closed websockets whose session ended or device was revoked');
  }, opts.recheckMs ?? SOCKET_RECHECK_MS);
  recheck.unref();
  return {
    disconnect,
    async close() {
      clearInterval(recheck);
      opts.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
