/**
 * Printing figures (issue 5): render time per ticket, Latin text and shaped raster, and
 * jobs per second through the virtual printer (render + atomic .bin/.txt writes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PrintTicket } from '@entre/protocol';
import { renderTicket, renderTicketText, DEFAULT_PROFILE } from '@entre/firmware-bridge/render';
import { createVirtualPrinter } from '@entre/firmware-bridge/virtual';
import { summary } from './stats.js';

const N = Number(process.env.BENCH_PRINT_TICKETS ?? 500);

const swedish: PrintTicket = {
  number: 'B042', serviceName: 'Budget- och skuldrådgivning', language: 'sv', issuedAt: '2026-11-25T09:12:00.000Z',
  timeZone: 'Europe/Stockholm', waitingAhead: 4, siteName: 'Demo kommun – Servicecenter', url: 'http://127.0.0.1:8080/t/2f0e3c4a-9a51-4d0c-8d6f-0b6d2d3d5f10',
  labels: { yourNumber: 'Ditt nummer', waitingAhead: 'Före dig i kön: 4', followOnPhone: 'Skanna för att följa kön i mobilen' },
};
const arabic: PrintTicket = {
  ...swedish, language: 'ar', serviceName: 'رعاية المسنين',
  labels: { yourNumber: 'رقمك', waitingAhead: 'قبلك في الطابور: 4', followOnPhone: 'امسح الرمز لمتابعة دورك على هاتفك' },
};

async function timeRender(ticket: PrintTicket): Promise<number[]> {
  const samples: number[] = [];
  renderTicket(ticket, DEFAULT_PROFILE); // loads fonts once, as the daemon does
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    renderTicket({ ...ticket, number: `B${String(i % 1000).padStart(3, '0')}` }, DEFAULT_PROFILE);
    samples.push(performance.now() - t0);
    // The canvas frees native memory only when the event loop turns (as it does in the daemon).
    if (ticket.language !== 'sv') await new Promise((r) => setImmediate(r));
  }
  return samples;
}

export async function runPrintBench(): Promise<string[]> {
  const lines = [
    summary(`render ticket, Swedish text (${N})`, await timeRender(swedish)),
    summary(`render ticket, Arabic shaped raster (${N})`, await timeRender(arabic)),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'entre-print-bench-'));
  try {
    const printer = createVirtualPrinter({ dir });
    await printer.open();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const ticket = { ...swedish, number: `B${String(i % 1000).padStart(3, '0')}` };
      await printer.write(renderTicket(ticket, DEFAULT_PROFILE), { jobId: `bench-${i}`, preview: renderTicketText(ticket, DEFAULT_PROFILE) });
    }
    const seconds = (performance.now() - t0) / 1000;
    lines.push(`${`virtual printer, render + write (${N} jobs)`.padEnd(52)} ${(N / seconds).toFixed(0)} jobs/s`);
    await printer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
