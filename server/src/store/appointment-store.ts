/**
 * Booked visits: reception books a time and hands out a six-digit code; the visitor types
 * it at the kiosk and gets a ticket called around that time (priority class
 * `appointment`, see core/routing). Checking in is idempotent: a second touch, or a
 * retried request, returns the ticket the first one made.
 */
import type { Appointment, AppointmentRequest, CheckInResponse, Localized } from '@entre/protocol';
import type { Db } from './db.js';
import type { LobbyStore } from './lobby-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';

/** A visitor may check in this early before the booked time, and this late after it. */
export const CHECK_IN_BEFORE_MINUTES = 60;
export const CHECK_IN_AFTER_MINUTES = 15;

interface Row {
  id: string; site_id: string; code: string; service_id: string; starts_at: string; language: string;
  state: 'booked' | 'checked_in' | 'cancelled'; contact_id: string | null; created_at: string; created_by: string;
}

export interface AppointmentStoreDeps {
  clock: () => Date;
  newId: () => string;
  /** Six random digits; injected so tests can force a collision. */
  newCode: () => string;
  /** Told after a check-in committed its ticket (see StoreDeps.onOutbox). */
  onOutbox?: () => void;
}

const MINUTE = 60_000;

export function createAppointmentStore(db: Db, deps: AppointmentStoreDeps, lobby: LobbyStore) {
  const q = {
    byId: db.prepare<[string], Row>('SELECT * FROM appointments WHERE id = ?'),
    openByCode: db.prepare<[string, string], Row>(`SELECT * FROM appointments WHERE site_id = ? AND code = ? AND state = 'booked'`),
    latestByCode: db.prepare<[string, string], Row>('SELECT * FROM appointments WHERE site_id = ? AND code = ? ORDER BY created_at DESC LIMIT 1'),
    between: db.prepare<[string, string, string], Row>('SELECT * FROM appointments WHERE site_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id'),
    insert: db.prepare(`INSERT INTO appointments (id, site_id, code, service_id, starts_at, language, state, created_at, created_by)
      VALUES (@id, @site, @code, @service, @startsAt, @language, 'booked', @at, @by)`),
    checkIn: db.prepare(`UPDATE appointments SET state = 'checked_in', contact_id = @contact WHERE id = @id AND state = 'booked'`),
    cancel: db.prepare(`UPDATE appointments SET state = 'cancelled' WHERE id = ? AND state = 'booked'`),
    service: db.prepare<[string], { id: string; site_id: string; name_json: string; active: number }>('SELECT id, site_id, name_json, active FROM services WHERE id = ?'),
    site: db.prepare<[string], { id: string; time_zone: string }>('SELECT id, time_zone FROM sites WHERE id = ?'),
    sites: db.prepare<[], { id: string }>('SELECT id FROM sites ORDER BY id'),
    siteLanguage: db.prepare<[string, string], { code: string }>('SELECT code FROM site_languages WHERE site_id = ? AND code = ?'),
    kiosk: db.prepare<[string], { id: string; site_id: string }>('SELECT id, site_id FROM kiosks WHERE id = ?'),
    contactNumber: db.prepare<[string], { number: string }>('SELECT number FROM contacts WHERE id = ?'),
  };

  const window = (startsAt: string) => ({
    from: new Date(Date.parse(startsAt) - CHECK_IN_BEFORE_MINUTES * MINUTE),
    until: new Date(Date.parse(startsAt) + CHECK_IN_AFTER_MINUTES * MINUTE),
  });

  function view(r: Row): Appointment {
    const { from, until } = window(r.starts_at);
    const number = r.contact_id ? q.contactNumber.get(r.contact_id)?.number : undefined;
    return {
      id: r.id, code: r.code, site: r.site_id, service: r.service_id,
      serviceName: JSON.parse(q.service.get(r.service_id)?.name_json ?? '{}') as Localized,
      startsAt: r.starts_at, language: r.language, state: r.state,
      checkInFrom: from.toISOString(), checkInUntil: until.toISOString(),
      ...(r.contact_id && number ? { ticket: { id: r.contact_id, number } } : {}),
    };
  }

  function siteOf(wanted: string | undefined): string {
    if (wanted) {
      if (!q.site.get(wanted)) throw new EntreError('ENTRE_UNKNOWN_SITE', `There is no site "${wanted}".`);
      return wanted;
    }
    const sites = q.sites.all();
    if (sites.length !== 1) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites: say which one in "site".');
    return sites[0]!.id;
  }

  return {
    book(req: AppointmentRequest, by: string): Appointment {
      const site = siteOf(req.site);
      const service = q.service.get(req.service);
      if (!service || service.site_id !== site || !service.active) throw new EntreError('ENTRE_UNKNOWN_SERVICE', `There is no errand "${req.service}" at ${site}.`);
      const language = req.language ?? 'sv';
      if (!q.siteLanguage.get(site, language)) throw new EntreError('ENTRE_UNKNOWN_LANGUAGE', `The language "${language}" is not offered at ${site}.`);
      const startsAt = new Date(req.startsAt);
      if (startsAt.getTime() < deps.clock().getTime() - CHECK_IN_AFTER_MINUTES * MINUTE) {
        throw new EntreError('ENTRE_VALIDATION', 'That time has passed.', [{ path: '/startsAt', message: 'must be in the future' }]);
      }
      return db.transaction(() => {
        // A fresh code that no open booking at this site uses; a clash is rare, so a few tries do.
        for (let attempt = 0; attempt < 20; attempt++) {
          const code = deps.newCode();
          if (q.openByCode.get(site, code)) continue;
          const id = deps.newId();
          q.insert.run({ id, site, code, service: service.id, startsAt: startsAt.toISOString(), language, at: deps.clock().toISOString(), by });
          return view(q.byId.get(id)!);
        }
        throw new EntreError('ENTRE_INTERNAL', 'Could not find a free booking code.');
      }).immediate();
    },

    /** The site's bookings on one local day (default today), in time order. */
    list(siteWanted: string | undefined, day?: string): Appointment[] {
      const site = q.site.get(siteOf(siteWanted))!;
      const today = day ?? serviceDay(deps.clock(), site.time_zone);
      // A local day is at most 25 hours: take a generous UTC range and keep the local day's.
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - 14 * 3600_000).toISOString();
      const to = new Date(Date.parse(`${today}T00:00:00Z`) + 38 * 3600_000).toISOString();
      return q.between.all(site.id, from, to).filter((r) => serviceDay(new Date(r.starts_at), site.time_zone) === today).map(view);
    },

    get(id: string): Appointment {
      const r = q.byId.get(id);
      if (!r) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such appointment.');
      return view(r);
    },

    cancel(id: string): Appointment {
      const r = q.byId.get(id);
      if (!r) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such appointment.');
      if (r.state === 'checked_in') throw new EntreError('ENTRE_INVALID_TRANSITION', 'The visitor has already checked in; cancel the ticket instead.');
      q.cancel.run(id);
      return view(q.byId.get(id)!);
    },

    /** The kiosk's check-in by code: a ticket, or when to come back. */
    checkIn(kioskId: string, code: string, language: string): CheckInResponse {
      const kiosk = q.kiosk.get(kioskId);
      if (!kiosk) throw new EntreError('ENTRE_UNKNOWN_KIOSK', `There is no kiosk "${kioskId}".`);
      const answer = db.transaction((): CheckInResponse => {
        const open = q.openByCode.get(kiosk.site_id, code);
        if (!open) {
          // Already checked in (a double touch, a lost reply): the same ticket again.
          const done = q.latestByCode.get(kiosk.site_id, code);
          if (done?.state === 'checked_in' && done.contact_id) {
            return { result: 'checked_in', startsAt: done.starts_at, ticket: lobby.getTicket(done.contact_id) };
          }
          throw new EntreError('ENTRE_APPOINTMENT_NOT_FOUND', 'There is no booking with that code.');
        }
        const now = deps.clock();
        const { from, until } = window(open.starts_at);
        if (now < from) return { result: 'too_early', startsAt: open.starts_at, checkInFrom: from.toISOString() };
        if (now > until) throw new EntreError('ENTRE_APPOINTMENT_MISSED', 'The booked time has passed; the reception will help.');
        const ticket = lobby.issueTicket({ kiosk: kiosk.id, service: open.service_id, language }, undefined, { appointmentAt: open.starts_at });
        q.checkIn.run({ id: open.id, contact: ticket.id });
        return { result: 'checked_in', startsAt: open.starts_at, ticket };
      }).immediate();
      // The ticket's print job and boards (issued nested above) are committed only now.
      if (answer.result === 'checked_in') deps.onOutbox?.();
      return answer;
    },
  };
}

export type AppointmentStore = ReturnType<typeof createAppointmentStore>;
