/** Print jobs as the server would send them. */
import type { PrintJob, PrintTicket } from '@entre/protocol';

export function sampleTicket(overrides: Partial<PrintTicket> = {}): PrintTicket {
  return {
    number: 'A001',
    serviceName: 'Äldreomsorg',
    language: 'sv',
    issuedAt: '2025-03-30T01:05:00.000Z',
    timeZone: 'Europe/Stockholm',
    waitingAhead: 3,
    siteName: 'Entré Örebro',
    url: 'https://entre.example/t/demo/A001?k=abc123',
    labels: { yourNumber: 'Ditt nummer', waitingAhead: '3 före dig i kön', followOnPhone: 'Följ din tur i mobilen' },
    ...overrides,
  };
}

export function sampleJob(jobId: string, overrides: Partial<PrintJob> = {}): PrintJob {
  return { v: 1, at: '2025-03-30T01:05:00.000Z', jobId, printer: 'printer-1', ticket: sampleTicket(), ...overrides };
}
