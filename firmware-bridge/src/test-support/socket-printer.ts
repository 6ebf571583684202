/** A printer on raw TCP for tests: records what it receives and answers DLE EOT queries. */
import { createServer, type Socket } from 'node:net';

export interface SocketPrinter {
  port: number;
  /** Every chunk received, in order. */
  received: Buffer[];
  /** The reply byte per DLE EOT n from now on. */
  setReplies(replies: Record<number, number>): void;
  /** Switched off: open connections dropped, new ones refused. Safe to call twice. */
  close(): Promise<void>;
}

export async function startSocketPrinter(replies: Record<number, number>): Promise<SocketPrinter> {
  let current = replies;
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      for (let i = 0; i + 2 < chunk.length; i++) {
        if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) socket.write(Buffer.from([current[chunk[i + 2]!] ?? 0x12]));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as { port: number }).port,
    received,
    setReplies: (r) => { current = r; },
    close() {
      for (const s of sockets) s.destroy();
      closed ??= new Promise((r) => server.close(() => r()));
      return closed;
    },
  };
}
