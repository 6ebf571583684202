/** The counter page's calls to `/api/v1`, each answer checked against the protocol's schema. */
import {
  lightChecker, Agent, AgentCallNextResponse, AgentList, CallNextResponse, CaseDetail, Contact, CounterQueue, ServicePointList,
  type AgentStateRequest, type CreateCaseRequest, type FinishRequest, type TransferRequest,
} from '@entre/protocol';
import type { Http } from '@entre/web-common/http';

const checkPoints = lightChecker(ServicePointList);
const checkCallNext = lightChecker(CallNextResponse);
const checkAgentCallNext = lightChecker(AgentCallNextResponse);
const checkAgents = lightChecker(AgentList);
const checkAgent = lightChecker(Agent);
const checkContact = lightChecker(Contact);
const checkQueue = lightChecker(CounterQueue);
const checkCase = lightChecker(CaseDetail);

/** Lifecycle actions without a body (or with only an optional reason). */
export type ContactAction = 'recall' | 'start' | 'no-show' | 'park' | 'resume';

export interface CounterApi {
  servicePoints(): Promise<ServicePointList>;
  agents(): Promise<Agent[]>;
  agent(id: string): Promise<Agent>;
  setState(agent: string, body: AgentStateRequest): Promise<Agent>;
  /** "Next" for a signed-in agent, by the routing rule over every channel they take. */
  callNextAsAgent(agent: string): Promise<AgentCallNextResponse>;
  /** "Next" at a counter with no agent: visits of the counter's errands. */
  callNext(point: string): Promise<CallNextResponse>;
  contact(id: string): Promise<Contact>;
  act(id: string, action: ContactAction): Promise<Contact>;
  transfer(id: string, body: TransferRequest): Promise<Contact>;
  finish(id: string, body: FinishRequest): Promise<Contact>;
  agentQueue(agent: string): Promise<CounterQueue>;
  pointQueue(point: string): Promise<CounterQueue>;
  createCase(body: CreateCaseRequest): Promise<CaseDetail>;
  /** By id or by tracking code. */
  getCase(idOrCode: string): Promise<CaseDetail>;
  attachCase(caseIdOrCode: string, contact: string): Promise<CaseDetail>;
}

const seg = encodeURIComponent;

export function createCounterApi(http: Http): CounterApi {
  return {
    servicePoints: () => http.get('/service-points', checkPoints),
    agents: async () => (await http.get('/agents', checkAgents)).agents,
    agent: (id) => http.get(`/agents/${seg(id)}`, checkAgent),
    setState: (agent, body) => http.post(`/agents/${seg(agent)}/state`, body, checkAgent),
    callNextAsAgent: (agent) => http.post(`/agents/${seg(agent)}/call-next`, {}, checkAgentCallNext),
    callNext: (point) => http.post(`/service-points/${seg(point)}/call-next`, {}, checkCallNext),
    contact: (id) => http.get(`/contacts/${seg(id)}`, checkContact),
    act: (id, action) => http.post(`/contacts/${seg(id)}/${action}`, {}, checkContact),
    transfer: (id, body) => http.post(`/contacts/${seg(id)}/transfer`, body, checkContact),
    finish: (id, body) => http.post(`/contacts/${seg(id)}/finish`, body, checkContact),
    agentQueue: (agent) => http.get(`/agents/${seg(agent)}/queue`, checkQueue),
    pointQueue: (point) => http.get(`/service-points/${seg(point)}/queue`, checkQueue),
    createCase: (body) => http.post('/cases', body, checkCase),
    getCase: (id) => http.get(`/cases/${seg(id)}`, checkCase),
    attachCase: (id, contact) => http.post(`/cases/${seg(id)}/contacts`, { contact }, checkCase),
  };
}
