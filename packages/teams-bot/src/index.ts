export {
  type AssembledBot,
  type AssembledDomain,
  assembleBot,
  assembleDomain,
  type BotOptions,
} from './bot-setup.js';
export { optionsFromEnv } from './config.js';
export { MusiqueBot } from './domain/bot.js';
export { type AdaptiveCard, VERBS } from './domain/cards/cards.js';
export { type Command, parseCommand } from './domain/commands/parse.js';
export {
  type ActivityLike,
  cardActionOf,
  incomingMessageOf,
  timeZoneOf,
} from './domain/conversation/activity.js';
export type {
  CardAction,
  Conversation,
  IncomingFile,
  IncomingMessage,
  OutgoingMessage,
} from './domain/conversation/conversation.js';
export type { PendingConfirmation, SendSummary } from './domain/conversation/pending.js';
export type { BotStorage } from './domain/conversation/storage.js';
export { BOT_HOSTS, type BotHost, chooseHost, supportsTeamsSdk } from './hosts/choice.js';
export {
  botStorageOver,
  createStorage,
  FileStorage,
  type StorageKind,
  type StorageSettings,
} from './hosts/storage.js';
export { type BotFrameworkAuth, createTeamsBot, type TeamsBot } from './hosts/teams-ai/app.js';
export { type RunningBot, type StartBotOptions, startBot } from './server.js';
