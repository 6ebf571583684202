export {
  trafficErlangs, erlangB, erlangC, erlangCFigures, requiredAgentsC, scheduledAgents,
  erlangAFigures, requiredAgentsA, MAX_AGENTS,
  type ErlangCFigures, type ErlangAFigures, type QueueLoad, type ServiceTarget, type Patience,
} from './erlang.js';
export { assignAgents, planInterval, queueKey, requiredFor, INTERVAL_SECONDS, type IntervalPlan, type PlanAgent, type PlanQueue, type QueueNeed } from './plan.js';
export { advise, type AdviceInput, type LiveAgent, type LiveQueue, type Move, type QueueRisk } from './advice.js';
