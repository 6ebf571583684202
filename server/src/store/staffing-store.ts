/**
 * The manager's staffing plan and live advice, read from the record: the forecast
 * (forecast-store), each queue's handle time from its history, the services' targets, the
 * weekly rota (agent_shifts) and who is signed in now; the arithmetic is core/staffing.
 *
 * Handle time: called → ended of the queue's finished contacts over the last eight weeks, when
 * there are at least MIN_HANDLE_SAMPLES of them; otherwise the site's default for the channel.
 */
import {
  checker, DEFAULT_STAFFING_SETTINGS, StaffingSettings,
  type AgentWeek, type Channel, type Localized, type PlanDay, type PlanInterval, type Shift, type StaffingAdvice,
  type StaffingPlan, type StaffingSettings as Settings,
} from '@entre/protocol';
import type { Db } from './db.js';
import type { ForecastStore } from './forecast-store.js';
import type { StaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { serviceDay } from '../core/service-day.js';
import { addDays, intervalLabel, INTERVALS_PER_DAY, localQuarter, weekdayOfDay, dayNumber } from '../core/forecast/index.js';
import { planInterval, queueKey, type PlanAgent, type PlanQueue } from '../core/staffing/plan.js';
import { advise, type LiveAgent, type LiveQueue } from '../core/staffing/advice.js';

const MIN_HANDLE_SAMPLES = 20;
const HANDLE_WEEKS = 8;
const ADVICE_MINUTES = 30;
const CHANNELS: readonly Channel[] = ['visit', 'phone', 'chat', 'email'];
const checkSettings = checker(StaffingSettings);

interface ShiftRow { agent_id: string; weekday: number; starts: string; ends: string; channels_json: string | null }
interface AgentRow { id: string; display_name: string; channels_json: string; state: string; service_point_id: string | null }

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;
const parse = <T>(json: string): T => JSON.parse(json) as T;

export function createStaffingStore(db: Db, deps: { clock: () => Date; forecasts: ForecastStore; staff: Pick<StaffStore, 'audit'> }) {
  const q = {
    site: db.prepare<[string], { id: string; time_zone: string; staffing_json: string | null }>('SELECT id, time_zone, staffing_json FROM sites WHERE id = ?'),
    saveSettings: db.prepare('UPDATE sites SET staffing_json = ? WHERE id = ?'),
    services: db.prepare<[string], { id: string; name_json: string; sl_target_seconds: number; sl_target_fraction: number }>(
      'SELECT id, name_json, sl_target_seconds, sl_target_fraction FROM services WHERE site_id = ? AND active = 1 ORDER BY position, id'),
    handle: db.prepare<{ site: string; since: string }, { service_id: string; channel: Channel; n: number; seconds: number }>(
      `SELECT service_id, channel, count(*) AS n, avg((julianday(ended_at) - julianday(called_at)) * 86400) AS seconds
       FROM contacts WHERE site_id = @site AND service_day >= @since AND state = 'done' AND called_at IS NOT NULL AND ended_at IS NOT NULL
       GROUP BY service_id, channel`),
    agents: db.prepare<[string], AgentRow>('SELECT id, display_name, channels_json, state, service_point_id FROM agents WHERE site_id = ? ORDER BY id'),
    agent: db.prepare<[string, string], { id: string }>('SELECT id FROM agents WHERE site_id = ? AND id = ?'),
    skills: db.prepare<[string], { agent_id: string; service_id: string }>(
      'SELECT k.agent_id, k.service_id FROM agent_skills k JOIN agents a ON a.id = k.agent_id WHERE a.site_id = ?'),
    shifts: db.prepare<[string], ShiftRow>(
      'SELECT s.* FROM agent_shifts s JOIN agents a ON a.id = s.agent_id WHERE a.site_id = ? ORDER BY s.agent_id, s.weekday, s.starts'),
    deleteShifts: db.prepare('DELETE FROM agent_shifts WHERE agent_id = ?'),
    insertShift: db.prepare('INSERT INTO agent_shifts (agent_id, weekday, starts, ends, channels_json) VALUES (?, ?, ?, ?, ?)'),
    waiting: db.prepare<[string], { service_id: string; channel: Channel; n: number }>(
      `SELECT service_id, channel, count(*) AS n FROM contacts WHERE site_id = ? AND state = 'waiting' GROUP BY service_id, channel`),
    freeCounters: db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM service_points p WHERE p.site_id = ?
       AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.service_point_id = p.id AND a.state != 'offline')`),
  };

  function site(siteId: string) {
    const s = q.site.get(siteId);
    if (!s) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
    return s;
  }

  function settingsOf(json: string | null): Settings {
    if (!json) return DEFAULT_STAFFING_SETTINGS;
    const stored = parse<Partial<Settings>>(json);
    return { ...DEFAULT_STAFFING_SETTINGS, ...stored };
  }

  /** Every active service on every channel, with its target and its planning handle time. */
  function queues(siteId: string, today: string, settings: Settings) {
    const handle = new Map(q.handle.all({ site: siteId, since: addDays(today, -7 * HANDLE_WEEKS) })
      .filter((r) => r.n >= MIN_HANDLE_SAMPLES && r.seconds > 0).map((r) => [`${r.service_id}/${r.channel}`, r.seconds]));
    const services = q.services.all(siteId);
    const names = new Map(services.map((s) => [s.id, parse<Localized>(s.name_json)['sv'] ?? s.id]));
    const list = services.flatMap((s) => CHANNELS.map((channel) => {
      const measured = handle.get(`${s.id}/${channel}`);
      return {
        queue: {
          service: s.id, channel, ahtSeconds: measured ?? settings.ahtSeconds[channel],
          targetSeconds: s.sl_target_seconds, targetServiceLevel: Math.min(0.999, s.sl_target_fraction), patienceSeconds: Infinity,
        } satisfies PlanQueue,
        fromHistory: measured !== undefined,
      };
    }));
    return { list, names };
  }

  function agentsBase(siteId: string) {
    const skills = new Map<string, Set<string>>();
    for (const r of q.skills.all(siteId)) {
      let set = skills.get(r.agent_id);
      if (!set) { set = new Set(); skills.set(r.agent_id, set); }
      set.add(r.service_id);
    }
    return q.agents.all(siteId).map((a) => ({ row: a, skills: skills.get(a.id) ?? new Set<string>(), channels: new Set(parse<Channel[]>(a.channels_json)) }));
  }

  /** Who the rota puts on each weekday's intervals: index [weekday 1–7][interval] → agents. */
  function rota(siteId: string, agents: ReturnType<typeof agentsBase>): PlanAgent[][][] {
    const byId = new Map(agents.map((a) => [a.row.id, a]));
    const week: PlanAgent[][][] = Array.from({ length: 8 }, () => Array.from({ length: INTERVALS_PER_DAY }, () => []));
    for (const s of q.shifts.all(siteId)) {
      const a = byId.get(s.agent_id);
      if (!a) continue;
      const narrowed = s.channels_json ? new Set(parse<Channel[]>(s.channels_json).filter((c) => a.channels.has(c))) : a.channels;
      const who: PlanAgent = { id: a.row.id, skills: a.skills, channels: narrowed };
      const from = minutes(s.starts);
      const to = minutes(s.ends);
      for (let i = 0; i < INTERVALS_PER_DAY; i++) {
        // An interval counts when the shift covers its start: 08:00–16:30 works 08:00 … 16:15.
        if (i * 15 >= from && i * 15 < to) week[s.weekday]![i]!.push(who);
      }
    }
    return week;
  }

  return {
    settings(siteId: string): Settings {
      return settingsOf(site(siteId).staffing_json);
    },

    saveSettings(siteId: string, settings: Settings, by: { staffId: string; ip: string | null }): Settings {
      site(siteId);
      const checked = checkSettings(settings);
      if (!checked.ok) throw new EntreError('ENTRE_VALIDATION', `Staffing settings: ${checked.issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, checked.issues);
      db.transaction(() => {
        q.saveSettings.run(JSON.stringify(settings), siteId);
        deps.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'staffing.settings', target: siteId, details: settings });
      }).immediate();
      return settings;
    },

    plan(siteId: string, opts: { from?: string | undefined; days: number }): StaffingPlan {
      const s = site(siteId);
      const now = deps.clock();
      const today = serviceDay(now, s.time_zone);
      const from = opts.from ?? today;
      const ahead = dayNumber(from) - dayNumber(today);
      if (ahead < 0 || ahead + opts.days > 14) {
        throw new EntreError('ENTRE_VALIDATION', `from: the plan covers today (${today}) to 13 days ahead; ${from} with ${opts.days} days is outside it.`, [{ path: '/from', message: 'outside the next 14 days' }]);
      }
      const settings = settingsOf(s.staffing_json);
      const forecast = deps.forecasts.forecast(siteId, { days: ahead + opts.days });
      const { list } = queues(siteId, today, settings);
      const planQueues = list.map((l) => l.queue);
      const agents = agentsBase(siteId);
      const week = rota(siteId, agents);
      const signedIn = agents.filter((a) => a.row.state !== 'offline').length;
      const nowSlot = localQuarter(now, s.time_zone);

      const byDate = new Map<string, Map<string, number[]>>();
      for (const series of forecast.series) {
        let m = byDate.get(series.date);
        if (!m) { m = new Map(); byDate.set(series.date, m); }
        m.set(queueKey(series), series.intervals);
      }
      const special = new Map(forecast.specialDays.map((d) => [d.date, d]));

      const days: PlanDay[] = [];
      for (let d = 0; d < opts.days; d++) {
        const date = addDays(from, d);
        const sp = special.get(date);
        const note = sp?.note ? { note: sp.note } : {};
        if (sp?.closed) { days.push({ date, closed: true, ...note, intervals: [], gapQuarters: 0, worstGap: 0 }); continue; }
        const series = byDate.get(date) ?? new Map<string, number[]>();
        const onRota = week[isoWeekday(date)]!;
        const intervals: PlanInterval[] = [];
        for (let i = 0; i < INTERVALS_PER_DAY; i++) {
          const arrivals = new Map<string, number>();
          for (const [key, values] of series) if ((values[i] ?? 0) > 0) arrivals.set(key, values[i]!);
          const scheduled = onRota[i]!;
          if (arrivals.size === 0 && scheduled.length === 0) continue;
          const p = planInterval({ queues: planQueues, arrivals, agents: scheduled, shrinkage: settings.shrinkage });
          intervals.push({
            start: intervalLabel(i),
            forecast: round([...arrivals.values()].reduce((a, b) => a + b, 0)),
            required: p.required, requiredScheduled: p.requiredScheduled, scheduled: p.scheduled, covered: p.covered, gap: p.gap,
            ...(date === nowSlot.date && i === nowSlot.interval ? { signedIn } : {}),
            queues: p.queues.map((n) => ({
              service: n.service, channel: n.channel, forecast: round(n.arrivals), trafficErlangs: round(n.trafficErlangs, 3),
              required: n.required, requiredScheduled: n.requiredScheduled, covered: n.covered, gap: n.gap, serviceLevel: round(n.serviceLevel, 4),
            })),
          });
        }
        days.push({
          date, closed: false, ...note, intervals,
          gapQuarters: intervals.reduce((sum, x) => sum + x.gap, 0),
          worstGap: intervals.reduce((m, x) => Math.max(m, x.gap), 0),
        });
      }
      return {
        site: siteId, at: now.toISOString(), timeZone: s.time_zone, settings,
        handleTimes: list.filter((l) => byDateHas(byDate, queueKey(l.queue))).map((l) => ({
          service: l.queue.service, channel: l.queue.channel, seconds: round(l.queue.ahtSeconds, 1), fromHistory: l.fromHistory,
        })),
        ...(forecast.backtest.wape !== undefined ? { forecastWape: forecast.backtest.wape } : {}),
        days,
      };
    },

    advice(siteId: string, live: { serviceLevel(service: string): number | undefined }): StaffingAdvice {
      const s = site(siteId);
      const now = deps.clock();
      const today = serviceDay(now, s.time_zone);
      const slot = localQuarter(now, s.time_zone);
      const settings = settingsOf(s.staffing_json);
      const forecast = deps.forecasts.forecast(siteId, { days: 1 });
      const expected = new Map(forecast.series.map((x) => [queueKey(x), x.intervals[slot.interval] ?? 0]));
      const waiting = new Map(q.waiting.all(siteId).map((w) => [`${w.service_id}/${w.channel}`, w.n]));
      const { list, names } = queues(siteId, today, settings);
      const liveQueues: LiveQueue[] = list.map(({ queue }) => {
        const patience = queue.channel === 'phone' || queue.channel === 'chat' ? settings.patienceSeconds[queue.channel] : Infinity;
        const sl = live.serviceLevel(queue.service);
        return {
          ...queue, patienceSeconds: patience, forecast: expected.get(queueKey(queue)) ?? 0, waiting: waiting.get(queueKey(queue)) ?? 0,
          ...(sl !== undefined ? { serviceLevel: sl } : {}),
        };
      });
      // Paused and offline staff are not on any queue now.
      const agents: LiveAgent[] = agentsBase(siteId)
        .filter((a) => a.row.state === 'available' || a.row.state === 'serving' || a.row.state === 'wrap_up')
        .map((a) => ({
          id: a.row.id, name: a.row.display_name, skills: a.skills, channels: a.channels,
          activity: new Set(a.row.service_point_id ? ['visit' as const] : [...a.channels].filter((c) => c !== 'visit')),
        }));
      const risks = advise({ queues: liveQueues, agents, freeCounters: q.freeCounters.get(siteId)!.n, minutes: ADVICE_MINUTES });
      const byKey = new Map(liveQueues.map((x) => [queueKey(x), x]));
      return {
        site: siteId, at: now.toISOString(), interval: intervalLabel(slot.interval),
        risks: risks.map((r) => {
          const lq = byKey.get(queueKey(r))!;
          return {
            service: r.service, serviceName: names.get(r.service) ?? r.service, channel: r.channel, required: r.required, covered: r.covered,
            reasons: r.reasons, waiting: lq.waiting, forecast: round(lq.forecast), targetServiceLevel: lq.targetServiceLevel,
            ...(lq.serviceLevel !== undefined ? { serviceLevel: round(lq.serviceLevel, 4) } : {}),
            moves: r.moves.map((m) => ({ to: m.to, from: m.from, agents: m.agents, minutes: m.minutes })),
            stillMissing: r.stillMissing,
          };
        }),
      };
    },

    shifts(siteId: string): AgentWeek[] {
      site(siteId);
      const rows = q.shifts.all(siteId);
      return agentsBase(siteId).map((a) => ({
        agent: a.row.id, name: a.row.display_name,
        shifts: rows.filter((r) => r.agent_id === a.row.id).map(shiftOf),
      }));
    },

    /** Replaces one agent's week; overlapping shifts on a day are refused, nothing half-written. */
    putShifts(siteId: string, agentId: string, shifts: readonly Shift[], by: { staffId: string; ip: string | null }): AgentWeek {
      site(siteId);
      if (!q.agent.get(siteId, agentId)) throw new EntreError('ENTRE_UNKNOWN_AGENT', `There is no agent "${agentId}" at this site.`);
      const problems = shifts.flatMap((x, i) => (minutes(x.ends) <= minutes(x.starts) ? [{ path: `/shifts/${i}/ends`, message: `must be after starts (${x.starts})` }] : []));
      const sorted = shifts.map((x, i) => ({ ...x, i })).sort((a, b) => a.weekday - b.weekday || a.starts.localeCompare(b.starts));
      for (let k = 1; k < sorted.length; k++) {
        const prev = sorted[k - 1]!, cur = sorted[k]!;
        if (prev.weekday === cur.weekday && minutes(cur.starts) < minutes(prev.ends)) {
          problems.push({ path: `/shifts/${cur.i}/starts`, message: `overlaps the shift ${prev.starts}–${prev.ends} on weekday ${cur.weekday}` });
        }
      }
      if (problems.length) throw new EntreError('ENTRE_VALIDATION', `The week does not add up: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, problems);
      db.transaction(() => {
        q.deleteShifts.run(agentId);
        for (const x of shifts) q.insertShift.run(agentId, x.weekday, x.starts, x.ends, x.channels ? JSON.stringify(x.channels) : null);
        deps.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'staffing.shifts', target: agentId, details: { shifts } });
      }).immediate();
      return this.shifts(siteId).find((w) => w.agent === agentId)!;
    },
  };
}

function byDateHas(byDate: Map<string, Map<string, number[]>>, key: string): boolean {
  for (const m of byDate.values()) if (m.has(key)) return true;
  return false;
}

/** 1 = Monday … 7 = Sunday, as the rota stores them. */
function isoWeekday(date: string): number {
  return weekdayOfDay(dayNumber(date)) || 7;
}

function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function shiftOf(r: ShiftRow): Shift {
  return { weekday: r.weekday, starts: r.starts, ends: r.ends, ...(r.channels_json ? { channels: parse<Channel[]>(r.channels_json) } : {}) };
}

export type StaffingStore = ReturnType<typeof createStaffingStore>;
