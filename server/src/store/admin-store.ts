/**
 * The site's configuration as administrators edit it: services, answer groups, languages,
 * kiosk languages, zones, service points, agents and displays (DESIGN §4).
 *
 * Each change is one immediate transaction holding its checks, its writes, the outbox rows
 * devices need (boards and queue summaries, a display's retained config) and its audit row,
 * so nothing is ever half-written and nothing is announced or audited that did not commit.
 * Nothing that history refers to is hard-deleted: a service is deactivated; a service point
 * or an agent that contacts refer to is retired (kept, but given no more work).
 */
import {
  type AdminAgent, type AdminAgentRequest, type AdminAnswerGroup, type AdminAnswerGroupRequest, type AdminConfig,
  type AdminDisplay, type AdminDisplayRequest, type AdminLanguage, type AdminLanguageRequest, type AdminRemoval,
  type AdminService, type AdminServicePoint, type AdminServicePointRequest, type AdminServiceRequest, type AdminZone,
  type AdminZoneRequest, type Channel, type KioskSettings, type Localized, type Wayfinding, type WorkProfileConfig, topics, visitorLanguages,
} from '@entre/protocol';
import type { Db } from './db.js';
import { displayConfigOf, type DisplayRow } from './display-rows.js';
import type { Announcer, SiteRow } from './announcer.js';
import type { StoreDeps } from './lobby-store.js';
import type { Actor, StaffStore } from '../auth/staff-store.js';
import { EntreError, type ErrorCode } from '../core/errors.js';
import { validateWorkProfile } from '../core/routing/index.js';

interface ServiceRow {
  id: string; site_id: string; prefix: string; name_json: string; description_json: string | null; answer_group: string;
  sl_target_fraction: number; sl_target_seconds: number; active: number; position: number;
}
interface GroupRow { id: string; site_id: string; name: string }
interface LanguageRow { code: string; name: string; dir: 'ltr' | 'rtl'; staffed: number }
interface ZoneRow { id: string; site_id: string; name: string }
interface PointRow { id: string; site_id: string; name_json: string; position: number; profile_json: string | null; wayfinding_json: string | null }
interface AgentRow { id: string; site_id: string; staff_id: string | null; display_name: string; channels_json: string; profile_json: string | null }

type Issue = { path: string; message: string };

/** A PUT's answer: the item as it now is, and whether the PUT made it. */
export interface Upserted<T> { value: T; created: boolean }

const parse = <T>(json: string | null): T => JSON.parse(json ?? 'null') as T;
const quoted = (ids: readonly string[]) => ids.map((i) => `"${i}"`).join(', ');

function fail(code: ErrorCode, message: string, issues: Issue[]): never {
  throw new EntreError(code, message, issues);
}

/** Names in every language must include Swedish, the site's fallback (protocol `Localized`). */
function needsSwedish(path: string, text: Localized | undefined, issues: Issue[]): void {
  if (text !== undefined && !text['sv']?.trim()) issues.push({ path: `${path}/sv`, message: 'a Swedish ("sv") text is required: it is the fallback' });
}

export interface AdminStoreParts {
  /** Announces boards, queue summaries and retained state inside our transactions. */
  announce: Announcer;
  /** The staff store: its audit log, and staff accounts an agent may be linked to. */
  staff: Pick<StaffStore, 'audit' | 'get'>;
}

export function createAdminStore(db: Db, deps: StoreDeps, parts: AdminStoreParts) {
  const { announce, staff } = parts;
  const q = {
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    sites: db.prepare<[], { id: string }>('SELECT id FROM sites ORDER BY id'),
    siteLanguages: db.prepare<[string], { code: string }>('SELECT code FROM site_languages WHERE site_id = ? ORDER BY position'),
    clearSiteLanguages: db.prepare<[string]>('DELETE FROM site_languages WHERE site_id = ?'),
    addSiteLanguage: db.prepare('INSERT INTO site_languages (site_id, code, position) VALUES (@site, @code, @position)'),

    service: db.prepare<[string], ServiceRow>('SELECT * FROM services WHERE id = ?'),
    services: db.prepare<[string], ServiceRow>('SELECT * FROM services WHERE site_id = ? ORDER BY position, id'),
    prefixHolder: db.prepare<[string, string, string], { id: string }>(
      'SELECT id FROM services WHERE site_id = ? AND prefix = ? AND active = 1 AND id <> ? LIMIT 1'),
    nextServicePosition: db.prepare<[string], { p: number }>('SELECT coalesce(max(position) + 1, 0) AS p FROM services WHERE site_id = ?'),
    upsertService: db.prepare(`INSERT INTO services (id, site_id, prefix, name_json, description_json, answer_group, sl_target_fraction, sl_target_seconds, active, position)
      VALUES (@id, @site, @prefix, @name, @description, @group, @fraction, @seconds, @active, @position)
      ON CONFLICT (id) DO UPDATE SET prefix = excluded.prefix, name_json = excluded.name_json, description_json = excluded.description_json,
        answer_group = excluded.answer_group, sl_target_fraction = excluded.sl_target_fraction, sl_target_seconds = excluded.sl_target_seconds,
        active = excluded.active, position = excluded.position`),
    deactivateService: db.prepare<[string]>('UPDATE services SET active = 0 WHERE id = ?'),

    group: db.prepare<[string], GroupRow>('SELECT * FROM answer_groups WHERE id = ?'),
    groups: db.prepare<[string], GroupRow>('SELECT * FROM answer_groups WHERE site_id = ? ORDER BY id'),
    upsertGroup: db.prepare(`INSERT INTO answer_groups (id, site_id, name) VALUES (@id, @site, @name)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name`),
    deleteGroup: db.prepare<[string]>('DELETE FROM answer_groups WHERE id = ?'),
    servicesOfGroup: db.prepare<[string], { id: string }>('SELECT id FROM services WHERE answer_group = ? ORDER BY id LIMIT 10'),
    casesOfGroup: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM cases WHERE answer_group = ?'),

    language: db.prepare<[string], LanguageRow>('SELECT * FROM languages WHERE code = ?'),
    languages: db.prepare<[], LanguageRow>('SELECT * FROM languages ORDER BY code'),
    upsertLanguage: db.prepare(`INSERT INTO languages (code, name, dir, staffed) VALUES (@code, @name, @dir, @staffed)
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, dir = excluded.dir, staffed = excluded.staffed`),
    deleteLanguage: db.prepare<[string]>('DELETE FROM languages WHERE code = ?'),
    languageAtSites: db.prepare<[string], { site_id: string }>('SELECT site_id FROM site_languages WHERE code = ? ORDER BY site_id'),
    languageOfAgents: db.prepare<[string], { agent_id: string }>('SELECT agent_id FROM agent_languages WHERE code = ? ORDER BY agent_id LIMIT 10'),
    languageOfDisplays: db.prepare<[string], { id: string }>(
      'SELECT d.id FROM displays d WHERE EXISTS (SELECT 1 FROM json_each(d.languages_json) WHERE value = ?) ORDER BY d.id LIMIT 10'),
    languageOfContacts: db.prepare<[string], { n: number }>('SELECT EXISTS (SELECT 1 FROM contacts WHERE language = ?) AS n'),

    zone: db.prepare<[string, string], ZoneRow>('SELECT * FROM zones WHERE site_id = ? AND id = ?'),
    zones: db.prepare<[string], ZoneRow>('SELECT * FROM zones WHERE site_id = ? ORDER BY id'),
    upsertZone: db.prepare(`INSERT INTO zones (id, site_id, name) VALUES (@id, @site, @name)
      ON CONFLICT (site_id, id) DO UPDATE SET name = excluded.name`),
    deleteZone: db.prepare<[string, string]>('DELETE FROM zones WHERE site_id = ? AND id = ?'),
    pointsInZone: db.prepare<[string, string], { id: string }>(`SELECT p.id FROM service_points p
      JOIN service_point_zones z ON z.service_point_id = p.id WHERE p.site_id = ? AND z.zone_id = ? ORDER BY p.id`),
    displaysInZone: db.prepare<[string, string], { id: string }>('SELECT id FROM displays WHERE site_id = ? AND zone_id = ? ORDER BY id'),

    point: db.prepare<[string], PointRow>('SELECT * FROM service_points WHERE id = ?'),
    points: db.prepare<[string], PointRow>('SELECT * FROM service_points WHERE site_id = ? ORDER BY position, id'),
    nextPointPosition: db.prepare<[string], { p: number }>('SELECT coalesce(max(position) + 1, 0) AS p FROM service_points WHERE site_id = ?'),
    upsertPoint: db.prepare(`INSERT INTO service_points (id, site_id, name_json, position, profile_json, wayfinding_json) VALUES (@id, @site, @name, @position, @profile, @wayfinding)
      ON CONFLICT (id) DO UPDATE SET name_json = excluded.name_json, position = excluded.position, profile_json = excluded.profile_json,
        wayfinding_json = excluded.wayfinding_json`),
    deletePoint: db.prepare<[string]>('DELETE FROM service_points WHERE id = ?'),
    pointZones: db.prepare<[string], { zone_id: string }>('SELECT zone_id FROM service_point_zones WHERE service_point_id = ? ORDER BY zone_id'),
    pointServices: db.prepare<[string], { service_id: string }>('SELECT service_id FROM service_point_services WHERE service_point_id = ? ORDER BY service_id'),
    clearPointZones: db.prepare<[string]>('DELETE FROM service_point_zones WHERE service_point_id = ?'),
    clearPointServices: db.prepare<[string]>('DELETE FROM service_point_services WHERE service_point_id = ?'),
    addPointZone: db.prepare<[string, string]>('INSERT INTO service_point_zones (service_point_id, zone_id) VALUES (?, ?)'),
    addPointService: db.prepare<[string, string]>('INSERT INTO service_point_services (service_point_id, service_id) VALUES (?, ?)'),
    /** Work in hand at the point, or waiting contacts pinned to it: they would be stranded. */
    pointBusy: db.prepare<[string, string], { number: string | null; state: string }>(`SELECT number, state FROM contacts
      WHERE (service_point_id = ? AND state IN ('called','serving','parked')) OR (pinned_service_point_id = ? AND state = 'waiting') LIMIT 5`),
    agentsSeatedAt: db.prepare<[string], { id: string }>(`SELECT id FROM agents WHERE service_point_id = ? AND state <> 'offline' ORDER BY id`),
    unseatOffline: db.prepare<[string]>(`UPDATE agents SET service_point_id = NULL WHERE service_point_id = ? AND state = 'offline'`),
    pointHistory: db.prepare<[string, string, string], { n: number }>(`SELECT
      EXISTS (SELECT 1 FROM contacts WHERE service_point_id = ? OR pinned_service_point_id = ?)
      OR EXISTS (SELECT 1 FROM contact_events WHERE service_point_id = ?) AS n`),

    agent: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?'),
    agents: db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE site_id = ? ORDER BY id'),
    agentOfStaff: db.prepare<[string], { id: string }>('SELECT id FROM agents WHERE staff_id = ?'),
    upsertAgent: db.prepare(`INSERT INTO agents (id, site_id, staff_id, display_name, channels_json, profile_json)
      VALUES (@id, @site, @staff, @name, @channels, @profile)
      ON CONFLICT (id) DO UPDATE SET staff_id = excluded.staff_id, display_name = excluded.display_name,
        channels_json = excluded.channels_json, profile_json = excluded.profile_json`),
    agentSkills: db.prepare<[string], { service_id: string; penalty: number }>('SELECT service_id, penalty FROM agent_skills WHERE agent_id = ? ORDER BY service_id'),
    agentLanguages: db.prepare<[string], { code: string }>('SELECT code FROM agent_languages WHERE agent_id = ? ORDER BY code'),
    clearSkills: db.prepare<[string]>('DELETE FROM agent_skills WHERE agent_id = ?'),
    clearAgentLanguages: db.prepare<[string]>('DELETE FROM agent_languages WHERE agent_id = ?'),
    addSkill: db.prepare('INSERT INTO agent_skills (agent_id, service_id, penalty) VALUES (@agent, @service, @penalty)'),
    addAgentLanguage: db.prepare<[string, string]>('INSERT INTO agent_languages (agent_id, code) VALUES (?, ?)'),
    agentBusy: db.prepare<[string, string], { number: string | null; state: string }>(`SELECT number, state FROM contacts
      WHERE (agent_id = ? AND state IN ('called','serving','parked')) OR (pinned_agent_id = ? AND state = 'waiting') LIMIT 5`),
    agentHistory: db.prepare<[string, string, string, string, string], { n: number }>(`SELECT
      EXISTS (SELECT 1 FROM contacts WHERE agent_id = ? OR pinned_agent_id = ?)
      OR EXISTS (SELECT 1 FROM contact_events WHERE agent_id = ?)
      OR EXISTS (SELECT 1 FROM contact_services WHERE agent_id = ?)
      OR EXISTS (SELECT 1 FROM contact_marks WHERE agent_id = ?) AS n`),
    retireAgent: db.prepare(`UPDATE agents SET channels_json = '[]', staff_id = NULL, state = 'offline', pause_reason = NULL,
      service_point_id = NULL, state_since = @at WHERE id = @id`),
    deleteAgent: db.prepare<[string]>('DELETE FROM agents WHERE id = ?'),

    display: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE id = ?'),
    displays: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE site_id = ? ORDER BY id'),
    upsertDisplay: db.prepare(`INSERT INTO displays (id, site_id, zone_id, name, languages_json, chime, volume, layout, speech, show_staff_name)
      VALUES (@id, @site, @zone, @name, @languages, @chime, @volume, @layout, @speech, @showStaffName)
      ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id, name = excluded.name, languages_json = excluded.languages_json,
        chime = excluded.chime, volume = excluded.volume, layout = excluded.layout, speech = excluded.speech, show_staff_name = excluded.show_staff_name`),
    deleteDisplay: db.prepare<[string]>('DELETE FROM displays WHERE id = ?'),

    kiosks: db.prepare<[string], { id: string; name: string; printer_id: string | null }>('SELECT id, name, printer_id FROM kiosks WHERE site_id = ? ORDER BY id'),
    printers: db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM printers WHERE site_id = ? ORDER BY id'),

    /** An empty retained message removes a retained topic from the broker (MQTT 3.1.1 §3.3.1.3). */
    clearRetained: db.prepare(`INSERT INTO outbox (topic, payload, qos, retain, created_at) VALUES (@topic, '', 1, 1, @at)`),
  };

  // ------------------------------------------------------------ helpers

  function requireSite(id: string): SiteRow {
    const site = q.site.get(id);
    if (!site) throw new EntreError('ENTRE_UNKNOWN_SITE', `There is no site "${id}".`);
    return site;
  }

  /** An id is global for most tables: the same id at another site is someone else's item. */
  function sameSite(kind: string, id: string, row: { site_id: string } | undefined, site: string): void {
    if (row && row.site_id !== site) {
      throw new EntreError('ENTRE_WRONG_SITE', `The ${kind} "${id}" belongs to another site; choose another id.`);
    }
  }

  function notFound(kind: string, id: string): never {
    throw new EntreError('ENTRE_NOT_FOUND', `There is no ${kind} "${id}" at this site.`);
  }

  function clearRetained(topic: string, at: Date): void {
    q.clearRetained.run({ topic, at: at.toISOString() });
  }

  function audit(by: Actor, action: string, target: string, details: Record<string, unknown>): void {
    staff.audit({ staffId: by.staffId, ip: by.ip, action, target, details });
  }

  /** One immediate transaction with the clock read inside the lock; the publisher is told after commit. */
  function change<T>(run: (at: Date) => T): T {
    const result = db.transaction(() => run(deps.clock())).immediate();
    deps.onOutbox?.();
    return result;
  }

  // ------------------------------------------------------------ views

  function serviceView(r: ServiceRow): AdminService {
    return {
      id: r.id, name: parse<Localized>(r.name_json),
      ...(r.description_json ? { description: parse<Localized>(r.description_json) } : {}),
      prefix: r.prefix, answerGroup: r.answer_group, slTargetFraction: r.sl_target_fraction,
      slTargetSeconds: r.sl_target_seconds, active: r.active === 1, position: r.position,
    };
  }
  const groupView = (r: GroupRow): AdminAnswerGroup => ({ id: r.id, name: r.name });
  const languageView = (r: LanguageRow): AdminLanguage => ({ code: r.code, name: r.name, dir: r.dir, staffed: r.staffed === 1 });
  const zoneView = (r: ZoneRow): AdminZone => ({ id: r.id, name: r.name });
  /** A work profile's own problems (400, all listed), before any database lookup. */
  function checkedProfile(profile: WorkProfileConfig | null | undefined): WorkProfileConfig | null {
    if (!profile) return null;
    const problems = validateWorkProfile(profile);
    if (problems.length) {
      fail('ENTRE_INVALID_WORK_PROFILE', `The work profile has ${problems.length} problem(s): ${problems.join('; ')}.`,
        problems.map((message) => ({ path: '/profile', message })));
    }
    return profile;
  }

  /** The services a profile names that do not exist at the site. */
  function profileServices(siteId: string, profile: WorkProfileConfig | null): Issue[] {
    const issues: Issue[] = [];
    profile?.rules.forEach((rule, r) => {
      if (rule.kind === 'waited_over' && rule.service) {
        issues.push(...unknownServices(siteId, [rule.service], () => `/profile/rules/${r}/service`));
      }
      if (rule.kind === 'escalate') {
        issues.push(...unknownServices(siteId, rule.extraSkills, (i) => `/profile/rules/${r}/extraSkills/${i}`));
      }
    });
    return issues;
  }

  function pointView(r: PointRow): AdminServicePoint {
    return {
      id: r.id, name: parse<Localized>(r.name_json), position: r.position,
      zones: q.pointZones.all(r.id).map((z) => z.zone_id),
      services: q.pointServices.all(r.id).map((s) => s.service_id),
      profile: r.profile_json ? parse<WorkProfileConfig>(r.profile_json) : null,
      wayfinding: r.wayfinding_json ? parse<Wayfinding>(r.wayfinding_json) : null,
    };
  }
  function agentView(r: AgentRow): AdminAgent {
    return {
      id: r.id, name: r.display_name, staff: r.staff_id, channels: parse<Channel[]>(r.channels_json),
      skills: q.agentSkills.all(r.id).map((s) => ({ service: s.service_id, penalty: s.penalty })),
      languages: q.agentLanguages.all(r.id).map((l) => l.code),
      profile: r.profile_json ? parse<WorkProfileConfig>(r.profile_json) : null,
    };
  }
  function displayView(r: DisplayRow): AdminDisplay {
    return {
      id: r.id, zone: r.zone_id, name: r.name, languages: parse<string[]>(r.languages_json), chime: r.chime === 1, volume: r.volume,
      layout: r.layout, speech: r.speech === 1, showStaffName: r.show_staff_name === 1,
    };
  }

  /** Boards (queue overview, names) and queue summaries of the whole site, after a service or point change. */
  function announceLobby(site: SiteRow, at: Date): void {
    announce.queues(site, at);
    announce.boards(site, at);
  }

  function unknownServices(site: string, ids: readonly string[], path: (i: number) => string): Issue[] {
    const issues: Issue[] = [];
    ids.forEach((id, i) => {
      if (q.service.get(id)?.site_id !== site) issues.push({ path: path(i), message: `there is no service "${id}" at site ${site}` });
    });
    return issues;
  }

  function unknownLanguages(codes: readonly string[], path: (i: number) => string): Issue[] {
    const issues: Issue[] = [];
    codes.forEach((code, i) => {
      if (!q.language.get(code)) issues.push({ path: path(i), message: `there is no language "${code}"; add it under /api/v1/admin/languages first` });
    });
    return issues;
  }

  // ------------------------------------------------------------ the store

  return {
    sites: (): string[] => q.sites.all().map((s) => s.id),

    config(siteId: string): AdminConfig {
      const site = requireSite(siteId);
      return {
        site: { id: site.id, name: site.name, timeZone: site.time_zone, interpreterAfterSeconds: site.interpreter_after_seconds, maxRecalls: site.max_recalls },
        kioskLanguages: q.siteLanguages.all(site.id).map((l) => l.code),
        services: q.services.all(site.id).map(serviceView),
        answerGroups: q.groups.all(site.id).map(groupView),
        languages: q.languages.all().map(languageView),
        zones: q.zones.all(site.id).map(zoneView),
        servicePoints: q.points.all(site.id).map(pointView),
        agents: q.agents.all(site.id).map(agentView),
        displays: q.displays.all(site.id).map(displayView),
        kiosks: q.kiosks.all(site.id).map((k) => ({ id: k.id, name: k.name, printer: k.printer_id })),
        printers: q.printers.all(site.id).map((p) => ({ id: p.id, name: p.name })),
      };
    },

    // ---------------------------------------------------------- services

    putService(siteId: string, id: string, body: AdminServiceRequest, by: Actor): Upserted<AdminService> {
      const issues: Issue[] = [];
      needsSwedish('/name', body.name, issues);
      needsSwedish('/description', body.description, issues);
      if (issues.length) fail('ENTRE_VALIDATION', 'The service needs a Swedish name.', issues);
      return change((at) => {
        const site = requireSite(siteId);
        const before = q.service.get(id);
        sameSite('service', id, before, site.id);
        const group = q.group.get(body.answerGroup);
        if (!group || group.site_id !== site.id) {
          fail('ENTRE_UNKNOWN_ANSWER_GROUP', `There is no answer group "${body.answerGroup}" at this site.`,
            [{ path: '/answerGroup', message: `unknown answer group "${body.answerGroup}"` }]);
        }
        const active = body.active ?? true;
        const holder = active ? q.prefixHolder.get(site.id, body.prefix, id) : undefined;
        if (holder) {
          fail('ENTRE_PREFIX_TAKEN', `The prefix "${body.prefix}" is already used by the active service "${holder.id}"; ticket numbers run per prefix.`,
            [{ path: '/prefix', message: `"${body.prefix}" is taken by "${holder.id}"` }]);
        }
        q.upsertService.run({
          id, site: site.id, prefix: body.prefix, name: JSON.stringify(body.name),
          description: body.description ? JSON.stringify(body.description) : null, group: body.answerGroup,
          fraction: body.slTargetFraction ?? 0.8, seconds: body.slTargetSeconds ?? 600, active: active ? 1 : 0,
          position: body.position ?? before?.position ?? q.nextServicePosition.get(site.id)!.p,
        });
        announceLobby(site, at);
        if (!active) clearRetained(topics.queueSummary(site.id, id), at);
        const value = serviceView(q.service.get(id)!);
        audit(by, before ? 'config.service.update' : 'config.service.create', id, { site: site.id, ...value });
        return { value, created: !before };
      });
    },

    /** Never deletes: contacts, tickets and cases keep pointing at it. Hidden from kiosks at once. */
    deactivateService(siteId: string, id: string, by: Actor): AdminRemoval {
      return change((at) => {
        const site = requireSite(siteId);
        const row = q.service.get(id);
        if (!row || row.site_id !== site.id) notFound('service', id);
        q.deactivateService.run(id);
        announceLobby(site, at);
        clearRetained(topics.queueSummary(site.id, id), at);
        audit(by, 'config.service.deactivate', id, { site: site.id, wasActive: row.active === 1 });
        return { id, result: 'deactivated' as const };
      });
    },

    // ---------------------------------------------------------- answer groups

    putAnswerGroup(siteId: string, id: string, body: AdminAnswerGroupRequest, by: Actor): Upserted<AdminAnswerGroup> {
      return change(() => {
        const site = requireSite(siteId);
        const before = q.group.get(id);
        sameSite('answer group', id, before, site.id);
        q.upsertGroup.run({ id, site: site.id, name: body.name.trim() });
        const value = groupView(q.group.get(id)!);
        audit(by, before ? 'config.answer_group.update' : 'config.answer_group.create', id, { site: site.id, ...value });
        return { value, created: !before };
      });
    },

    deleteAnswerGroup(siteId: string, id: string, by: Actor): AdminRemoval {
      return change(() => {
        const site = requireSite(siteId);
        const row = q.group.get(id);
        if (!row || row.site_id !== site.id) notFound('answer group', id);
        const services = q.servicesOfGroup.all(id).map((s) => s.id);
        if (services.length) {
          fail('ENTRE_IN_USE', `The answer group "${id}" still answers the services ${quoted(services)}; move them first.`,
            [{ path: '/services', message: `used by ${quoted(services)}` }]);
        }
        if (q.casesOfGroup.get(id)!.n > 0) {
          fail('ENTRE_IN_USE', `Cases have been forwarded to the answer group "${id}"; it is kept for their history.`,
            [{ path: '/cases', message: 'referred to by cases' }]);
        }
        q.deleteGroup.run(id);
        audit(by, 'config.answer_group.delete', id, { site: site.id });
        return { id, result: 'deleted' as const };
      });
    },

    // ---------------------------------------------------------- languages (shared by every site)

    putLanguage(code: string, body: AdminLanguageRequest, by: Actor): Upserted<AdminLanguage> {
      return change(() => {
        const before = q.language.get(code);
        q.upsertLanguage.run({ code, name: body.name.trim(), dir: body.dir, staffed: body.staffed ? 1 : 0 });
        const value = languageView(q.language.get(code)!);
        audit(by, before ? 'config.language.update' : 'config.language.create', code, { ...value });
        return { value, created: !before };
      });
    },

    deleteLanguage(code: string, by: Actor): AdminRemoval {
      return change(() => {
        if (!q.language.get(code)) throw new EntreError('ENTRE_NOT_FOUND', `There is no language "${code}".`);
        const issues: Issue[] = [];
        const sites = q.languageAtSites.all(code).map((r) => r.site_id);
        if (sites.length) issues.push({ path: '/kioskLanguages', message: `offered by the kiosks of ${quoted(sites)}` });
        const agents = q.languageOfAgents.all(code).map((r) => r.agent_id);
        if (agents.length) issues.push({ path: '/agents', message: `spoken by ${quoted(agents)}` });
        const displays = q.languageOfDisplays.all(code).map((r) => r.id);
        if (displays.length) issues.push({ path: '/displays', message: `shown by ${quoted(displays)}` });
        if (q.languageOfContacts.get(code)!.n) issues.push({ path: '/contacts', message: 'contacts were made in it; it is kept for their history' });
        if (issues.length) fail('ENTRE_IN_USE', `The language "${code}" is still in use.`, issues);
        q.deleteLanguage.run(code);
        audit(by, 'config.language.delete', code, {});
        return { id: code, result: 'deleted' as const };
      });
    },

    /** The languages a site's kiosks offer, in order; only languages the visitor apps have texts for. */
    putKioskLanguages(siteId: string, codes: readonly string[], by: Actor): string[] {
      return change(() => {
        const site = requireSite(siteId);
        const issues = unknownLanguages(codes, (i) => `/languages/${i}`);
        codes.forEach((code, i) => {
          if (!visitorLanguages.some((l) => l.code === code)) {
            issues.push({ path: `/languages/${i}`, message: `the kiosk has no texts in "${code}" (it has ${quoted(visitorLanguages.map((l) => l.code))})` });
          }
        });
        if (issues.length) fail('ENTRE_UNKNOWN_LANGUAGE', 'The kiosk cannot offer every one of these languages.', issues);
        const beforeCodes = q.siteLanguages.all(site.id).map((l) => l.code);
        q.clearSiteLanguages.run(site.id);
        codes.forEach((code, position) => q.addSiteLanguage.run({ site: site.id, code, position }));
        audit(by, 'config.kiosk_languages.update', site.id, { before: beforeCodes, after: codes });
        return q.siteLanguages.all(site.id).map((l) => l.code);
      });
    },

    /** A kiosk's behaviour (idle times, help path, sign-language link), replaced whole. */
    putKioskSettings(siteId: string, kioskId: string, settings: KioskSettings, by: Actor): KioskSettings {
      return change(() => {
        const site = requireSite(siteId);
        const kiosk = db.prepare<[string], { id: string; site_id: string; settings_json: string | null }>('SELECT id, site_id, settings_json FROM kiosks WHERE id = ?').get(kioskId);
        if (!kiosk || kiosk.site_id !== site.id) fail('ENTRE_UNKNOWN_KIOSK', `There is no kiosk "${kioskId}" at ${site.id}.`, []);
        const issues: { path: string; message: string }[] = [];
        if (settings.warnSeconds >= settings.idleSeconds) issues.push({ path: '/warnSeconds', message: 'the warning must come before the idle time runs out' });
        if (settings.priorityService !== undefined && !q.service.get(settings.priorityService)) {
          issues.push({ path: '/priorityService', message: `there is no errand "${settings.priorityService}"` });
        }
        if (settings.noTouchService !== undefined && q.service.get(settings.noTouchService)?.site_id !== site.id) {
          issues.push({ path: '/noTouchService', message: `there is no errand "${settings.noTouchService}"` });
        }
        if (settings.signLanguageUrl !== undefined && !/^https?:\/\//.test(settings.signLanguageUrl)) {
          issues.push({ path: '/signLanguageUrl', message: 'must be an http(s) address' });
        }
        if (issues.length) fail('ENTRE_VALIDATION', 'These kiosk settings do not fit together.', issues);
        db.prepare('UPDATE kiosks SET settings_json = ? WHERE id = ?').run(JSON.stringify(settings), kioskId);
        audit(by, 'config.kiosk_settings.update', kioskId, { before: kiosk.settings_json ? JSON.parse(kiosk.settings_json) as unknown : null, after: settings });
        return settings;
      });
    },

    // ---------------------------------------------------------- zones

    putZone(siteId: string, id: string, body: AdminZoneRequest, by: Actor): Upserted<AdminZone> {
      return change((at) => {
        const site = requireSite(siteId);
        const before = q.zone.get(site.id, id);
        q.upsertZone.run({ id, site: site.id, name: body.name.trim() });
        // A new zone gets its retained board at once, so a display moved there shows something.
        announce.boards(site, at, [id]);
        const value = zoneView(q.zone.get(site.id, id)!);
        audit(by, before ? 'config.zone.update' : 'config.zone.create', id, { site: site.id, ...value });
        return { value, created: !before };
      });
    },

    deleteZone(siteId: string, id: string, by: Actor): AdminRemoval {
      return change((at) => {
        const site = requireSite(siteId);
        if (!q.zone.get(site.id, id)) notFound('zone', id);
        const issues: Issue[] = [];
        const points = q.pointsInZone.all(site.id, id).map((p) => p.id);
        if (points.length) issues.push({ path: '/servicePoints', message: `announces ${quoted(points)}` });
        const displays = q.displaysInZone.all(site.id, id).map((d) => d.id);
        if (displays.length) issues.push({ path: '/displays', message: `holds the displays ${quoted(displays)}` });
        if (issues.length) fail('ENTRE_IN_USE', `The zone "${id}" is still in use; take its service points and displays out of it first.`, issues);
        q.deleteZone.run(site.id, id);
        clearRetained(topics.zoneBoard(site.id, id), at);
        audit(by, 'config.zone.delete', id, { site: site.id });
        return { id, result: 'deleted' as const };
      });
    },

    // ---------------------------------------------------------- service points

    putServicePoint(siteId: string, id: string, body: AdminServicePointRequest, by: Actor): Upserted<AdminServicePoint> {
      const invalid: Issue[] = [];
      needsSwedish('/name', body.name, invalid);
      if (invalid.length) fail('ENTRE_VALIDATION', 'The service point needs a Swedish name.', invalid);
      const profile = checkedProfile(body.profile);
      return change((at) => {
        const site = requireSite(siteId);
        const before = q.point.get(id);
        sameSite('service point', id, before, site.id);
        const zones: Issue[] = [];
        body.zones.forEach((z, i) => {
          if (!q.zone.get(site.id, z)) zones.push({ path: `/zones/${i}`, message: `there is no zone "${z}" at site ${site.id}` });
        });
        if (zones.length) fail('ENTRE_UNKNOWN_ZONE', 'Some of these zones do not exist at this site.', zones);
        const services = [...unknownServices(site.id, body.services, (i) => `/services/${i}`), ...profileServices(site.id, profile)];
        if (services.length) fail('ENTRE_UNKNOWN_SERVICE', 'Some of these services do not exist at this site.', services);
        const oldZones = before ? q.pointZones.all(id).map((z) => z.zone_id) : [];
        q.upsertPoint.run({
          id, site: site.id, name: JSON.stringify(body.name),
          position: body.position ?? before?.position ?? q.nextPointPosition.get(site.id)!.p,
          profile: body.profile === undefined ? before?.profile_json ?? null : profile ? JSON.stringify(profile) : null,
          wayfinding: body.wayfinding === undefined ? before?.wayfinding_json ?? null : body.wayfinding ? JSON.stringify(body.wayfinding) : null,
        });
        q.clearPointZones.run(id);
        q.clearPointServices.run(id);
        for (const z of body.zones) q.addPointZone.run(id, z);
        for (const s of body.services) q.addPointService.run(id, s);
        announceLobby(site, at);
        const value = pointView(q.point.get(id)!);
        audit(by, before ? 'config.service_point.update' : 'config.service_point.create', id, { site: site.id, ...value, ...(before ? { oldZones } : {}) });
        return { value, created: !before };
      });
    },

    /**
     * Deletes a point nothing ever happened at; retires (keeps, without zones or services) one
     * that contacts refer to. Refuses while work is in hand there or someone is seated there.
     */
    deleteServicePoint(siteId: string, id: string, by: Actor): AdminRemoval {
      return change((at) => {
        const site = requireSite(siteId);
        const row = q.point.get(id);
        if (!row || row.site_id !== site.id) notFound('service point', id);
        const issues: Issue[] = [];
        const busy = q.pointBusy.all(id, id);
        if (busy.length) issues.push({ path: '/contacts', message: `${busy.map((c) => `${c.number ?? 'a contact'} (${c.state})`).join(', ')} is still there or pinned to it` });
        const seated = q.agentsSeatedAt.all(id).map((a) => a.id);
        if (seated.length) issues.push({ path: '/agents', message: `${quoted(seated)} are signed in there` });
        if (issues.length) fail('ENTRE_IN_USE', `The service point "${id}" is in use; finish, move or unpin its work first.`, issues);
        q.unseatOffline.run(id);
        q.clearPointZones.run(id);
        q.clearPointServices.run(id);
        const kept = q.pointHistory.get(id, id, id)!.n === 1;
        if (!kept) q.deletePoint.run(id);
        announceLobby(site, at);
        const result = kept ? 'retired' as const : 'deleted' as const;
        audit(by, `config.service_point.${kept ? 'retire' : 'delete'}`, id, { site: site.id });
        return { id, result };
      });
    },

    // ---------------------------------------------------------- agents

    /** Skills, languages and channels are replaced together or not at all. */
    putAgent(siteId: string, id: string, body: AdminAgentRequest, by: Actor): Upserted<AdminAgent> {
      const invalid: Issue[] = [];
      const seen = new Set<string>();
      body.skills.forEach((s, i) => {
        if (seen.has(s.service)) invalid.push({ path: `/skills/${i}/service`, message: `"${s.service}" is listed twice` });
        seen.add(s.service);
      });
      if (invalid.length) fail('ENTRE_VALIDATION', 'Each service may be a skill once.', invalid);
      const profile = checkedProfile(body.profile);
      return change(() => {
        const site = requireSite(siteId);
        const before = q.agent.get(id);
        sameSite('agent', id, before, site.id);
        // Omitted: unchanged (none on create); null: none. Sign-in links are often made elsewhere.
        const staffId = body.staff === undefined ? before?.staff_id ?? null : body.staff;
        const services = unknownServices(site.id, body.skills.map((s) => s.service), (i) => `/skills/${i}/service`);
        services.push(...profileServices(site.id, profile));
        if (services.length) fail('ENTRE_UNKNOWN_SERVICE', 'Some of these services do not exist at this site.', services);
        const languages = unknownLanguages(body.languages, (i) => `/languages/${i}`);
        if (languages.length) fail('ENTRE_UNKNOWN_LANGUAGE', 'Some of these languages are not configured.', languages);
        if (staffId !== null) {
          const account = staff.get(staffId);
          if (!account) fail('ENTRE_UNKNOWN_STAFF', `There is no staff account "${staffId}".`, [{ path: '/staff', message: 'unknown staff account' }]);
          if (account.siteId !== null && account.siteId !== site.id) {
            fail('ENTRE_UNKNOWN_STAFF', `The staff account "${account.username}" works at another site.`, [{ path: '/staff', message: 'account of another site' }]);
          }
          const linked = q.agentOfStaff.get(staffId);
          if (linked && linked.id !== id) {
            fail('ENTRE_IN_USE', `The staff account "${account.username}" already signs in as the agent "${linked.id}".`,
              [{ path: '/staff', message: `linked to "${linked.id}"` }]);
          }
        }
        q.upsertAgent.run({
          id, site: site.id, staff: staffId, name: body.name.trim(), channels: JSON.stringify(body.channels),
          profile: body.profile === undefined ? before?.profile_json ?? null : profile ? JSON.stringify(profile) : null,
        });
        q.clearSkills.run(id);
        for (const s of body.skills) q.addSkill.run({ agent: id, service: s.service, penalty: s.penalty });
        q.clearAgentLanguages.run(id);
        for (const code of body.languages) q.addAgentLanguage.run(id, code);
        // No device shows agents: nothing to announce. Routing reads skills on each call-next.
        const value = agentView(q.agent.get(id)!);
        audit(by, before ? 'config.agent.update' : 'config.agent.create', id, { site: site.id, ...value });
        return { value, created: !before };
      });
    },

    /**
     * Deletes an agent with no history; retires one that contacts refer to: no channels (so
     * routing gives them nothing), offline, no seat, no staff link. Refuses while they have work.
     */
    deleteAgent(siteId: string, id: string, by: Actor): AdminRemoval {
      return change((at) => {
        const site = requireSite(siteId);
        const row = q.agent.get(id);
        if (!row || row.site_id !== site.id) notFound('agent', id);
        const busy = q.agentBusy.all(id, id);
        if (busy.length) {
          fail('ENTRE_IN_USE', `The agent "${id}" still has work; finish or move it first.`,
            [{ path: '/contacts', message: busy.map((c) => `${c.number ?? 'a contact'} (${c.state})`).join(', ') }]);
        }
        const kept = q.agentHistory.get(id, id, id, id, id)!.n === 1;
        if (kept) {
          q.retireAgent.run({ id, at: at.toISOString() });
        } else {
          q.clearSkills.run(id);
          q.clearAgentLanguages.run(id);
          q.deleteAgent.run(id);
        }
        audit(by, `config.agent.${kept ? 'retire' : 'delete'}`, id, { site: site.id, staff: row.staff_id });
        return { id, result: kept ? 'retired' as const : 'deleted' as const };
      });
    },

    // ---------------------------------------------------------- displays

    /** Writes the display's retained config in the same transaction: it follows within a publish. */
    putDisplay(siteId: string, id: string, body: AdminDisplayRequest, by: Actor): Upserted<AdminDisplay> {
      return change((at) => {
        const site = requireSite(siteId);
        const before = q.display.get(id);
        sameSite('display', id, before, site.id);
        if (!q.zone.get(site.id, body.zone)) {
          fail('ENTRE_UNKNOWN_ZONE', `There is no zone "${body.zone}" at this site.`, [{ path: '/zone', message: `unknown zone "${body.zone}"` }]);
        }
        const languages = unknownLanguages(body.languages, (i) => `/languages/${i}`);
        if (languages.length) fail('ENTRE_UNKNOWN_LANGUAGE', 'Some of these languages are not configured.', languages);
        q.upsertDisplay.run({
          id, site: site.id, zone: body.zone, name: body.name.trim(), languages: JSON.stringify(body.languages),
          chime: body.chime ? 1 : 0, volume: body.volume,
          layout: body.layout ?? before?.layout ?? 'landscape',
          speech: (body.speech ?? (before ? before.speech === 1 : true)) ? 1 : 0,
          showStaffName: (body.showStaffName ?? (before ? before.show_staff_name === 1 : false)) ? 1 : 0,
        });
        const row = q.display.get(id)!;
        announce.outbox(topics.displayConfig(site.id, id), displayConfigOf(row, at), 1, true, at);
        const value = displayView(row);
        audit(by, before ? 'config.display.update' : 'config.display.create', id, { site: site.id, ...value });
        return { value, created: !before };
      });
    },

    deleteDisplay(siteId: string, id: string, by: Actor): AdminRemoval {
      return change((at) => {
        const site = requireSite(siteId);
        const row = q.display.get(id);
        if (!row || row.site_id !== site.id) notFound('display', id);
        q.deleteDisplay.run(id);
        clearRetained(topics.displayConfig(site.id, id), at);
        audit(by, 'config.display.delete', id, { site: site.id });
        return { id, result: 'deleted' as const };
      });
    },
  };
}

export type AdminStore = ReturnType<typeof createAdminStore>;
