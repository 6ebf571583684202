import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedSms {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as it arrived. */
  raw: string;
  body: { to?: string; from?: string; message?: string };
}

/** What the fake answers to request number `n` (0-based): a status, a status after a pause, or 'hang' to never answer. */
export type GatewayReply = (n: number) => number | { status: number; afterMs: number } | 'hang';

/**
 * A real HTTP server standing in for an SMS gateway: records every request (headers and
 * body) and answers as told. For the HTTP sender's tests and the end-to-end ones.
 */
export async function startSmsGateway(reply: GatewayReply = () => 200) {
  const received: ReceivedSms[] = [];
  let answer = reply;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedSms['body'] = {};
      try { body = JSON.parse(raw) as ReceivedSms['body']; } catch { /* recorded raw */ }
      const n = received.length;
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body });
      const reply = answer(n);
      if (reply === 'hang') return;
      const { status, afterMs } = typeof reply === 'number' ? { status: reply, afterMs: 0 } : reply;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { id: `msg-${n + 1}`, status: 'queued' } : { error: 'gateway says no', to: body.to }));
      }, afterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    received,
    /** The texts as the phones would get them: [to, message]. */
    texts: () => received.filter((r) => r.method === 'POST').map((r) => [r.body.to, r.body.message] as const),
    answerWith(next: GatewayReply): void { answer = next; },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SmsGateway = Awaited<ReturnType<typeof startSmsGateway>>;
