export {
  trafficErlangs, erlangB, erlangC, erlangCFigures, requiredAgentsC, scheduledAgents,
  erlangAFigures, requiredAgentsA, MAX_AGENTS,
  type ErlangCFigures, type ErlangAFigures, type QueueLoad, type ServiceTarget, type Patience,
} from './erlang.js';
