/**
 * The arrivals forecast for the manager (manager role; admin holds every role):
 *
 *   GET /api/v1/forecast?days=7&service=&channel=
 *       expected contacts per service × channel × local date × 15-minute interval from today,
 *       learned from the stored history, and the backtest of the same method (MAPE, WAPE)
 *
 *   GET    /api/v1/forecast/special-days          the site's own special days from today on
 *   PUT    /api/v1/forecast/special-days/:date    sets one (factor, closed, note); audited
 *   DELETE /api/v1/forecast/special-days/:date    removes it
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  Forecast, ForecastQuery, ForecastSpecialDay, PutSpecialDayRequest, SpecialDayList, SpecialDayParams,
  type PutSpecialDayRequest as PutT, type SpecialDayParams as ParamsT,
} from '@entre/protocol';
import { actorOf, signedIn } from '../auth/plugin.js';
import { EntreError } from '../core/errors.js';
import type { ForecastStore } from '../store/forecast-store.js';

export function registerForecastRoutes(app: FastifyInstance, deps: { forecasts: ForecastStore; manager: onRequestHookHandler; site: () => string }): void {
  const store = deps.forecasts;
  const onRequest = [deps.manager, ((_req, reply, done) => { reply.header('cache-control', 'no-store'); done(); }) as onRequestHookHandler];
  const by = (req: Parameters<typeof actorOf>[0]) => ({ staffId: signedIn(req).id, ip: actorOf(req).ip });

  app.get('/api/v1/forecast/special-days', { onRequest, schema: { response: { 200: SpecialDayList } } },
    async () => ({ specialDays: store.specialDays(deps.site()) }));

  app.put<{ Params: ParamsT; Body: PutT }>('/api/v1/forecast/special-days/:date', {
    onRequest, bodyLimit: 2048, schema: { params: SpecialDayParams, body: PutSpecialDayRequest, response: { 200: ForecastSpecialDay } },
  }, async (req) => store.putSpecialDay(deps.site(), { date: req.params.date, ...req.body }, by(req)));

  app.delete<{ Params: ParamsT }>('/api/v1/forecast/special-days/:date', {
    onRequest, schema: { params: SpecialDayParams, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    if (!store.deleteSpecialDay(deps.site(), req.params.date, by(req))) {
      throw new EntreError('ENTRE_NOT_FOUND', `There is no special day on ${req.params.date}.`);
    }
    return reply.code(204).send();
  });

  app.get<{ Querystring: ForecastQuery }>('/api/v1/forecast', {
    onRequest,
    schema: { querystring: ForecastQuery, response: { 200: Forecast } },
  }, async (req) => store.forecast(deps.site(), {
    days: req.query.days === undefined ? 7 : Number(req.query.days),
    service: req.query.service,
    channel: req.query.channel,
  }));
}
