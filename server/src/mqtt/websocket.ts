import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Aedes } from 'aedes';

export const MQTT_WS_PATH = '/mqtt';

/**
 * MQTT over WebSocket on the HTTP port, so browsers need one origin only. With the
 * embedded broker the socket goes straight to aedes; with an external broker the bytes
 * are piped to its TCP port (MQTT over WebSocket is the same bytes in binary frames).
 */
export function attachMqttWebSocket(opts: {
  server: Server;
  logger: Logger;
  target: { aedes: Aedes } | { host: string; port: number };
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
    const stream = createWebSocketStream(ws);
    stream.on('error', (err) => log.debug({ err: err.message }, 'websocket stream error'));
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
