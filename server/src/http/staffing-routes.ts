/**
 * The staffing calculators. No sign-in: they compute from the query alone and read no data.
 *
 *   GET /api/v1/staffing/erlang-c   ?arrivals=&intervalSeconds=&ahtSeconds=&targetSeconds=
 *                                   &targetServiceLevel=[&agents=][&shrinkage=]
 *   GET /api/v1/staffing/erlang-a   the same plus &patienceSeconds= (mean patience; "Infinity"
 *                                   is Erlang C); the answer adds abandonRate
 *
 * `agents` defaults to the required agents. A value the schema admits but the model does not
 * (a zero interval, a service level of 1, more than STAFFING_MAX_ERLANGS of traffic) answers
 * 400 problem+json whose `errors[].path` names the parameter.
 */
import type { FastifyInstance } from 'fastify';
import {
  ErlangAAnswer, ErlangAQuery, ErlangCAnswer, ErlangCQuery, STAFFING_MAX_ERLANGS,
  type ErlangAAnswer as ErlangAAnswerT, type ErlangAQuery as ErlangAQueryT, type ErlangCAnswer as ErlangCAnswerT,
  type ErlangCQuery as ErlangCQueryT,
} from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import {
  erlangAFigures, erlangCFigures, requiredAgentsA, requiredAgentsC, scheduledAgents, trafficErlangs, type QueueLoad, type ServiceTarget,
} from '../core/staffing/index.js';

interface Range { min: number; max: number; minOpen?: boolean; maxOpen?: boolean }

const RANGES = {
  arrivals: { min: 0, max: 1_000_000 },
  intervalSeconds: { min: 0, max: 604_800, minOpen: true },
  ahtSeconds: { min: 0, max: 86_400, minOpen: true },
  targetSeconds: { min: 0, max: 86_400 },
  targetServiceLevel: { min: 0, max: 1, minOpen: true, maxOpen: true },
  agents: { min: 0, max: 100_000 },
  shrinkage: { min: 0, max: 0.95 },
  patienceSeconds: { min: 1, max: 1_000_000_000 },
} satisfies Record<string, Range>;

type Issue = { path: string; message: string };

function describe(r: Range): string {
  return `${r.minOpen ? '>' : '≥'} ${r.min} and ${r.maxOpen ? '<' : '≤'} ${r.max}`;
}

/** Reads the numbers, collecting every out-of-range one; throws once, naming them all. */
function reader() {
  const issues: Issue[] = [];
  const read = (name: keyof typeof RANGES, raw: string): number => {
    const r: Range = RANGES[name];
    const x = Number(raw);
    const ok = Number.isFinite(x) && (r.minOpen ? x > r.min : x >= r.min) && (r.maxOpen ? x < r.max : x <= r.max);
    if (!ok) issues.push({ path: `/${name}`, message: `must be ${describe(r)}` });
    return x;
  };
  const done = () => {
    if (issues.length) {
      throw new EntreError('ENTRE_VALIDATION', `Out of range: ${issues.map((i) => `${i.path.slice(1)} ${i.message}`).join('; ')}.`, issues);
    }
  };
  return { read, issues, done };
}

interface Parsed { load: QueueLoad & ServiceTarget; agents: number | undefined; shrinkage: number | undefined }

function parse(q: ErlangCQueryT, extra?: (read: ReturnType<typeof reader>['read']) => void): Parsed {
  const r = reader();
  const load = {
    arrivals: r.read('arrivals', q.arrivals),
    intervalSeconds: r.read('intervalSeconds', q.intervalSeconds),
    ahtSeconds: r.read('ahtSeconds', q.ahtSeconds),
    targetSeconds: r.read('targetSeconds', q.targetSeconds),
    targetServiceLevel: r.read('targetServiceLevel', q.targetServiceLevel),
  };
  const agents = q.agents === undefined ? undefined : r.read('agents', q.agents);
  const shrinkage = q.shrinkage === undefined ? undefined : r.read('shrinkage', q.shrinkage);
  extra?.(r.read);
  r.done();
  const traffic = trafficErlangs(load);
  if (traffic > STAFFING_MAX_ERLANGS) {
    const message = `makes arrivals × ahtSeconds ÷ intervalSeconds = ${traffic} Erlangs; at most ${STAFFING_MAX_ERLANGS}`;
    throw new EntreError('ENTRE_VALIDATION', `Too much traffic: arrivals ${message}.`, [{ path: '/arrivals', message }]);
  }
  return { load, agents, shrinkage };
}

function withShrinkage<T extends { requiredAgents: number }>(answer: T, shrinkage: number | undefined): T {
  return shrinkage === undefined ? answer : { ...answer, scheduledAgents: scheduledAgents(answer.requiredAgents, shrinkage) };
}

export function registerStaffingRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: ErlangCQueryT }>('/api/v1/staffing/erlang-c', {
    schema: { querystring: ErlangCQuery, response: { 200: ErlangCAnswer } },
  }, async (req): Promise<ErlangCAnswerT> => {
    const { load, agents, shrinkage } = parse(req.query);
    const requiredAgents = requiredAgentsC(load);
    const f = erlangCFigures({ ...load, agents: agents ?? requiredAgents });
    return withShrinkage({
      trafficErlangs: f.trafficErlangs, agents: f.agents, probWait: f.probWait, serviceLevel: f.serviceLevel,
      asaSeconds: f.asaSeconds, occupancy: f.occupancy, requiredAgents,
    }, shrinkage);
  });

  app.get<{ Querystring: ErlangAQueryT }>('/api/v1/staffing/erlang-a', {
    schema: { querystring: ErlangAQuery, response: { 200: ErlangAAnswer } },
  }, async (req): Promise<ErlangAAnswerT> => {
    let patienceSeconds = Infinity;
    const { load, agents, shrinkage } = parse(req.query, (read) => {
      if (req.query.patienceSeconds !== 'Infinity') patienceSeconds = read('patienceSeconds', req.query.patienceSeconds);
    });
    const requiredAgents = requiredAgentsA({ ...load, patienceSeconds });
    const f = erlangAFigures({ ...load, patienceSeconds, agents: agents ?? requiredAgents });
    return withShrinkage({
      trafficErlangs: f.trafficErlangs, agents: f.agents, probWait: f.probWait, serviceLevel: f.serviceLevel,
      asaSeconds: f.asaSeconds, occupancy: f.occupancy, requiredAgents, abandonRate: f.abandonRate,
    }, shrinkage);
  });
}
