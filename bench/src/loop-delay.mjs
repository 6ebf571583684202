// Preloaded into the server by the load bench (node --import): the server's event-loop
// delay, so the bench can tell time the server spent blocked from time the machine was busy
// elsewhere. Plain JavaScript: the server runs from dist/ without tsx. Answers over the IPC
// channel the bench opened: 'reset' starts a measurement, 'report' sends it (ms).
import { createHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import dc from 'node:diagnostics_channel';

if (process.send) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // Stalls long enough to matter, with when they happened (ms since the reset), to set beside
  // what else happened then.
  const stalls = [];
  let since = performance.now();
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 100) stalls.push(`${Math.round(now - last)} ms at ${((last - since) / 1000).toFixed(1)} s`);
    last = now;
  }, 10).unref();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  // Ticket issue as the server itself times it: from its HTTP parser having the request to
  // the response's last byte handed to the socket. What the bench measures beyond that is
  // the wait before the server read the request, the network and the bench's own loop.
  const tickets = createHistogram();
  const began = new WeakMap();
  dc.subscribe('http.server.request.start', ({ request }) => {
    if (request.method === 'POST' && request.url === '/api/v1/tickets') began.set(request, performance.now());
  });
  dc.subscribe('http.server.response.finish', ({ request }) => {
    const t = began.get(request);
    if (t !== undefined) tickets.record(Math.max(1, Math.round((performance.now() - t) * 1e6)));
  });
  process.on('message', (m) => {
    if (m === 'entre-bench:reset') { h.reset(); tickets.reset(); stalls.length = 0; since = performance.now(); }
    else if (m === 'entre-bench:report') {
      // Where the RSS is, as V8 and Node count it (MB): what the rest is, is native (SQLite,
      // code, thread stacks, the binary's own pages).
      const m = process.memoryUsage();
      const mb = (b) => Math.round(b / 1048576);
      // With --expose-gc (the bench passes it): what the heap still holds after a full
      // collection, the server's live data, as against garbage V8 has not collected yet.
      let live;
      if (typeof globalThis.gc === 'function') { globalThis.gc(); live = mb(process.memoryUsage().heapUsed); }
      process.send({
        p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), stalls,
        tickets: tickets.count ? { n: tickets.count, p50: ms(tickets.percentile(50)), p99: ms(tickets.percentile(99)), max: ms(tickets.max) } : null,
        memory: { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), live },
      });
    }
  });
  // The channel must not keep the server alive once it wants to stop.
  process.channel?.unref();
}
