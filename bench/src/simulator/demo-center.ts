/**
 * The demo center as the server would route it: the seed is written into a throwaway
 * in-memory database and read back, so agents' skills, penalties, languages and channels,
 * the counters' errands, the errands' SL targets (the schema's default where the seed sets
 * none) and the site's interpreter wait are exactly what the running server uses, with no
 * copy of the seed here. The day profile says who works at which counter.
 */
import { openDatabase, seedDemo, DEMO_SITE, parseClock, type Channel, type Profile } from './server-modules.js';
import { effectiveChannels } from './policies.js';
import type { CenterConfig, SimAgent } from './types.js';

export interface DemoCenterOptions {
  /** Who works today and where (a profile's `staffing`). */
  staffing: Profile['staffing'];
  /**
   * Copies of the team: 2 = every staffed agent twice (id `anna-2`), each copy at its own
   * copy of the counter (`disk-1-2`, same errands). A staffing level for volumes the demo's
   * six cannot carry; 1 = the demo as seeded.
   */
  copies?: number;
}

export function loadDemoCenter(o: DemoCenterOptions): CenterConfig {
  const copies = o.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1) throw new Error('copies must be a whole number ≥ 1');
  const db = openDatabase(':memory:');
  try {
    seedDemo(db, 'http://127.0.0.1');
    const rows = db.prepare<[string], { id: string; channels_json: string }>('SELECT id, channels_json FROM agents WHERE site_id = ? ORDER BY id').all(DEMO_SITE);
    const skills = db.prepare<[string], { service_id: string; penalty: number }>('SELECT service_id, penalty FROM agent_skills WHERE agent_id = ? ORDER BY service_id');
    const langs = db.prepare<[string], { code: string }>('SELECT code FROM agent_languages WHERE agent_id = ? ORDER BY code');
    const seeded = new Map(rows.map((r) => [r.id, r]));
    const pointRows = db.prepare<[string], { service_point_id: string; service_id: string }>(
      `SELECT ps.service_point_id, ps.service_id FROM service_point_services ps JOIN service_points p ON p.id = ps.service_point_id
       WHERE p.site_id = ? ORDER BY ps.service_point_id, ps.service_id`).all(DEMO_SITE);
    const targets = db.prepare<[string], { id: string; sl_target_seconds: number }>('SELECT id, sl_target_seconds FROM services WHERE site_id = ? ORDER BY id').all(DEMO_SITE);
    const site = db.prepare<[string], { interpreter_after_seconds: number }>('SELECT interpreter_after_seconds FROM sites WHERE id = ?').get(DEMO_SITE);
    if (!site) throw new Error('the demo seed wrote no site');

    const pointServices = new Map<string, string[]>();
    for (const r of pointRows) pointServices.set(r.service_point_id, [...(pointServices.get(r.service_point_id) ?? []), r.service_id]);

    const agents: SimAgent[] = [];
    const servicePoints = new Map<string, readonly string[]>();
    for (let k = 1; k <= copies; k++) {
      const suffix = k === 1 ? '' : `-${k}`;
      for (const s of o.staffing) {
        const row = seeded.get(s.agent);
        if (!row) throw new Error(`the demo seed has no agent "${s.agent}"`);
        let point: string | null = null;
        if (s.servicePoint !== null) {
          const services = pointServices.get(s.servicePoint);
          if (!services) throw new Error(`the demo seed has no service point "${s.servicePoint}"`);
          point = s.servicePoint + suffix;
          servicePoints.set(point, services);
        }
        agents.push({
          id: s.agent + suffix,
          skills: new Map(skills.all(s.agent).map((x) => [x.service_id, x.penalty])),
          languages: langs.all(s.agent).map((x) => x.code),
          channels: JSON.parse(row.channels_json) as Channel[],
          servicePoint: point,
        });
      }
    }
    return {
      agents, servicePoints, slTargetSeconds: new Map(targets.map((t) => [t.id, t.sl_target_seconds])),
      interpreterAfterSeconds: site.interpreter_after_seconds,
    };
  } finally {
    db.close();
  }
}

/** Expected agent-minutes of work a profile brings at scale 1 (lognormal means, service mix, no-shows). */
export function expectedWorkMinutes(profile: Profile, noShowMinutes: number): number {
  const mix = Object.entries(profile.services);
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let work = 0;
  for (const cp of Object.values(profile.channels)) {
    const meanHandle = mix.reduce((s, [svc, w]) => s + (w / total) * cp.handle.median * (profile.handleFactor[svc] ?? 1), 0)
      * Math.exp(cp.handle.sigma ** 2 / 2);
    const noShow = cp.noShow ?? 0;
    work += cp.expected * ((1 - noShow) * meanHandle + noShow * noShowMinutes);
  }
  return work;
}

/** Agent-minutes the staff can give: each agent over the opening hours of the channels they take. */
export function capacityMinutes(profile: Profile, center: CenterConfig): number {
  let minutes = 0;
  for (const a of center.agents) {
    const windows = effectiveChannels(a).flatMap((ch) => {
      const cp = profile.channels[ch];
      return cp ? [[parseClock(cp.open), parseClock(cp.close)] as const] : [];
    }).sort((x, y) => x[0] - y[0]);
    let end = -Infinity;
    for (const [from, to] of windows) {
      if (to <= end) continue;
      minutes += to - Math.max(from, end);
      end = to;
    }
  }
  return minutes;
}

/** The volume scale at which the expected work fills `occupancy` of the staff's capacity. */
export function scaleForOccupancy(profile: Profile, center: CenterConfig, occupancy: number, noShowMinutes: number): number {
  return (occupancy * capacityMinutes(profile, center)) / expectedWorkMinutes(profile, noShowMinutes);
}
