/**
 * The Teams SDK host: the only module that knows `@microsoft/teams.apps` (Node 22.12 and up). Like the
 * teams-ai host it turns activities into calls on the domain's `MusiqueBot` and the bot's messages back into
 * activities; the SDK brings its own HTTP route, token checks and activity sender.
 */
import type { ConversationReference } from '@microsoft/teams.api';
import { App, ExpressAdapter, type IActivityContext } from '@microsoft/teams.apps';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { Application } from 'express';
import type { MusiqueBot } from '../../domain/bot.js';
import { addsTheBot, cardActionOf, incomingMessageOf } from '../../domain/conversation/activity.js';
import type { Conversation } from '../../domain/conversation/conversation.js';
import type { BotStorage } from '../../domain/conversation/storage.js';
import { messageActivity, referenceKey, TURN_FAILED } from '../activities.js';
import type { BotFrameworkAuth } from '../teams-ai/app.js';

export interface TeamsSdkBotOptions {
  bot: MusiqueBot;
  storage: BotStorage;
  /** The Express app the SDK adds its `POST /api/messages` route to. */
  express: Application;
  auth?: BotFrameworkAuth;
  log?: (message: string, error?: unknown) => void;
}

/** Builds the Teams SDK app on `express` and registers its messaging route. */
export async function createTeamsSdkBot(options: TeamsSdkBotOptions): Promise<App> {
  const { bot, storage, auth = {}, log } = options;
  const app = new App({
    ...(auth.appId
      ? {
          clientId: auth.appId,
          ...(auth.appPassword ? { clientSecret: auth.appPassword } : {}),
          // A user-assigned managed identity authenticates with no secret.
          ...(auth.appType === 'UserAssignedMSI' ? { managedIdentityClientId: auth.appId } : {}),
          ...(auth.tenantId ? { tenantId: auth.tenantId } : {}),
        }
      : { dangerouslyAllowUnauthenticatedRequests: true }),
    httpServerAdapter: new ExpressAdapter(options.express),
    messagingEndpoint: '/api/messages',
    activity: { mentions: { stripText: true } },
    logger: quietLogger(log),
    telemetry: { agent365: false },
  });

  /** Replies go to the turn's conversation; posts through the stored reference, by the SDK's activity sender. */
  const conversationOf = async (context: IActivityContext): Promise<Conversation> => {
    const key = context.activity.conversation.id;
    await storage.set(referenceKey(key), context.ref);
    return {
      key,
      reply: async (message) => {
        await context.send(messageActivity(message));
      },
      post: async (message) => {
        const stored = (await storage.get<ConversationReference>(referenceKey(key))) ?? context.ref;
        await context.send(messageActivity(message), stored);
      },
    };
  };

  app.on('card.action', async (context) => {
    // Every verb goes to the domain: one it does not know (an older card's) is answered in words.
    const answer = await bot.handleCardAction(cardActionOf(context.activity), await conversationOf(context));
    // The returned card replaces the clicked one for whoever clicked it.
    return typeof answer === 'string'
      ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer }
      : { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer as IAdaptiveCard };
  });

  app.on('conversationUpdate', async (context) => {
    if (addsTheBot(context.activity)) await context.send(messageActivity(bot.welcome()));
  });

  app.on('message', async (context) => {
    await bot.handleMessage(incomingMessageOf(context.activity), await conversationOf(context));
  });

  app.event('error', async ({ error, activity }) => {
    log?.('turn failed', error);
    if (activity?.type === 'message')
      await app
        .send(activity.conversation.id, { type: 'message', text: TURN_FAILED })
        .catch((sendError) => log?.('could not report a failed turn', sendError));
  });

  await app.initialize();
  return app;
}

/** The SDK logs through this; only its errors reach the bot's log (by message, as the rest of the bot). */
function quietLogger(log: TeamsSdkBotOptions['log']) {
  const logger = {
    error: (...messages: unknown[]) => log?.(`Teams SDK: ${messages.map(String).join(' ')}`),
    warn: () => {},
    info: () => {},
    debug: () => {},
    trace: () => {},
    log: () => {},
    child: () => logger,
  };
  return logger;
}
