export type {
  Channel, PriorityClass, RoutableContact, Skill, RoutingAgent, ServiceRule, WorkProfile, WorkProfileRule,
  LanguageFit, DecisiveRule, SkipCounts, ChosenFacts, Explanation, RoutingResult,
} from './types.js';
export { chooseNext, waitDecidesFate, FALLBACK_SL_TARGET_SECONDS, type ChooseNextInput } from './choose-next.js';
export { orderLine, type LineOrderInput } from './line-order.js';
export { explain, languageName, formatDuration, type ExplainLanguage } from './explain.js';
export {
  compileProfile, validateWorkProfile, isNormalTurn, effectiveClass, DEFAULT_APPOINTMENT_WINDOW, type CompiledProfile,
} from './work-profile.js';
