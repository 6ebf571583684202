/**
 * The manager's staffing plan, live advice, rota and planning settings (manager role; admin
 * holds every role). See protocol/src/staffing-plan.ts for the shapes.
 *
 *   GET /api/v1/staffing/plan?from=&days=[&format=csv]
 *   GET /api/v1/staffing/advice
 *   GET /api/v1/staffing/shifts            PUT /api/v1/staffing/shifts/:id
 *   GET /api/v1/staffing/settings          PUT /api/v1/staffing/settings
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  IdParams, PutShiftsRequest, ShiftList, StaffingAdvice, StaffingPlan, StaffingPlanQuery, StaffingSettings, AgentWeek,
  type IdParams as IdT, type PlanQueueNeed, type PutShiftsRequest as PutShiftsT, type StaffingPlanQuery as PlanQueryT,
  type StaffingSettings as SettingsT,
} from '@entre/protocol';
import { actorOf, signedIn } from '../auth/plugin.js';
import type { StaffingStore } from '../store/staffing-store.js';
import { csvTable, sendCsv, wantsCsv, type CsvColumns } from './csv.js';

type PlanRow = PlanQueueNeed & { date: string; start: string; scheduled: number };

const PLAN_COLUMNS: CsvColumns<PlanRow> = [
  ['date', (r) => r.date], ['start', (r) => r.start], ['service', (r) => r.service], ['channel', (r) => r.channel],
  ['forecast', (r) => r.forecast], ['trafficErlangs', (r) => r.trafficErlangs], ['required', (r) => r.required],
  ['requiredScheduled', (r) => r.requiredScheduled], ['covered', (r) => r.covered], ['gap', (r) => r.gap],
  ['serviceLevel', (r) => r.serviceLevel], ['scheduledInInterval', (r) => r.scheduled],
];

export function registerStaffingPlanRoutes(app: FastifyInstance, deps: {
  staffing: StaffingStore;
  manager: onRequestHookHandler;
  site: () => string;
  /** Today's service level per service so far (the dashboard's), for the advice. */
  liveServiceLevel: (site: string) => (service: string) => number | undefined;
}): void {
  const onRequest = [deps.manager, ((_req, reply, done) => { reply.header('cache-control', 'no-store'); done(); }) as onRequestHookHandler];

  app.get<{ Querystring: PlanQueryT }>('/api/v1/staffing/plan', {
    onRequest,
    schema: {
      querystring: StaffingPlanQuery,
      response: { 200: { content: { 'application/json': { schema: StaffingPlan }, 'text/csv': { schema: { type: 'string' } } } } },
    },
  }, async (req, reply) => {
    const plan = deps.staffing.plan(deps.site(), { from: req.query.from, days: Number(req.query.days ?? 7) });
    if (!wantsCsv(req)) return plan;
    const rows = plan.days.flatMap((d) => d.intervals.flatMap((i) => i.queues.map((q) => ({ ...q, date: d.date, start: i.start, scheduled: i.scheduled }))));
    return sendCsv(reply, `entre-bemanning_${plan.site}_${plan.days[0]?.date ?? ''}_${plan.days.length}d.csv`, csvTable(PLAN_COLUMNS, rows));
  });

  app.get('/api/v1/staffing/advice', { onRequest, schema: { response: { 200: StaffingAdvice } } },
    async () => {
      const site = deps.site();
      return deps.staffing.advice(site, { serviceLevel: deps.liveServiceLevel(site) });
    });

  app.get('/api/v1/staffing/shifts', { onRequest, schema: { response: { 200: ShiftList } } },
    async () => ({ agents: deps.staffing.shifts(deps.site()) }));

  app.put<{ Params: IdT; Body: PutShiftsT }>('/api/v1/staffing/shifts/:id', {
    onRequest, bodyLimit: 16 * 1024, schema: { params: IdParams, body: PutShiftsRequest, response: { 200: AgentWeek } },
  }, async (req) => {
    return deps.staffing.putShifts(deps.site(), req.params.id, req.body.shifts, { staffId: signedIn(req).id, ip: actorOf(req).ip });
  });

  app.get('/api/v1/staffing/settings', { onRequest, schema: { response: { 200: StaffingSettings } } },
    async () => deps.staffing.settings(deps.site()));

  app.put<{ Body: SettingsT }>('/api/v1/staffing/settings', {
    onRequest, bodyLimit: 4096, schema: { body: StaffingSettings, response: { 200: StaffingSettings } },
  }, async (req) => {
    return deps.staffing.saveSettings(deps.site(), req.body, { staffId: signedIn(req).id, ip: actorOf(req).ip });
  });
}
