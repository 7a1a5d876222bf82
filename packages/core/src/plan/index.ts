export {
  REPEAT_WINDOW_MINUTES,
  type RecentSends,
  recentSendsIn,
  recentSendsInMemory,
  type SentRecord,
} from './recent-sends.js';
export {
  executeSendPlan,
  type PlanContext,
  planSend,
  refusalError,
  type SendIntent,
  type SendPlan,
  type SendPlanning,
  type SendRefusal,
} from './send-plan.js';
export {
  describeStoreTargets,
  parseStoreGroups,
  resolveStoreTargets,
  type StoreGroups,
  type StoreRefusal,
  type StoreTargets,
} from './store-targets.js';
