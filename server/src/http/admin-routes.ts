/**
 * The site's configuration over HTTP, for the `admin` role only (DESIGN §4, §7):
 *
 *   GET    /api/v1/admin/config                  the whole configuration of the site
 *   PUT    /api/v1/admin/{kind}/:id               create or replace one item (idempotent; 201 when created)
 *   DELETE /api/v1/admin/{kind}/:id               deactivate, retire or delete it (see AdminRemoval)
 *   PUT    /api/v1/admin/kiosk-languages          the languages the site's kiosks offer, in order
 *   PUT    /api/v1/admin/kiosks/:id/settings      one kiosk's idle times, help path and sign-language link
 *
 * kinds: services, answer-groups, languages (by code; shared by every site), zones,
 * service-points, agents, displays. `?site=` is needed only where one server runs several
 * sites. Every change is audited by the store in the transaction that makes it.
 * Needs `useStaffAuth` on the same instance first.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import {
  AdminAgent, AdminAgentRequest, AdminAnswerGroup, AdminAnswerGroupRequest, AdminConfig, AdminDisplay, AdminDisplayRequest,
  AdminKioskLanguages, AdminLanguage, AdminLanguageRequest, AdminRemoval, AdminService, AdminServicePoint,
  AdminServicePointRequest, AdminServiceRequest, AdminSiteQuery, AdminZone, AdminZoneRequest, IdParams, KioskSettings, LanguageCodeParams,
  type AdminKioskLanguages as KioskLanguagesT, type KioskSettings as KioskSettingsT, type IdParams as IdParamsT, type AdminSiteQuery as SiteQueryT,
} from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import { actorOf, requireRole } from '../auth/plugin.js';
import type { Actor } from '../auth/staff-store.js';
import type { AdminStore, Upserted } from '../store/admin-store.js';

/** An agent with 64 skills and a work profile fits easily; anything larger is a mistake. */
const ADMIN_BODY_LIMIT = 32 * 1024;

/** Configuration answers carry staff links: never from a shared cache. */
function noStore(_req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('cache-control', 'no-store');
  done();
}

export interface AdminRouteDeps { admin: AdminStore }

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { admin } = deps;
  const onRequest = [noStore, requireRole('admin')];

  /** The site asked for, the admin's own, or the only one; an admin bound to a site acts at it alone. */
  function siteOf(req: FastifyRequest<{ Querystring: SiteQueryT }>): string {
    const own = req.staff?.siteId ?? null;
    const wanted = req.query.site;
    if (own && wanted && wanted !== own) throw new EntreError('ENTRE_FORBIDDEN', `You administer the site "${own}" only.`);
    const sites = admin.sites();
    const site = wanted ?? own ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites: say which one with ?site=.');
    return site;
  }

  /** Languages are shared by every site: only an admin of every site changes them. */
  function everySite(req: FastifyRequest): void {
    if (req.staff?.siteId) throw new EntreError('ENTRE_FORBIDDEN', 'Languages are shared by every site; an admin of every site changes them.');
  }

  function answer<V>(reply: FastifyReply, url: string, res: Upserted<V>) {
    if (res.created) return reply.code(201).header('location', url).send(res.value);
    return reply.code(200).send(res.value);
  }

  app.get<{ Querystring: SiteQueryT }>('/api/v1/admin/config', {
    onRequest, schema: { querystring: AdminSiteQuery, response: { 200: AdminConfig } },
  }, async (req) => admin.config(siteOf(req)));

  /** PUT and DELETE of one kind of site item, by id. */
  function siteItem<B>(
    kind: string, body: TSchema, view: TSchema,
    put: (site: string, id: string, body: B, by: Actor) => Upserted<unknown>,
    remove: (site: string, id: string, by: Actor) => AdminRemoval,
  ): void {
    const path = `/api/v1/admin/${kind}/:id`;
    app.put<{ Params: IdParams; Querystring: SiteQueryT; Body: B }>(path, {
      onRequest, bodyLimit: ADMIN_BODY_LIMIT,
      schema: { params: IdParams, querystring: AdminSiteQuery, body, response: { 200: view, 201: view } },
    }, async (req, reply) => answer(reply, `/api/v1/admin/${kind}/${req.params.id}`, put(siteOf(req), req.params.id, req.body as B, actorOf(req))));
    app.delete<{ Params: IdParams; Querystring: SiteQueryT }>(path, {
      onRequest, schema: { params: IdParams, querystring: AdminSiteQuery, response: { 200: AdminRemoval } },
    }, async (req) => remove(siteOf(req), req.params.id, actorOf(req)));
  }

  siteItem('services', AdminServiceRequest, AdminService, admin.putService, admin.deactivateService);
  siteItem('answer-groups', AdminAnswerGroupRequest, AdminAnswerGroup, admin.putAnswerGroup, admin.deleteAnswerGroup);
  siteItem('zones', AdminZoneRequest, AdminZone, admin.putZone, admin.deleteZone);
  siteItem('service-points', AdminServicePointRequest, AdminServicePoint, admin.putServicePoint, admin.deleteServicePoint);
  siteItem('agents', AdminAgentRequest, AdminAgent, admin.putAgent, admin.deleteAgent);
  siteItem('displays', AdminDisplayRequest, AdminDisplay, admin.putDisplay, admin.deleteDisplay);

  app.put<{ Params: LanguageCodeParams; Body: AdminLanguageRequest }>('/api/v1/admin/languages/:code', {
    onRequest, bodyLimit: ADMIN_BODY_LIMIT,
    schema: { params: LanguageCodeParams, body: AdminLanguageRequest, response: { 200: AdminLanguage, 201: AdminLanguage } },
  }, async (req, reply) => {
    everySite(req);
    return answer(reply, `/api/v1/admin/languages/${req.params.code}`, admin.putLanguage(req.params.code, req.body, actorOf(req)));
  });
  app.delete<{ Params: LanguageCodeParams }>('/api/v1/admin/languages/:code', {
    onRequest, schema: { params: LanguageCodeParams, response: { 200: AdminRemoval } },
  }, async (req) => {
    everySite(req);
    return admin.deleteLanguage(req.params.code, actorOf(req));
  });

  app.put<{ Querystring: SiteQueryT; Body: KioskLanguagesT }>('/api/v1/admin/kiosk-languages', {
    onRequest, bodyLimit: ADMIN_BODY_LIMIT,
    schema: { querystring: AdminSiteQuery, body: AdminKioskLanguages, response: { 200: AdminKioskLanguages } },
  }, async (req) => ({ languages: admin.putKioskLanguages(siteOf(req), req.body.languages, actorOf(req)) }));

  app.put<{ Querystring: SiteQueryT; Params: IdParamsT; Body: KioskSettingsT }>('/api/v1/admin/kiosks/:id/settings', {
    onRequest, bodyLimit: ADMIN_BODY_LIMIT,
    schema: { querystring: AdminSiteQuery, params: IdParams, body: KioskSettings, response: { 200: KioskSettings } },
  }, async (req) => admin.putKioskSettings(siteOf(req), req.params.id, req.body, actorOf(req)));
}
