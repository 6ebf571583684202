/** The server modules the simulator runs on, in one place. */
export {
  PROFILES, parseClock, profileWindow, type Channel, type ChannelProfile, type Profile,
} from '@entre/server/simulate/profiles';
export { generatePlan, type Arrival, type Plan } from '@entre/server/simulate/arrivals';
export { estimateWaitMinutes, handleSeconds } from '@entre/server/wait-estimate';
export { openDatabase } from '@entre/server/store/db';
export { seedDemo, DEMO_SITE } from '@entre/server/store/seed';
