import { topics, t, type PaperState, type PrintJob, type PrinterView, type ReceptionPrinter } from '@entre/protocol';
import type { Db } from './db.js';
import type { Announcer, SiteRow } from './announcer.js';
import type { StoreDeps } from './lobby-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';

interface PrinterRow {
  id: string; site_id: string; name: string; online: number; paper: PaperState; cover_open: number; errors_json: string; status_at: string | null;
}

const RECENT_JOBS = 10;

/** What facility staff need to keep the printers going: state, recent jobs, a test print. */
/** A printer's last jobs, newest first, from migration 20's index (not every job ever). */
export const PRINTER_RECENT_SQL = `SELECT j.id, c.number, j.state, j.reason, j.created_at, j.updated_at FROM print_jobs j
  JOIN contacts c ON c.id = j.contact_id WHERE j.printer_id = ? ORDER BY j.created_at DESC, j.id DESC LIMIT ?`;

export function createPrinterStore(db: Db, deps: StoreDeps, announce: Announcer) {
  const q = {
    printers: db.prepare<[string], PrinterRow>('SELECT * FROM printers WHERE site_id = ? ORDER BY id'),
    printer: db.prepare<[string], PrinterRow>('SELECT * FROM printers WHERE id = ?'),
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    kiosks: db.prepare<[string], { id: string }>('SELECT id FROM kiosks WHERE printer_id = ? ORDER BY id'),
    today: db.prepare<[string, string], { state: 'queued' | 'printed' | 'failed'; n: number }>(
      `SELECT j.state, count(*) AS n FROM print_jobs j JOIN contacts c ON c.id = j.contact_id
       WHERE j.printer_id = ? AND c.service_day = ? GROUP BY j.state`),
    recent: db.prepare<[string, number], { id: string; number: string | null; state: 'queued' | 'printed' | 'failed'; reason: string | null; created_at: string; updated_at: string }>(
      PRINTER_RECENT_SQL),
  };

  function view(p: PrinterRow, site: SiteRow): PrinterView {
    const errors = JSON.parse(p.errors_json) as string[];
    const counts = { printed: 0, failed: 0, queued: 0 };
    for (const r of q.today.all(p.id, serviceDay(deps.clock(), site.time_zone))) counts[r.state] = r.n;
    return {
      id: p.id, name: p.name, online: p.online === 1, paper: p.paper, coverOpen: p.cover_open === 1, errors,
      ...(p.status_at ? { statusAt: p.status_at } : {}),
      attention: p.paper === 'near_end' || p.paper === 'out' || p.cover_open === 1 || p.online === 0 || errors.length > 0,
      kiosks: q.kiosks.all(p.id).map((k) => k.id),
      today: counts,
      recentJobs: q.recent.all(p.id, RECENT_JOBS).map((j) => ({
        jobId: j.id, ...(j.number ? { ticket: j.number } : {}), state: j.state, ...(j.reason ? { reason: j.reason } : {}),
        createdAt: j.created_at, updatedAt: j.updated_at,
      })),
    };
  }

  return {
    list(siteId: string): PrinterView[] {
      const site = q.site.get(siteId);
      if (!site) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      return q.printers.all(siteId).map((p) => view(p, site));
    },

    /** The site's printers as reception chooses one for a desk ticket: where, and whether it can print. */
    forReception(siteId: string): ReceptionPrinter[] {
      if (!q.site.get(siteId)) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
      return q.printers.all(siteId).map((p) => ({
        id: p.id, name: p.name, online: p.online === 1, paper: p.paper, coverOpen: p.cover_open === 1,
        kiosks: q.kiosks.all(p.id).map((k) => k.id),
      }));
    },

    /**
     * Sends a test ticket (number T000, no visit behind it) through the normal job path, so
     * facility staff see the whole chain work after changing the paper or a cable.
     */
    testPrint(printerId: string): { jobId: string; printer: string } {
      const printer = q.printer.get(printerId);
      if (!printer) throw new EntreError('ENTRE_NOT_FOUND', `There is no printer "${printerId}".`);
      const site = q.site.get(printer.site_id)!;
      const jobId = `test-${deps.newId()}`;
      db.transaction(() => {
        const at = deps.clock();
        const job: PrintJob = {
          v: 1, at: at.toISOString(), jobId, printer: printer.id,
          ticket: {
            number: 'T000', serviceName: 'Testutskrift / Test print', language: 'sv', issuedAt: at.toISOString(),
            timeZone: site.time_zone, waitingAhead: 0, siteName: site.name, url: `${deps.publicUrl?.() ?? site.public_url}/`,
            labels: { yourNumber: t('sv', 'ticket.yourNumber'), waitingAhead: t('sv', 'ticket.waitingAhead', { n: 0 }), followOnPhone: t('sv', 'ticket.followOnPhone') },
          },
        };
        announce.outbox(topics.printerJobs(site.id, printer.id), job, 1, false, at);
      }).immediate();
      deps.onOutbox?.();
      return { jobId, printer: printer.id };
    },
  };
}

export type PrinterStore = ReturnType<typeof createPrinterStore>;
