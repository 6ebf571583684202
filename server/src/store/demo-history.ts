/**
 * Demo history: past weeks of finished contacts on every channel, so that a fresh demo's
 * statistics have days to show and its forecast has same-weekday history (issue 8).
 *
 * Each open weekday in the window (weekends, Sweden's public holidays and the site's closed
 * special days are skipped) is one seeded plan of the simulator's 'orebro-day' profile
 * (simulate/arrivals.ts), turned into the rows and events the live code writes for the same
 * lifecycles (contact-store.ts, lobby-store.ts, agent-store.ts):
 *
 *   visit:        issued → call (→ recall)* → start → finish (→ rated)
 *                 issued → call (→ recall)* → no_show
 *   phone, chat:  queued → call → start → finish,  or  queued → abandon (hung up)
 *   e-mail:       queued → call → start → finish
 *
 * Volume: the plan's Poisson means are scaled by `scale` × the weekday's factor (Monday the
 * busiest, Friday the quietest; the factors average 1) × a gentle trend of +5 % a year (a day
 * t days before `until` has 1.05^(−t/365.25)) × a special day's factor, so the counts stay
 * Poisson. Waits are drawn, not queued: lognormal per channel around a median that grows with
 * the hour's share of the day's traffic (the peaks wait longer) and the weekday's factor;
 * a caller or chatter whose planned patience is shorter than the wait hangs up then. Visits
 * of an errand closed at that hour (budget counselling is a drop-in two afternoons a week)
 * do not happen. Handle time, outcome, ROSA level and no-shows come from the plan; about
 * 30 % of finished visits are rated, mostly 4–5.
 *
 * Each contact is served by an agent of the site who has the errand as a skill and takes the
 * channel, on shift then by the rota (agent_shifts) where one is, preferring one who speaks
 * the contact's language; visits at a counter that offers the errand (the agent's own where
 * it does). Agents are not modelled as busy: the demo's six cannot carry a real center's
 * day, so their contacts may overlap in time; per-agent occupancy is not what this is for.
 * Not generated: cases, print jobs, priority tickets, transfers, walk-ins, contacts still waiting.
 *
 * Everything is inserted in one transaction with prepared statements; the same seed gives
 * the same rows. It does nothing when the site already has a contact before `until`'s local
 * day, so a restart never adds the history twice.
 */
import type { Db } from './db.js';
import { addDays, dayNumber, swedishHolidays, weekdayOfDay } from '../core/forecast/calendar.js';
import { localInstant, WEEKDAYS, type WeeklyHours } from '../core/opening-hours.js';
import { serviceDay } from '../core/service-day.js';
import { formatTicketNumber } from '../core/numbering.js';
import { generatePlan, type Arrival } from '../simulate/arrivals.js';
import { PROFILES, parseClock, profileWindow, type Channel, type Profile } from '../simulate/profiles.js';
import { lognormal, pickEntry, streamFor, type Rng } from '../simulate/random.js';

export interface DemoHistoryOptions {
  siteId: string;
  /** The site's IANA zone: days, hours and the rota are its local wall clock. */
  timeZone: string;
  /** Exclusive: the history ends on the local day before this instant's local day. */
  until: Date;
  /** Whole weeks back from `until`'s local day. */
  weeks: number;
  /** Multiplies the profile's volumes (1 = ~1 600 calls, 150 visits, 60 chats, 80 e-mails a day). */
  scale: number;
  seed: number;
}

export interface DemoHistoryResult { days: number; contacts: number }

/** What the demo server uses: ~470 contacts a day (~400 calls), about what the six demo agents could carry. */
export const DEMO_HISTORY_SCALE = 0.25;
export const DEMO_HISTORY_SEED = 2026;

const PROFILE_ID = 'orebro-day';
/** Monday … Friday (index 1–5 as Date#getUTCDay); they average 1. */
const WEEKDAY_FACTOR = [0, 1.2, 1.05, 1, 0.95, 0.8, 0] as const;
const TREND_PER_YEAR = 0.05;
/** Median wait when the hour is as busy as the channel's average hour, and its log spread. */
const WAIT: Record<Channel, { medianSeconds: number; sigma: number }> = {
  phone: { medianSeconds: 35, sigma: 0.8 },
  chat: { medianSeconds: 60, sigma: 0.8 },
  visit: { medianSeconds: 240, sigma: 0.6 },
  email: { medianSeconds: 25 * 60, sigma: 0.9 },
};
/** How strongly a busy hour lengthens the wait: median × (hour's load)^this. */
const PEAK_EXPONENT = 1.5;
/** Visitors' 1–5 answers: ~30 % answer, mostly satisfied. */
const RATED_SHARE = 0.3;
const RATING_WEIGHTS: ReadonlyArray<readonly [number, number]> = [[1, 3], [2, 4], [3, 11], [4, 34], [5, 48]];
/** A called visitor who is not there is recalled up to this many times (the site's limit caps it). */
const NO_SHOW_RECALLS = 2;
/** Share of visitors who come only after one recall. */
const LATE_SHARE = 0.1;
/** The phone/chat/e-mail system's account, as the simulator's integration signs in. */
const INTEGRATION_ACTOR = 'staff:reception';

interface AgentInfo {
  id: string;
  channels: Set<string>;
  skills: Map<string, number>;
  languages: Set<string>;
  /** ISO weekday (1 = Monday) → shifts in local minutes; channels null = all the agent's. */
  shifts: Map<number, { from: number; to: number; channels: Set<string> | null }[]>;
  home: string | null;
}

interface Served { agent: AgentInfo; point: string | null }

/**
 * A UUIDv7-shaped id: the issue time's milliseconds, then seeded random bits. Time-ordered
 * ids append to the contacts' and events' indexes instead of landing all over them, which is
 * most of what makes the insert fast; they are as unguessable as the seed, which is fine for
 * made-up history (live contacts keep the server's random ids).
 */
function historyId(rng: Rng, at: number): string {
  const time = Math.floor(at).toString(16).padStart(12, '0');
  let rand = '';
  for (let i = 0; i < 3; i++) rand += (Math.floor(rng() * 0x1_0000_0000) >>> 0).toString(16).padStart(8, '0');
  const variant = ((parseInt(rand[3]!, 16) & 3) | 8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

const uniform = (rng: Rng, from: number, to: number) => from + rng() * (to - from);
const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
/** What agent-store's callNext records with its call. */
const CALL_DATA = JSON.stringify({ effectiveClass: 'normal', decidedBy: 'urgency' });

/** Fills the site with `weeks` of finished past contacts; see the module comment. */
export function seedDemoHistory(db: Db, o: DemoHistoryOptions): DemoHistoryResult {
  if (!(o.weeks > 0) || !Number.isInteger(o.weeks)) return { days: 0, contacts: 0 };
  if (!(o.scale > 0)) throw new RangeError('demo history: scale must be positive');
  const profile: Profile = PROFILES[PROFILE_ID]!;
  const untilDay = serviceDay(o.until, o.timeZone);
  const untilNumber = dayNumber(untilDay);
  const first = addDays(untilDay, -7 * o.weeks);

  const q = {
    existing: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM contacts WHERE site_id = ? AND service_day < ? LIMIT 1'),
    site: db.prepare<[string], { max_recalls: number }>('SELECT max_recalls FROM sites WHERE id = ?'),
    services: db.prepare<[string], { id: string; prefix: string; hours_json: string | null }>(
      'SELECT id, prefix, hours_json FROM services WHERE site_id = ? AND active = 1'),
    kiosk: db.prepare<[string], { id: string }>('SELECT id FROM kiosks WHERE site_id = ? ORDER BY id LIMIT 1'),
    agents: db.prepare<[string], { id: string; channels_json: string }>('SELECT id, channels_json FROM agents WHERE site_id = ? ORDER BY id'),
    skills: db.prepare<[string], { agent_id: string; service_id: string; penalty: number }>(
      'SELECT k.agent_id, k.service_id, k.penalty FROM agent_skills k JOIN agents a ON a.id = k.agent_id WHERE a.site_id = ? ORDER BY k.agent_id, k.service_id'),
    languages: db.prepare<[string], { agent_id: string; code: string }>(
      'SELECT l.agent_id, l.code FROM agent_languages l JOIN agents a ON a.id = l.agent_id WHERE a.site_id = ?'),
    shifts: db.prepare<[string], { agent_id: string; weekday: number; starts: string; ends: string; channels_json: string | null }>(
      'SELECT s.agent_id, s.weekday, s.starts, s.ends, s.channels_json FROM agent_shifts s JOIN agents a ON a.id = s.agent_id WHERE a.site_id = ?'),
    points: db.prepare<[string], { id: string; service_id: string }>(
      `SELECT p.id, ps.service_id FROM service_points p JOIN service_point_services ps ON ps.service_point_id = p.id
       WHERE p.site_id = ? ORDER BY p.position, p.id`),
    special: db.prepare<[string, string, string], { date: string; factor: number; closed: number }>(
      'SELECT date, factor, closed FROM special_days WHERE site_id = ? AND date >= ? AND date < ?'),
    counter: db.prepare(`INSERT INTO ticket_counters (site_id, service_day, prefix, last) VALUES (?, ?, ?, ?)
      ON CONFLICT (site_id, service_day, prefix) DO UPDATE SET last = max(last, excluded.last)`),
  };

  // Rows go in by batches of multi-row INSERTs (positional): a run is ~35k contacts and
  // ~130k events, and one statement per row costs a fifth more. An event's batch may reach
  // the table before its contact's: the foreign keys are checked at commit instead.
  const contactRows = batcher(db, `INSERT INTO contacts (id, site_id, channel, service_id, number, service_day, language, priority,
      kiosk_id, external_ref, state, issued_at, queued_at, called_at, served_at, ended_at, recalls, service_point_id, agent_id,
      outcome, rosa_level, rating, rated_at, version) VALUES`, `(?, ?, ?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 23);
  const eventRows = batcher(db, 'INSERT INTO contact_events (contact_id, at, type, actor, service_point_id, agent_id, data_json) VALUES',
    '(?, ?, ?, ?, ?, ?, ?)', 7);

  const run = db.transaction((): DemoHistoryResult => {
    if (q.existing.get(o.siteId, untilDay)) return { days: 0, contacts: 0 };
    db.pragma('defer_foreign_keys = ON'); // until this transaction ends
    const site = q.site.get(o.siteId);
    if (!site) throw new Error(`demo history: there is no site "${o.siteId}"`);
    const services = new Map(q.services.all(o.siteId).map((s) => [s.id, { prefix: s.prefix, hours: s.hours_json ? (JSON.parse(s.hours_json) as WeeklyHours) : null }]));
    const kiosk = q.kiosk.get(o.siteId)?.id ?? null;
    const agents = loadAgents();
    const pointsOf = new Map<string, string[]>();
    for (const p of q.points.all(o.siteId)) {
      const list = pointsOf.get(p.service_id);
      if (list) list.push(p.id); else pointsOf.set(p.service_id, [p.id]);
    }
    seatAgents(agents, pointsOf);
    const special = new Map(q.special.all(o.siteId, first, untilDay).map((s) => [s.date, s]));
    const holidays = new Set<string>();
    for (let y = Number(first.slice(0, 4)); y <= Number(untilDay.slice(0, 4)); y++) for (const h of swedishHolidays(y)) holidays.add(h.date);
    const meanLoad = loadShape(profile);
    const lastMinute = profileWindow(profile).end + 60;

    let days = 0, contacts = 0;
    for (let date = first; date < untilDay; date = addDays(date, 1)) {
      const n = dayNumber(date);
      const weekday = weekdayOfDay(n);
      const sp = special.get(date);
      if (weekday === 0 || weekday === 6 || (sp ? sp.closed === 1 : holidays.has(date))) continue;
      const dayFactor = WEEKDAY_FACTOR[weekday]!;
      const volume = o.scale * dayFactor * Math.pow(1 + TREND_PER_YEAR, (n - untilNumber) / 365.25) * (sp ? sp.factor : 1);
      if (!(volume > 0)) continue;
      const plan = generatePlan(profile, { seed: Math.floor(streamFor(o.seed, `day:${date}`)() * 0x1_0000_0000), scale: volume });
      const rng = streamFor(o.seed, `history:${date}`);
      const ids = streamFor(o.seed, `ids:${date}`);
      const at = wallClock(date, o.timeZone);
      const numbers = new Map<string, number>();
      let made = 0;
      for (const a of plan.arrivals) {
        const service = services.get(a.service);
        if (!service) continue;
        if (a.channel === 'visit' && service.hours && !openAt(service.hours, weekday, a.at)) continue;
        const load = meanLoad[a.channel]?.[Math.floor(a.at / 60)] ?? 1;
        const w = WAIT[a.channel];
        let waitMin = lognormal(rng, (w.medianSeconds / 60) * Math.pow(load, PEAK_EXPONENT) * dayFactor * dayFactor, w.sigma);
        // Everything of the day is over by an hour after the last channel closes.
        waitMin = Math.max(0, Math.min(waitMin, lastMinute - a.at - a.handleMinutes - 5));
        const served = serve(agents, pointsOf, a, weekday, a.at + waitMin, rng);
        if (!served) continue;
        let number: string | null = null;
        if (a.channel === 'visit') {
          const seq = (numbers.get(service.prefix) ?? 0) + 1;
          numbers.set(service.prefix, seq);
          number = formatTicketNumber(service.prefix, seq);
        }
        const issued = at(a.at);
        write(a, { id: historyId(ids, issued), date, number, issued, waitMin, served, rng, maxRecalls: site.max_recalls, kiosk, ref: `demo-history:${date}:${a.seq}` });
        made++;
      }
      for (const [prefix, last] of numbers) q.counter.run(o.siteId, date, prefix, last);
      if (made > 0) days++;
      contacts += made;
    }
    contactRows.flush();
    eventRows.flush();
    return { days, contacts };
  });

  function loadAgents(): AgentInfo[] {
    const byId = new Map<string, AgentInfo>();
    for (const a of q.agents.all(o.siteId)) {
      byId.set(a.id, { id: a.id, channels: new Set(JSON.parse(a.channels_json) as string[]), skills: new Map(), languages: new Set(), shifts: new Map(), home: null });
    }
    for (const s of q.skills.all(o.siteId)) byId.get(s.agent_id)?.skills.set(s.service_id, s.penalty);
    for (const l of q.languages.all(o.siteId)) byId.get(l.agent_id)?.languages.add(l.code);
    for (const s of q.shifts.all(o.siteId)) {
      const agent = byId.get(s.agent_id);
      if (!agent) continue;
      const list = agent.shifts.get(s.weekday) ?? [];
      list.push({ from: parseClock(s.starts), to: parseClock(s.ends), channels: s.channels_json ? new Set(JSON.parse(s.channels_json) as string[]) : null });
      agent.shifts.set(s.weekday, list);
    }
    return [...byId.values()];
  }

  /** One contact's row and events, as the live code would have written them. */
  function write(a: Arrival, c: {
    id: string; date: string; number: string | null; issued: number; waitMin: number; served: Served; rng: Rng;
    maxRecalls: number; kiosk: string | null; ref: string;
  }): void {
    const { rng, served, id } = c;
    const agent = served.agent.id;
    const staff = `staff:${agent}`;
    const point = served.point;
    const visit = a.channel === 'visit';
    const events: (string | null)[][] = [];
    const event = (at: number, type: string, actor: string, pt: string | null, who: string | null, data: string | null) => {
      events.push([id, iso(at), type, actor, pt, who, data]);
    };
    const insert = (state: string, outcome: string, rosa: number | null, called: string | null, served_: string | null, ended: number,
      recalls: number, rating: number | null, ratedAt: string | null) => {
      contactRows.add(id, o.siteId, a.channel, a.service, c.number, c.date, a.language, visit ? c.kiosk : null, visit ? null : c.ref,
        state, events[0]![1]!, events[0]![1]!, called, served_, iso(ended), recalls, called ? point : null, called ? agent : null, outcome, rosa, rating, ratedAt,
        events.length - 1);
      for (const e of events) eventRows.add(...e);
    };
    if (visit) event(c.issued, 'issued', c.kiosk ? `kiosk:${c.kiosk}` : 'kiosk', null, null, null);
    else event(c.issued, 'queued', INTEGRATION_ACTOR, null, null, `{"channel":"${a.channel}"}`);

    const minute = 60_000;
    if (a.patienceMinutes !== null && a.patienceMinutes < c.waitMin) {
      // Hung up (or the chat closed) before anyone answered.
      const end = c.issued + a.patienceMinutes * minute;
      event(end, 'abandon', INTEGRATION_ACTOR, null, null, null);
      insert('cancelled', 'abandoned', null, null, null, end, 0, null, null);
      return;
    }
    // "Call next": the agent, at their counter for a visit; the routing's reason in the data.
    let t = c.issued + c.waitMin * minute;
    event(t, 'call', staff, point, agent, CALL_DATA);
    let calledAt = t;
    let recalls = 0;
    const recall = () => {
      t += uniform(rng, 1, 2) * minute;
      recalls++;
      calledAt = t; // a recall calls again: called_at moves with it
      event(t, 'recall', staff, point, null, `{"recall":${recalls}}`);
    };
    if (visit && a.noShow) {
      const n = Math.min(c.maxRecalls, 1 + Math.floor(rng() * NO_SHOW_RECALLS));
      for (let i = 0; i < n; i++) recall();
      // Past the limit a recall is recorded as the no-show (contact-store recall()); else the button.
      const byLimit = n === c.maxRecalls && rng() < 0.5;
      t += uniform(rng, 1, 2) * minute;
      event(t, 'no_show', byLimit ? `${staff} (recall limit ${c.maxRecalls})` : staff, point, null, null);
      insert('no_show', 'no_show', null, iso(calledAt), null, t, recalls, null, null);
      return;
    }
    if (visit) {
      if (c.maxRecalls > 0 && rng() < LATE_SHARE) recall();
      t += uniform(rng, 20, 90) * 1000; // to the counter
    } else {
      t += (a.channel === 'email' ? 1 : uniform(rng, 2, 10)) * 1000;
    }
    event(t, 'start', staff, point, null, null);
    const servedAt = t;
    t += a.handleMinutes * minute;
    event(t, 'finish', staff, point, null, `{"outcome":"${a.outcome}","rosaLevel":${a.rosaLevel}}`);
    let rating: number | null = null, ratedAt: string | null = null;
    if (visit && rng() < RATED_SHARE) {
      rating = pickEntry(rng, RATING_WEIGHTS);
      ratedAt = iso(t + uniform(rng, 0.5, 30) * minute);
      events.push([id, ratedAt, 'rated', 'visitor', null, null, `{"score":${rating}}`]);
    }
    insert('done', a.outcome, a.rosaLevel, iso(calledAt), iso(servedAt), t, recalls, rating, ratedAt);
  }

  return run.immediate();
}

/** Collects rows and inserts them `BATCH` at a time; `flush` writes the rest. */
function batcher(db: Db, head: string, tuple: string, columns: number) {
  const BATCH = 50;
  const full = db.prepare(`${head} ${Array(BATCH).fill(tuple).join(', ')}`);
  const one = db.prepare(`${head} ${tuple}`);
  let values: unknown[] = [];
  return {
    add(...row: unknown[]): void {
      for (const v of row) values.push(v);
      if (values.length === BATCH * columns) {
        full.run(values);
        values = [];
      }
    },
    flush(): void {
      for (let i = 0; i < values.length; i += columns) one.run(values.slice(i, i + columns));
      values = [];
    },
  };
}

/** Local minutes after midnight of `date` → epoch ms, through each hour's real instant (DST safe). */
function wallClock(date: string, timeZone: string): (minutes: number) => number {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  const hours = new Map<number, number>();
  return (minutes) => {
    const h = Math.floor(minutes / 60);
    let start = hours.get(h);
    if (start === undefined) {
      start = localInstant(y, m, d, `${String(h).padStart(2, '0')}:00`, timeZone).getTime();
      hours.set(h, start);
    }
    return start + (minutes - h * 60) * 60_000;
  };
}

/** Per channel, each clock hour's weight relative to the channel's average open hour. */
function loadShape(profile: Profile): Partial<Record<Channel, Record<number, number>>> {
  const out: Partial<Record<Channel, Record<number, number>>> = {};
  for (const [channel, cp] of Object.entries(profile.channels) as [Channel, NonNullable<Profile['channels'][Channel]>][]) {
    const weights = Object.values(cp.hourly).filter((x) => x > 0);
    const mean = weights.reduce((s, x) => s + x, 0) / Math.max(1, weights.length);
    out[channel] = Object.fromEntries(Object.entries(cp.hourly).map(([h, w]) => [Number(h), mean > 0 ? w / mean : 1]));
  }
  return out;
}

function openAt(hours: WeeklyHours, weekday: number, minutes: number): boolean {
  return (hours[WEEKDAYS[weekday]!] ?? []).some(([from, to]) => minutes >= parseClock(from) && minutes < parseClock(to));
}

/**
 * Each agent who works the counters sits at the free one that offers most of their errands
 * (the most specific on a tie); a visit for an errand their counter does not offer is served
 * at the first counter that does. With the demo's data this is the simulator's seating.
 */
function seatAgents(agents: AgentInfo[], pointsOf: Map<string, string[]>): void {
  const offers = new Map<string, Set<string>>();
  const order: string[] = [];
  for (const [service, points] of pointsOf) {
    for (const p of points) {
      if (!offers.has(p)) { offers.set(p, new Set()); order.push(p); }
      offers.get(p)!.add(service);
    }
  }
  order.sort();
  const taken = new Set<string>();
  // Only agents who work the counters: with a rota, those with a shift that takes visits.
  const atCounters = (g: AgentInfo) => g.channels.has('visit')
    && (g.shifts.size === 0 || [...g.shifts.values()].some((day) => day.some((s) => !s.channels || s.channels.has('visit'))));
  for (const agent of agents) {
    if (!atCounters(agent)) continue;
    let best: { point: string; cover: number; size: number } | null = null;
    for (const p of order) {
      if (taken.has(p)) continue;
      const s = offers.get(p)!;
      const cover = [...agent.skills.keys()].filter((k) => s.has(k)).length;
      if (cover > 0 && (!best || cover > best.cover || (cover === best.cover && s.size < best.size))) best = { point: p, cover, size: s.size };
    }
    if (best) { agent.home = best.point; taken.add(best.point); }
  }
}

/**
 * Who answers: an agent with the skill and the channel, on shift then (where the site has a
 * rota), speaking the language if one does; failing that any agent with the skill and the
 * channel, then (an escalation) any agent on the channel. Null: nobody takes this channel.
 */
function serve(agents: AgentInfo[], pointsOf: Map<string, string[]>, a: Arrival, isoWeekday: number, minute: number, rng: Rng): Served | null {
  const onShift = (g: AgentInfo) => {
    if (g.shifts.size === 0) return true;
    return (g.shifts.get(isoWeekday) ?? []).some((s) => minute >= s.from && minute < s.to && (!s.channels || s.channels.has(a.channel)));
  };
  const points = pointsOf.get(a.service) ?? [];
  const takes = (g: AgentInfo) => g.channels.has(a.channel) && (a.channel !== 'visit' || points.length > 0);
  const skilled = agents.filter((g) => takes(g) && g.skills.has(a.service));
  const pool = [skilled.filter(onShift), skilled, agents.filter(takes)].find((p) => p.length > 0);
  if (!pool) return null;
  // A lower penalty and the contact's language make an agent likelier (the routing's preferences).
  const agent = pickEntry(rng, pool.map((g) => [g, (1 - Math.min(0.9, g.skills.get(a.service) ?? 0.9)) * (g.languages.has(a.language) ? 3 : 1)] as const));
  const point = a.channel !== 'visit' ? null : agent.home && points.includes(agent.home) ? agent.home : points[0]!;
  return { agent, point };
}
