import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  Agent, AgentCallNextResponse, AgentStateRequest, Contact, EmptyRequest, IdParams, WalkInRequest,
  type AgentStateRequest as StateT, type IdParams as IdT, type WalkInRequest as WalkInT,
} from '@entre/protocol';
import type { AgentStore } from '../store/agent-store.js';
import type { ContactStore } from '../store/contact-store.js';
import type { RouteGuard } from './contact-routes.js';
import { EntreError } from '../core/errors.js';

/** Agents' own actions: state, call next by the routing rule, a walk-in without a ticket. */
export function registerAgentRoutes(app: FastifyInstance, deps: { agents: AgentStore; contacts: ContactStore; guard: RouteGuard; site: () => string }): void {
  const { agents, contacts, guard } = deps;
  const staff = { onRequest: guard.staff, bodyLimit: 4096 };
  /** A counter member acts as their own agent; reception may act for anyone. */
  const allowed = (req: FastifyRequest<{ Params: IdT }>) => {
    if (!guard.mayActAs(req, agents.staffIdOf(req.params.id))) {
      throw new EntreError('ENTRE_FORBIDDEN', `You may not act as agent "${req.params.id}".`);
    }
  };

  app.get('/api/v1/agents', { onRequest: guard.staff, schema: { response: { 200: Type.Object({ agents: Type.Array(Agent) }) } } },
    async () => ({ agents: agents.list(deps.site()) }));

  app.get<{ Params: IdT }>('/api/v1/agents/:id', { onRequest: guard.staff, schema: { params: IdParams, response: { 200: Agent } } },
    async (req) => agents.get(req.params.id));

  app.post<{ Params: IdT; Body: StateT }>('/api/v1/agents/:id/state', {
    ...staff, schema: { params: IdParams, body: AgentStateRequest, response: { 200: Agent } },
  }, async (req) => { allowed(req); return agents.setState(req.params.id, req.body); });

  app.post<{ Params: IdT }>('/api/v1/agents/:id/call-next', {
    ...staff, schema: { params: IdParams, body: EmptyRequest, response: { 200: AgentCallNextResponse } },
  }, async (req) => {
    allowed(req);
    const res = agents.callNext(req.params.id, guard.actor(req));
    return { called: res.contact ? contacts.view(res.contact) : null, why: res.why, waiting: res.waiting };
  });

  app.post<{ Params: IdT; Body: WalkInT }>('/api/v1/agents/:id/walk-in', {
    ...staff, schema: { params: IdParams, body: WalkInRequest, response: { 201: Contact } },
  }, async (req, reply) => {
    allowed(req);
    const agent = agents.get(req.params.id);
    if (!agent.servicePoint) throw new EntreError('ENTRE_AGENT_NOT_READY', `${agent.name} is not at a service point.`);
    const row = contacts.walkIn(deps.site(), req.body, { servicePoint: agent.servicePoint, agent: agent.id }, { ...guard.actor(req), agent: agent.id });
    return reply.code(201).send(contacts.view(row));
  });
}
