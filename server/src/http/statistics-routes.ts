/**
 * The manager's statistics (manager role; admin holds every role):
 *
 *   GET /api/v1/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD&period=day|week|month&by=service|channel|answerGroup|total
 *       per period and group: contacts, service level, ASA, abandonment, first-contact
 *       resolution, forwarded, no-show, handle time, ROSA levels, satisfaction. JSON, or
 *       CSV for Excel with `format=csv` or `Accept: text/csv`
 *   GET /api/v1/statistics/settings      how abandoned contacts count (statistics and dashboard)
 *   PUT /api/v1/statistics/settings      change it (audited)
 *
 * Bad parameters answer 400 problem+json naming the parameter.
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  Statistics, StatisticsQuery, StatisticsSettings,
  type Statistics as StatisticsT, type StatisticsQuery as StatisticsQueryT, type StatisticsRow, type StatisticsSettings as StatisticsSettingsT,
} from '@entre/protocol';
import { actorOf } from '../auth/plugin.js';
import type { StatisticsStore } from '../store/statistics-store.js';
import { csvTable, sendCsv, wantsCsv, type CsvColumns } from './csv.js';

const CSV_COLUMNS: CsvColumns<StatisticsRow> = [
  ['period', (r) => r.period], ['start', (r) => r.start], ['end', (r) => r.end], ['group', (r) => r.group], ['name', (r) => r.name],
  ['contacts', (r) => r.contacts],
  ['answered', (r) => r.answered], ['answeredInTarget', (r) => r.answeredInTarget], ['abandoned', (r) => r.abandoned],
  ['shortAbandoned', (r) => r.shortAbandoned], ['serviceLevel', (r) => r.serviceLevel], ['asaSeconds', (r) => r.asaSeconds],
  ['abandonmentRate', (r) => r.abandonmentRate],
  ['resolved', (r) => r.resolved], ['forwarded', (r) => r.forwarded], ['firstContactResolution', (r) => r.firstContactResolution],
  ['forwardedShare', (r) => r.forwardedShare], ['noShow', (r) => r.noShow], ['noShowRate', (r) => r.noShowRate],
  ['handled', (r) => r.handled], ['meanHandleSeconds', (r) => r.meanHandleSeconds],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((level) => [`rosa${level}`, (r: StatisticsRow) => r.rosa[level - 1]] as const),
  ['rated', (r) => r.rated], ['satisfaction', (r) => r.satisfaction],
];

/** The statistics as CSV (http/csv.ts): the JSON names as the header; an absent ratio is an empty field. */
export function statisticsCsv(s: StatisticsT): string {
  return csvTable(CSV_COLUMNS, s.rows);
}

export function registerStatisticsRoutes(
  app: FastifyInstance,
  deps: { statistics: StatisticsStore; manager: onRequestHookHandler; site: () => string },
): void {
  const { statistics } = deps;
  const onRequest = [deps.manager, ((_req, reply, done) => { reply.header('cache-control', 'no-store'); done(); }) as onRequestHookHandler];

  app.get<{ Querystring: StatisticsQueryT }>('/api/v1/statistics', {
    onRequest,
    schema: {
      querystring: StatisticsQuery,
      response: { 200: { content: { 'application/json': { schema: Statistics }, 'text/csv': { schema: { type: 'string' } } } } },
    },
  }, async (req, reply) => {
    const { from, to } = req.query;
    const period = req.query.period ?? 'day';
    const by = req.query.by ?? 'total';
    const s = await statistics.statistics(deps.site(), { from, to, period, by });
    if (!wantsCsv(req)) return s;
    return sendCsv(reply, `entre-statistik_${s.site}_${from}_${to}_${period}_${by}.csv`, statisticsCsv(s));
  });

  app.get('/api/v1/statistics/settings', {
    onRequest, schema: { response: { 200: StatisticsSettings } },
  }, async () => statistics.settings(deps.site()));

  app.put<{ Body: StatisticsSettingsT }>('/api/v1/statistics/settings', {
    onRequest, bodyLimit: 1024, schema: { body: StatisticsSettings, response: { 200: StatisticsSettings } },
  }, async (req) => statistics.putSettings(deps.site(), req.body, actorOf(req)));
}
