export { type AssembledBot, assembleBot, type BotOptions } from './bot-setup.js';
export { optionsFromEnv } from './config.js';
export { MusiqueBot } from './domain/bot.js';
export { type AdaptiveCard, VERBS } from './domain/cards.js';
export { type Command, parseCommand } from './domain/commands.js';
export type {
  CardAction,
  Conversation,
  IncomingFile,
  IncomingMessage,
  OutgoingMessage,
} from './domain/conversation.js';
export type { PendingConfirmation, PlannedSend, SendSummary } from './domain/pending.js';
export type { BotStorage } from './domain/storage.js';
export { type RunningBot, type StartBotOptions, startBot } from './server.js';
export { type BotFrameworkAuth, createTeamsBot, type TeamsBot } from './teams/app.js';
export {
  botStorageOver,
  createStorage,
  FileStorage,
  type StorageKind,
  type StorageSettings,
} from './teams/storage.js';
