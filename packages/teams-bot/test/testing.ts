// `@musique/teams-bot/testing`: the Bot Framework channel the bot's tests and the end-to-end suite post through.
export { ChannelService } from './channel-service.js';
