/**
 * How long personal data is kept, for the `admin` role (DESIGN §7; the rules and the list
 * of what is personal: core/retention.ts):
 *
 *   GET  /api/v1/admin/retention        the site's retention settings
 *   PUT  /api/v1/admin/retention        replace them (audited with before and after)
 *   POST /api/v1/admin/retention/run    purge what is past its retention now; the counts per kind
 *
 * `?site=` is needed only where one server runs several sites; an admin bound to a site
 * sets that site's alone. The purge itself goes by every site's own settings, so running
 * it removes only what is due anyway. Bad settings answer 400 problem+json naming the field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AdminSiteQuery, EmptyRequest, RetentionRun, RetentionSettings,
  type AdminSiteQuery as SiteQueryT, type RetentionSettings as SettingsT,
} from '@entre/protocol';
import { actorOf, requireRole } from '../auth/plugin.js';
import { EntreError } from '../core/errors.js';
import type { RetentionStore } from '../store/retention-store.js';

function noStore(_req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

export function registerRetentionRoutes(app: FastifyInstance, deps: { retention: RetentionStore; sites: () => string[] }): void {
  const { retention } = deps;
  const onRequest = [noStore, requireRole('admin')];

  /** The site asked for, the admin's own, or the only one (as the other admin routes). */
  function siteOf(req: FastifyRequest<{ Querystring: SiteQueryT }>): string {
    const own = req.staff?.siteId ?? null;
    const wanted = req.query.site;
    if (own && wanted && wanted !== own) throw new EntreError('ENTRE_FORBIDDEN', `You administer the site "${own}" only.`);
    const sites = deps.sites();
    const site = wanted ?? own ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites: say which one with ?site=.');
    return site;
  }

  app.get<{ Querystring: SiteQueryT }>('/api/v1/admin/retention', {
    onRequest, schema: { querystring: AdminSiteQuery, response: { 200: RetentionSettings } },
  }, async (req) => retention.settings(siteOf(req)));

  app.put<{ Querystring: SiteQueryT; Body: SettingsT }>('/api/v1/admin/retention', {
    onRequest, bodyLimit: 1024, schema: { querystring: AdminSiteQuery, body: RetentionSettings, response: { 200: RetentionSettings } },
  }, async (req) => retention.putSettings(siteOf(req), req.body, actorOf(req)));

  app.post('/api/v1/admin/retention/run', {
    onRequest, bodyLimit: 1024, schema: { body: EmptyRequest, response: { 200: RetentionRun } },
  }, async (req) => retention.purge(actorOf(req)));
}
