// Preloaded into the server by the load bench (node --import): the server's event-loop
// delay, so the bench can tell time the server spent blocked from time the machine was busy
// elsewhere. Plain JavaScript: the server runs from dist/ without tsx. Answers over the IPC
// channel the bench opened: 'reset' starts a measurement, 'report' sends it (ms).
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('message', (m) => {
    if (m === 'entre-bench:reset') h.reset();
    else if (m === 'entre-bench:report') {
      process.send({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) });
    }
  });
  // The channel must not keep the server alive once it wants to stop.
  process.channel?.unref();
}
