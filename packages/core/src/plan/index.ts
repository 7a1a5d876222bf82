export { resolveAudio } from './audio-reference.js';
export {
  REPEAT_WINDOW_MINUTES,
  type RecentSends,
  recentSendsIn,
  recentSendsInMemory,
  type SentRecord,
} from './recent-sends.js';
export { refusalError, type SendRefusal } from './refusal.js';
export {
  executeSendPlan,
  type PlanContext,
  planSend,
  type SendIntent,
  type SendPlan,
  type SendPlanning,
} from './send-plan.js';
export {
  describeStoreTargets,
  parseStoreGroups,
  resolveStoreTargets,
  type StoreGroups,
  type StoreRefusal,
  type StoreTargets,
} from './store-targets.js';
