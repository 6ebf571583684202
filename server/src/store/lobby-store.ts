import {
  type DisplayBootstrap, type ErrandIcon, type ErrandQuestion, type KioskConfig, type KioskSettings, type PriorityReason,
  type Localized, type PrintJob, type PrintResult, type PrinterStatus, type ServicePoint, type Ticket,
  type VisitState, pick, t, topics, visitorLanguages,
} from '@entre/protocol';
import type { Db } from './db.js';
import type { StaffStore } from '../auth/staff-store.js';
import { displayConfigOf, type DisplayRow } from './display-rows.js';
import { createAnnouncer, type SiteRow } from './announcer.js';
import { createTicketNumbers } from './ticket-numbers.js';
import { EntreError } from '../core/errors.js';
import { openState, type WeeklyHours } from '../core/opening-hours.js';
import { estimateWaitMinutes, handleSeconds } from '../core/wait-estimate.js';
import { format as formatTrackingCode } from '../core/cases/tracking-code.js';
import { orderLine } from '../core/routing/index.js';
import { ROUTING_COLUMNS, routableOf, type RoutingRow } from './routing-rows.js';
import { UNPLAIN } from './routing-candidates.js';

/** A kiosk's settings where staff set none. */
export const DEFAULT_KIOSK_SETTINGS: KioskSettings = {
  idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true,
};
/** How many recent visits of an errand its handle time is averaged over. */
const HANDLE_SAMPLES = 50;
/**
 * The handle times of an errand's last finished visits, newest first: the last entries of
 * migration 20's index, not every visit the errand ever finished (a year of them, kept for
 * the statistics). Exported for the test of its query plan.
 */
export const HANDLE_TIMES_SQL = `SELECT (julianday(ended_at) - julianday(called_at)) * 86400 AS seconds
  FROM contacts WHERE site_id = ? AND state = 'done' AND service_id = ? AND channel = 'visit' AND called_at IS NOT NULL AND ended_at IS NOT NULL
  ORDER BY ended_at DESC LIMIT ?`;
/** How many visitors behind one a place is counted from the back of the line (see aheadOf). */
export const NEAR_END = 16;

/** A ticket that failed for want of paper is printed when the paper is back only this soon. */
export const RESUME_WITHIN_SECONDS = 60;

export interface StoreDeps {
  clock: () => Date;
  newId: () => string;
  /**
   * Told after every commit that wrote outbox rows, so the publisher drains at once. A
   * store's transaction nested in an outer one has not committed when it tells: the
   * publisher reads nothing until the outermost transaction is over, and the outer store
   * tells again after its own commit.
   */
  onOutbox?: () => void;
  /** Marks a site's boards and queue summaries as changed (see AnnouncerOptions). */
  onDerivedChange?: (site: string) => void;
  /** Base URL of the mobile ticket pages when it is known only at run time (the demo's port). */
  publicUrl?: () => string | undefined;
  /** Set when the server can send SMS: the "soon" text's places ahead, for the kiosk's offer. */
  smsAhead?: number;
}

interface ServiceRow {
  id: string; site_id: string; prefix: string; name_json: string; description_json: string | null; active: number;
  answer_group: string; icon: string; hours_json: string | null; question_json: string | null;
}
interface VisitRow {
  id: string; site_id: string; channel: 'visit' | 'phone' | 'chat' | 'email'; service_id: string; number: string;
  service_day: string; language: string; kiosk_id: string | null; state: VisitState; issued_at: string; queued_at: string;
  called_at: string | null; service_point_id: string | null; recalls: number; priority: 'normal' | 'priority' | 'appointment';
  priority_reason: PriorityReason | null; rating: number | null; case_id: string | null; notify_phone: string | null;
  errand_option: string | null; rank: number | null; appointment_at: string | null;
  pinned_agent_id: string | null; pinned_service_point_id: string | null;
}
interface PointRow { id: string; site_id: string; name_json: string }
export interface OutboxRow { id: number; topic: string; payload: string; qos: 0 | 1; retain: number }

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;
/** One errand's line of waiting visitors, as the index of migration 16 holds it (see aheadOf). */
const LINE = `site_id = @site AND state = 'waiting' AND service_id = @service AND channel = 'visit'`;

/**
 * The lobby's data access: every state change is one SQLite transaction that also writes
 * the outbox rows announcing it, so MQTT never learns of a change the database lost, and
 * a crash between commit and publish re-sends on start.
 */
export function createLobbyStore(db: Db, deps: StoreDeps, parts: { staff?: Pick<StaffStore, 'audit'> } = {}) {
  const announce = createAnnouncer(db, deps.onDerivedChange ? { onDerivedChange: deps.onDerivedChange } : {});
  const numbers = createTicketNumbers(db);
  const q = {
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    sites: db.prepare<[], SiteRow>('SELECT * FROM sites ORDER BY id'),
    siteLanguages: db.prepare<[string], { code: string }>('SELECT code FROM site_languages WHERE site_id = ? ORDER BY position'),
    kiosk: db.prepare<[string], { id: string; site_id: string; printer_id: string | null; settings_json: string | null }>('SELECT * FROM kiosks WHERE id = ?'),
    groups: db.prepare<[string], { id: string; name: string; name_json: string | null; icon: string }>(
      'SELECT id, name, name_json, icon FROM answer_groups WHERE site_id = ? ORDER BY position, id'),
    // Agents at a counter now, signed in to serve this errand: the lanes a queue empties through.
    servers: db.prepare<[{ service: string }], { n: number }>(`SELECT count(*) AS n FROM agents a
      JOIN agent_skills k ON k.agent_id = a.id AND k.service_id = @service
      JOIN service_point_services ps ON ps.service_point_id = a.service_point_id AND ps.service_id = @service
      WHERE a.state IN ('available','serving','wrap_up') AND a.channels_json LIKE '%"visit"%'`),
    handleTimes: db.prepare<[string, string, number], { seconds: number }>(HANDLE_TIMES_SQL),
    caseCode: db.prepare<[string], { tracking_code: string }>('SELECT tracking_code FROM cases WHERE id = ?'),
    rate: db.prepare(`UPDATE contacts SET rating = @score, rated_at = @at, version = version + 1
      WHERE id = @id AND rating IS NULL AND state = 'done'`),
    service: db.prepare<[string], ServiceRow>('SELECT * FROM services WHERE id = ?'),
    services: db.prepare<[string], ServiceRow>('SELECT * FROM services WHERE site_id = ? ORDER BY position, id'),
    insertVisit: db.prepare(`INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, kiosk_id, state, issued_at, queued_at,
        priority, priority_reason, errand_option, appointment_at)
      VALUES (@id, @site, 'visit', @service, @number, @day, @language, @kiosk, 'waiting', @at, @at, @priority, @reason, @option, @appointmentAt)`),
    visit: db.prepare<[string], VisitRow>('SELECT * FROM contacts WHERE id = ?'),
    // Visitors only, as the kiosk's counts (announcer.ts): the lanes in the estimate are counters.
    // Their order among themselves does not depend on the calls and chats of the same line.
    waitingVisits: db.prepare<[string, string], RoutingRow>(
      `SELECT ${ROUTING_COLUMNS} FROM contacts WHERE site_id = ? AND state = 'waiting' AND service_id = ? AND channel = 'visit'`),
    // For an unranked normal visitor (see aheadOf), from the index of the waiting lines
    // (migration 16): how many were queued before them, and how many after (counting stops at
    // `limit`). That index holds queue times but not ids, so a count by time alone reads the
    // index only, and the tie on id (the same millisecond) is counted apart: one condition on
    // both would read every row of the line.
    queuedBefore: db.prepare<[{ site: string; service: string; id: string; queued: string }], { n: number }>(
      `SELECT (SELECT count(*) FROM contacts WHERE ${LINE} AND queued_at < @queued)
            + (SELECT count(*) FROM contacts WHERE ${LINE} AND queued_at = @queued AND id < @id) AS n`),
    queuedAfter: db.prepare<[{ site: string; service: string; id: string; queued: string; limit: number }], { n: number }>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM contacts WHERE ${LINE} AND queued_at > @queued LIMIT @limit))
            + (SELECT count(*) FROM contacts WHERE ${LINE} AND queued_at = @queued AND id > @id) AS n`),
    // The whole line, as the triggers of migration 18 keep it counted.
    lineSize: db.prepare<[{ site: string; service: string }], { n: number }>(
      `SELECT total(n) AS n FROM waiting_groups WHERE site_id = @site AND service_id = @service AND channel = 'visit'`),
    // Those queued after them who may still come first (ranked, priority, booked), from
    // migration 17's index of the few that are not plain rather than the line's own, which
    // would read every row behind a visitor at the front.
    queuedAfterNotNormal: db.prepare<[{ site: string; service: string; id: string; queued: string }], RoutingRow>(
      `SELECT ${ROUTING_COLUMNS} FROM contacts INDEXED BY contacts_unplain_line WHERE site_id = @site AND ${UNPLAIN} AND service_id = @service AND channel = 'visit'
         AND queued_at >= @queued AND (queued_at > @queued OR id > @id) AND (rank IS NOT NULL OR priority <> 'normal')`),
    event: db.prepare(`INSERT INTO contact_events (contact_id, at, type, actor, service_point_id, data_json)
      VALUES (@visit, @at, @type, @actor, @point, @data)`),
    insertJob: db.prepare(`INSERT INTO print_jobs (id, contact_id, printer_id, state, created_at, updated_at)
      VALUES (@id, @visit, @printer, 'queued', @at, @at)`),
    jobForVisit: db.prepare<[string], { id: string; printer_id: string; state: 'queued' | 'printed' | 'failed'; reason: string | null }>(
      'SELECT * FROM print_jobs WHERE contact_id = ? ORDER BY created_at DESC LIMIT 1'),
    job: db.prepare<[string], { id: string; printer_id: string; state: string; contact_id: string }>('SELECT * FROM print_jobs WHERE id = ?'),
    // Also the jobs no bridge answered (lost with a bridge that died, dropped by the broker
    // while it was away): the bridge's journal makes a repeat of a printed one harmless.
    resumable: db.prepare<[string, string], { id: string; contact_id: string }>(
      `SELECT j.id, j.contact_id FROM print_jobs j JOIN contacts c ON c.id = j.contact_id
       WHERE j.printer_id = ? AND (j.state = 'queued' OR (j.state = 'failed' AND j.reason IN ('paper_out','cover_open','offline','timeout')))
         AND j.created_at >= ? AND c.state = 'waiting' ORDER BY j.created_at`),
    requeueJob: db.prepare(`UPDATE print_jobs SET state = 'queued', reason = NULL, updated_at = @at WHERE id = @id AND state = 'failed'`),
    expireJobs: db.prepare(`UPDATE print_jobs SET state = 'failed', reason = 'timeout', updated_at = @at
      WHERE state = 'queued' AND created_at < @before`),
    // A late "printed" still wins over our own timeout: the paper is what really happened.
    updateJob: db.prepare(`UPDATE print_jobs SET state = @state, reason = @reason, updated_at = @at
      WHERE id = @id AND (state = 'queued' OR (state = 'failed' AND reason = 'timeout' AND @state = 'printed'))`),
    printer: db.prepare<[string], { id: string; site_id: string }>('SELECT id, site_id FROM printers WHERE id = ?'),
    updatePrinter: db.prepare(`UPDATE printers SET online = @online, paper = @paper, cover_open = @cover, errors_json = @errors, status_at = @at WHERE id = @id`),
    point: db.prepare<[string], PointRow>('SELECT * FROM service_points WHERE id = ?'),
    points: db.prepare<[], PointRow>('SELECT * FROM service_points ORDER BY position, id'),
    pointZones: db.prepare<[string], { zone_id: string }>('SELECT zone_id FROM service_point_zones WHERE service_point_id = ? ORDER BY zone_id'),
    pointServices: db.prepare<[string], { service_id: string }>('SELECT service_id FROM service_point_services WHERE service_point_id = ? ORDER BY service_id'),
    display: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE id = ?'),
    displays: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE site_id = ? ORDER BY id'),
    idempotent: db.prepare<[string, string], { contact_id: string }>('SELECT contact_id FROM idempotency_keys WHERE scope = ? AND key = ?'),
    rememberKey: db.prepare('INSERT INTO idempotency_keys (scope, key, contact_id, created_at) VALUES (@scope, @key, @visit, @at)'),
    currentAtPoint: db.prepare<[string], VisitRow>(
      `SELECT * FROM contacts WHERE service_point_id = ? AND state IN ('called','serving','parked') ORDER BY called_at DESC LIMIT 1`),
    outboxPending: db.prepare<[number], OutboxRow>('SELECT id, topic, payload, qos, retain FROM outbox ORDER BY id LIMIT ?'),
    outboxDelete: db.prepare('DELETE FROM outbox WHERE id = ?'),
    outboxCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox'),
  };

  function requireSite(id: string): SiteRow {
    const site = q.site.get(id);
    if (!site) throw new EntreError('ENTRE_NOT_FOUND', `no site ${id}`);
    return site;
  }

  /** The ticket as the visitor sees it; `ahead` when the caller has just counted it. */
  function toTicket(v: VisitRow, site: SiteRow, ahead = v.state === 'waiting' ? aheadOf(v) : 0): Ticket {
    const service = q.service.get(v.service_id)!;
    const job = q.jobForVisit.get(v.id);
    const point = v.service_point_id ? q.point.get(v.service_point_id) : undefined;
    const estimate = v.state === 'waiting' ? estimate_(v.site_id, v.service_id, ahead) : undefined;
    const caseRow = v.case_id ? q.caseCode.get(v.case_id) : undefined;
    return {
      id: v.id, number: v.number, service: v.service_id, serviceName: parse<Localized>(service.name_json),
      language: v.language, issuedAt: v.issued_at, serviceDay: v.service_day, state: v.state, waitingAhead: ahead,
      ...(point ? { servicePoint: point.id, servicePointName: parse<Localized>(point.name_json) } : {}),
      print: job
        ? { jobId: job.id, printer: job.printer_id, state: job.state, ...(job.reason ? { reason: job.reason } : {}) }
        : { state: 'none' },
      url: `${baseUrl(site)}/t/${v.id}`,
      ...(estimate !== undefined ? { estimateMinutes: estimate } : {}),
      ...(v.priority_reason ? { priority: v.priority_reason } : {}),
      recalls: v.recalls,
      ...(caseRow ? { caseTrackingCode: formatTrackingCode(caseRow.tracking_code) } : {}),
      ...(v.rating !== null ? { rating: v.rating } : {}),
      sms: v.notify_phone !== null,
    };
  }

  /**
   * The visitors before this one in their errand's line, in the order call next takes it
   * (core/routing/line-order.ts): reception's rank, priority and appointments, then arrival.
   */
  function aheadOf(v: VisitRow): number {
    const now = deps.clock().getTime();
    if (v.priority !== 'normal' || v.rank !== null || v.state !== 'waiting' || v.channel !== 'visit') {
      const line = orderLine({ contacts: q.waitingVisits.all(v.site_id, v.service_id).map((r) => routableOf(r)!), now });
      const at = line.findIndex((c) => c.id === v.id);
      return at < 0 ? line.length : at;
    }
    // An unranked normal visitor has before them everyone queued before them, whatever their
    // class or rank (line-order.ts: rank, then class, then arrival), and behind them every
    // unranked normal visitor queued after them. Only the others queued after them (ranked,
    // priority, booked: a few) are ordered here, by the same rule. A new ticket is thus counted
    // in SQLite from the index instead of ordering thousands of rows, and so is one at the front.
    // Counting walks the index one entry at a time, so a place is counted from the nearer end:
    // a new ticket (the back of the line) from behind, against the line's kept size; one
    // near the front, or anywhere else, from the front, after at most `NEAR_END` steps from behind.
    const params = { site: v.site_id, service: v.service_id, id: v.id, queued: v.queued_at };
    const after = q.queuedAfter.get({ ...params, limit: NEAR_END })!.n;
    const before = after < NEAR_END
      ? q.lineSize.get(params)!.n - 1 - after
      : q.queuedBefore.get(params)!.n;
    const others = q.queuedAfterNotNormal.all(params);
    if (others.length === 0) return before;
    const tail = orderLine({ contacts: [routableOf(v)!, ...others.map((r) => routableOf(r)!)], now });
    return before + tail.findIndex((c) => c.id === v.id);
  }

  /** Minutes a visitor with `ahead` people before them can expect; see core/wait-estimate. */
  function estimate_(siteId: string, serviceId: string, ahead: number): number | undefined {
    const servers = q.servers.get({ service: serviceId })!.n;
    if (servers === 0) return undefined;
    const samples = q.handleTimes.all(siteId, serviceId, HANDLE_SAMPLES).map((r) => r.seconds);
    return estimateWaitMinutes({ ahead, servers, handleSeconds: handleSeconds(samples) });
  }

  function kioskSettings(json: string | null): KioskSettings {
    const stored = { ...DEFAULT_KIOSK_SETTINGS, ...(json ? parse<Partial<KioskSettings>>(json) : {}) };
    // SMS is offered where the server has a sender, unless staff switched it off for this kiosk.
    const { smsAhead: _ignored, ...settings } = stored;
    return deps.smsAhead === undefined
      ? { ...settings, sms: false }
      : { ...settings, sms: settings.sms !== false, smsAhead: deps.smsAhead };
  }

  /** The job message for a visit's ticket, in the visitor's language, into the outbox. */
  function sendJob(site: SiteRow, v: VisitRow, jobId: string, printer: string, at: Date, ahead = aheadOf(v)): void {
    const service = q.service.get(v.service_id)!;
    const lang = v.language;
    const job: PrintJob = {
      v: 1, at: at.toISOString(), jobId, printer,
      ticket: {
        number: v.number, serviceName: pick(parse<Localized>(service.name_json), lang), language: lang, issuedAt: v.issued_at,
        timeZone: site.time_zone, waitingAhead: ahead, siteName: site.name, url: `${baseUrl(site)}/t/${v.id}`,
        labels: {
          yourNumber: t(lang, 'ticket.yourNumber'),
          waitingAhead: t(lang, 'ticket.waitingAhead', { n: ahead }),
          followOnPhone: t(lang, 'ticket.followOnPhone'),
        },
      },
    };
    announce.outbox(topics.printerJobs(site.id, printer), job, 1, false, at);
  }

  const serviceName = (id: string): Localized => parse<Localized>(q.service.get(id)?.name_json ?? '{}');
  const removeMany = db.transaction((ids: number[]): void => { for (const id of ids) q.outboxDelete.run(id); });
  const baseUrl = (site: SiteRow) => deps.publicUrl?.() ?? site.public_url;

  function notify() { deps.onOutbox?.(); }

  /** Where a ticket comes from: a kiosk, or reception at the desk. */
  interface Issuer {
    kiosk: string | null; printer: string | null;
    /** The event's actor; the idempotency keys' scope. */
    actor: string; scope: string;
    /** A staff action's audit row, written in the ticket's transaction. */
    audit?: (visit: VisitRow) => void;
  }

  /** Number, visit, event, print job, announcements (and the audit row) in one transaction. */
  function issue(
    site: SiteRow,
    req: { service: string; language: string; option?: string; priority?: PriorityReason },
    from: Issuer, idempotencyKey?: string, booked?: { appointmentAt: string },
  ): Ticket {
    const asked = q.service.get(req.service);
    if (!asked || asked.site_id !== site.id || !asked.active) {
      throw new EntreError('ENTRE_UNKNOWN_SERVICE', `There is no errand "${req.service}" at this site.`);
    }
    // The follow-up question's answer decides the queue.
    let service = asked;
    if (req.option !== undefined) {
      const option = parse<ErrandQuestion | null>(asked.question_json)?.options.find((o) => o.id === req.option);
      const target = option ? q.service.get(option.service) : undefined;
      if (!option || !target || target.site_id !== site.id || !target.active) {
        throw new EntreError('ENTRE_UNKNOWN_OPTION', `The errand "${asked.id}" has no answer "${req.option}".`);
      }
      service = target;
    }
    // A priority ticket (help path) is for someone who cannot wait: never refused as closed.
    if (!req.priority && !booked) {
      const state = openState(parse<WeeklyHours | null>(service.hours_json), deps.clock(), site.time_zone);
      if (!state.open) {
        throw new EntreError('ENTRE_TICKET_CLOSED_SERVICE', `The errand "${service.id}" is closed now${state.opensAt ? `; it opens ${state.opensAt.toISOString()}` : ''}.`);
      }
    }
    if (!q.siteLanguages.all(site.id).some((l) => l.code === req.language)) {
      throw new EntreError('ENTRE_UNKNOWN_LANGUAGE', `The language "${req.language}" is not offered at this site.`);
    }
    const { scope } = from;
    let repeated = false;
    let ahead = 0;
    const visit = db.transaction(() => {
      if (idempotencyKey) {
        const seen = q.idempotent.get(scope, idempotencyKey);
        if (seen) {
          const first = q.visit.get(seen.contact_id)!;
          // Same key and request: the same ticket. Same key, another request (a client bug, a
          // key reused): refused, never answered with a ticket for something else.
          const printer = (v: VisitRow) => (from.kiosk ? null : q.jobForVisit.get(v.id)?.printer_id ?? null);
          const made = JSON.stringify([first.service_id, first.errand_option, first.language, first.priority_reason, printer(first)]);
          const asked = JSON.stringify([service.id, req.option ?? null, req.language, req.priority ?? null, from.kiosk ? null : from.printer]);
          if (made !== asked) {
            throw new EntreError('ENTRE_IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different ticket request (errand, answer, language, priority or printer); send a new key for a new request.');
          }
          repeated = true;
          return first;
        }
      }
      // The clock is read inside the write lock, so issue order and time order agree.
      const at = deps.clock();
      const iso = at.toISOString();
      const { number, day } = numbers.next(site, service.prefix, at);
      const id = deps.newId();
      q.insertVisit.run({
        id, site: site.id, service: service.id, number, day, language: req.language, kiosk: from.kiosk, at: iso,
        priority: booked ? 'appointment' : req.priority ? 'priority' : 'normal', reason: req.priority ?? null, option: req.option ?? null,
        appointmentAt: booked?.appointmentAt ?? null,
      });
      const data = req.priority || req.option ? JSON.stringify({ ...(req.priority ? { priority: req.priority } : {}), ...(req.option ? { option: req.option } : {}) }) : null;
      q.event.run({ visit: id, at: iso, type: 'issued', actor: from.actor, point: null, data });
      const visit = q.visit.get(id)!;
      // Counted once, for the paper and the answer alike.
      ahead = aheadOf(visit);
      if (from.printer) {
        const jobId = deps.newId();
        q.insertJob.run({ id: jobId, visit: id, printer: from.printer, at: iso });
        sendJob(site, visit, jobId, from.printer, at, ahead);
      }
      announce.queues(site, at, service.id);
      announce.boards(site, at);
      if (idempotencyKey) q.rememberKey.run({ scope, key: idempotencyKey, visit: id, at: iso });
      from.audit?.(visit);
      return visit;
    }).immediate();
    if (repeated) return toTicket(visit, site);
    notify();
    return toTicket(visit, site, ahead);
  }

  const store = {
    sites(): string[] { return q.sites.all().map((s) => s.id); },
    serviceName,

    kioskConfig(kioskId: string): KioskConfig {
      const kiosk = q.kiosk.get(kioskId);
      if (!kiosk) throw new EntreError('ENTRE_UNKNOWN_KIOSK', `There is no kiosk "${kioskId}".`);
      const site = requireSite(kiosk.site_id);
      const codes = q.siteLanguages.all(site.id).map((l) => l.code);
      const languages = codes.flatMap((c) => visitorLanguages.filter((l) => l.code === c));
      const now = deps.clock();
      const counts = announce.queueCounts(site.id, now);
      const services = q.services.all(site.id).filter((s) => s.active).map((s) => {
        const state = openState(parse<WeeklyHours | null>(s.hours_json), now, site.time_zone);
        const waiting = counts.find((c) => c.service === s.id)?.waiting ?? 0;
        const estimate = state.open ? estimate_(site.id, s.id, waiting) : undefined;
        return {
          id: s.id, prefix: s.prefix, name: parse<Localized>(s.name_json),
          ...(s.description_json ? { description: parse<Localized>(s.description_json) } : {}),
          group: s.answer_group, icon: s.icon as ErrandIcon,
          open: state.open, ...(state.opensAt ? { opensAt: state.opensAt.toISOString() } : {}),
          waiting, ...(estimate !== undefined ? { estimateMinutes: estimate } : {}),
          ...(s.question_json ? { question: parse<ErrandQuestion>(s.question_json) } : {}),
        };
      });
      const used = new Set(services.map((s) => s.group));
      const groups = q.groups.all(site.id).filter((g) => used.has(g.id)).map((g) => ({
        id: g.id, name: g.name_json ? parse<Localized>(g.name_json) : { sv: g.name }, icon: g.icon as ErrandIcon,
      }));
      return {
        site: site.id, siteName: site.name, kiosk: kiosk.id, timeZone: site.time_zone, languages, groups, services,
        settings: kioskSettings(kiosk.settings_json),
      };
    },

    /**
     * Issues a ticket at a kiosk: number, visit, event, print job and announcements in one
     * transaction. With an idempotency key, a repeat of the same request returns the ticket it made.
     */
    issueTicket(
      req: { kiosk: string; service: string; language: string; option?: string; priority?: PriorityReason },
      idempotencyKey?: string,
      /** A booked visitor checking in: called around this time, whatever the errand's hours. */
      booked?: { appointmentAt: string },
    ): Ticket {
      const kiosk = q.kiosk.get(req.kiosk);
      if (!kiosk) throw new EntreError('ENTRE_UNKNOWN_KIOSK', `There is no kiosk "${req.kiosk}".`);
      const site = requireSite(kiosk.site_id);
      return issue(site, req, {
        kiosk: kiosk.id, printer: kiosk.printer_id, actor: `kiosk:${kiosk.id}`, scope: `kiosk:${kiosk.id}`,
      }, idempotencyKey, booked);
    },

    /** Whether this kiosk already issued a ticket for this Idempotency-Key: a retry, which issues nothing. */
    issuedWithKey(kiosk: string, idempotencyKey: string): boolean {
      return q.idempotent.get(`kiosk:${kiosk}`, idempotencyKey) !== undefined;
    },

    /**
     * A ticket reception issues for a visitor at the desk, as the staff member it is: the
     * event names them, the audit row commits with the ticket, and it prints on the printer
     * they chose (none: no paper). Retries with the same key return the same ticket; the
     * key belongs to the staff member, not to a kiosk.
     */
    issueAtReception(
      siteId: string,
      req: { service: string; language: string; priority?: PriorityReason | undefined; printer?: string | undefined },
      by: { staffId: string; username: string; ip: string | null },
      idempotencyKey?: string,
    ): Ticket {
      const site = requireSite(siteId);
      const staff = parts.staff;
      if (!staff) throw new EntreError('ENTRE_INTERNAL', 'This server cannot audit staff actions.');
      if (req.printer !== undefined && q.printer.get(req.printer)?.site_id !== site.id) {
        throw new EntreError('ENTRE_VALIDATION', `There is no printer "${req.printer}" at this site.`, [{ path: '/printer', message: 'unknown printer' }]);
      }
      const printer = req.printer ?? null;
      return issue(site, { service: req.service, language: req.language, ...(req.priority ? { priority: req.priority } : {}) }, {
        kiosk: null, printer, actor: `staff:${by.username}`, scope: `staff:${by.staffId}`,
        audit: (v) => staff.audit({
          staffId: by.staffId, ip: by.ip, action: 'ticket.issue', target: v.id,
          details: { site: site.id, number: v.number, service: v.service_id, language: v.language, priority: req.priority ?? null, printer },
        }),
      }, idempotencyKey);
    },

    /** The visitor's 1–5 answer after a finished visit; once per ticket. */
    rateVisit(id: string, score: number): Ticket {
      const v = q.visit.get(id);
      if (!v) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such ticket.');
      if (v.rating !== null) throw new EntreError('ENTRE_ALREADY_RATED', 'This visit has already been rated.');
      if (v.state !== 'done') throw new EntreError('ENTRE_RATING_NOT_OPEN', 'A visit can be rated once it is finished.');
      const at = deps.clock().toISOString();
      db.transaction(() => {
        q.rate.run({ id, score, at });
        q.event.run({ visit: id, at, type: 'rated', actor: 'visitor', point: null, data: JSON.stringify({ score }) });
      }).immediate();
      return toTicket(q.visit.get(id)!, requireSite(v.site_id));
    },

    getTicket(id: string): Ticket {
      const v = q.visit.get(id);
      if (!v) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such ticket.');
      return toTicket(v, requireSite(v.site_id));
    },

    servicePoints(): ServicePoint[] {
      return q.points.all().map((p) => {
        const current = q.currentAtPoint.get(p.id);
        return {
          id: p.id, name: parse<Localized>(p.name_json),
          zones: q.pointZones.all(p.id).map((z) => z.zone_id),
          services: q.pointServices.all(p.id).map((s) => s.service_id),
          ...(current ? { current: { id: current.id, number: current.number, state: current.state, service: current.service_id, serviceName: serviceName(current.service_id) } } : {}),
        };
      });
    },

    displayBootstrap(displayId: string): DisplayBootstrap {
      const d = q.display.get(displayId);
      if (!d) throw new EntreError('ENTRE_NOT_FOUND', `There is no display "${displayId}".`);
      // The display's id in the socket's address: the server reports it online while connected.
      return { site: d.site_id, display: d.id, zone: d.zone_id, mqtt: { path: `/mqtt?display=${encodeURIComponent(d.id)}` } };
    },

    /** A bridge's answer to a job; a late or repeated answer for a settled job changes nothing. */
    /**
     * A job no bridge answered within `seconds` is failed with reason 'timeout', so the
     * kiosk and facility staff see it; a "printed" arriving later still corrects it.
     */
    expireQueuedJobs(seconds: number): number {
      const now = deps.clock();
      return q.expireJobs.run({ at: now.toISOString(), before: new Date(now.getTime() - seconds * 1000).toISOString() }).changes;
    },

    applyPrintResult(site: string, result: PrintResult): boolean {
      const job = q.job.get(result.jobId);
      if (!job || job.printer_id !== result.printer || q.printer.get(job.printer_id)?.site_id !== site) return false;
      const changed = q.updateJob.run({ id: job.id, state: result.result, reason: result.reason ?? null, at: deps.clock().toISOString() }).changes;
      return changed === 1;
    },

    applyPrinterStatus(site: string, status: PrinterStatus): boolean {
      const printer = q.printer.get(status.printer);
      if (!printer || printer.site_id !== site) return false;
      const ready = status.online && status.paper !== 'out' && !status.coverOpen;
      let resent = 0;
      db.transaction(() => {
        q.updatePrinter.run({
          id: status.printer, online: status.online ? 1 : 0, paper: status.paper, cover: status.coverOpen ? 1 : 0,
          errors: JSON.stringify(status.errors), at: status.at,
        });
        if (!ready) return;
        // New paper, cover closed, back online (a bridge reports on every (re)connect): the
        // tickets that failed or went unanswered moments ago print now, while their visitors
        // are likely still at the kiosk; older ones do not.
        const at = deps.clock();
        const since = new Date(at.getTime() - RESUME_WITHIN_SECONDS * 1000).toISOString();
        for (const job of q.resumable.all(status.printer, since)) {
          const v = q.visit.get(job.contact_id)!;
          q.requeueJob.run({ id: job.id, at: at.toISOString() });
          sendJob(requireSite(v.site_id), v, job.id, status.printer, at);
          resent++;
        }
      }).immediate();
      if (resent) notify();
      return true;
    },

    /**
     * Queues every retained topic afresh: on start and after each broker (re)connect, so a
     * broker that lost its retained store (a restarted Mosquitto without persistence)
     * serves displays the right board again.
     */
    republishRetained(): void {
      db.transaction(() => {
        const at = deps.clock();
        for (const site of q.sites.all()) {
          announce.boards(site, at);
          announce.queues(site, at);
          for (const d of q.displays.all(site.id)) {
            announce.outbox(topics.displayConfig(site.id, d.id), displayConfigOf(d, at), 1, true, at);
          }
        }
      }).immediate();
      notify();
    },

    /** Every board and queue summary of a site, rebuilt from the database. */
    derived(siteId: string) {
      return announce.derived(requireSite(siteId), deps.clock());
    },

    outbox: {
      pending: (limit = 200): OutboxRow[] => q.outboxPending.all(limit),
      removeMany: (ids: number[]): void => { removeMany(ids); },
      count: (): number => q.outboxCount.get()!.n,
      /** True while a transaction is open: its rows are not committed yet (see the outbox publisher). */
      inTransaction: (): boolean => db.inTransaction,
    },
  };
  return store;
}

export type LobbyStore = ReturnType<typeof createLobbyStore>;
