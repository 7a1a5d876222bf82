/**
 * The teams-ai host: the only module that knows teams-ai v1 over botbuilder (Node 20 and up). It turns
 * activities into calls on the domain's `MusiqueBot` and the bot's messages back into activities; the Teams SDK
 * host (../teams-sdk) does the same on `@microsoft/teams.apps`.
 */
import { AdaptiveCardActionExecuteResponseType, Application, TeamsAdapter } from '@microsoft/teams-ai';
import {
  type Activity,
  type ConversationReference,
  type Request,
  type Response,
  TurnContext,
} from 'botbuilder';
import type { MusiqueBot } from '../../domain/bot.js';
import { addsTheBot, cardActionOf, incomingMessageOf } from '../../domain/conversation/activity.js';
import type { Conversation, OutgoingMessage } from '../../domain/conversation/conversation.js';
import type { BotStorage } from '../../domain/conversation/storage.js';
import { messageActivity, referenceKey, TURN_FAILED } from '../activities.js';

/** The Bot Framework's usual settings; with no `appId` the bot accepts unauthenticated requests (local testing). */
export interface BotFrameworkAuth {
  appId?: string;
  appPassword?: string;
  /** `MultiTenant`, `SingleTenant` or `UserAssignedMSI`. */
  appType?: string;
  tenantId?: string;
}

export interface TeamsBotOptions {
  bot: MusiqueBot;
  storage: BotStorage;
  auth?: BotFrameworkAuth;
  log?: (message: string, error?: unknown) => void;
}

export interface TeamsBot {
  /** Express (or any `req.body`-parsing server) handler for `POST /api/messages`. */
  handle(req: Request, res: Response): Promise<void>;
  /** Runs one turn; what a test adapter calls. */
  run(context: TurnContext): Promise<void>;
}

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { bot, storage, auth = {}, log } = options;
  const adapter = new TeamsAdapter({
    MicrosoftAppId: auth.appId ?? '',
    MicrosoftAppPassword: auth.appPassword ?? '',
    MicrosoftAppType: auth.appType ?? (auth.appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: auth.tenantId ?? '',
  });
  const app = new Application({
    adapter,
    ...(auth.appId ? { botAppId: auth.appId } : {}),
    removeRecipientMention: true,
    // Replies come within seconds or move to the background; a typing timer would race the proactive posts.
    startTypingTimer: false,
    longRunningMessages: false,
    adaptiveCards: {
      actionExecuteResponseType: AdaptiveCardActionExecuteResponseType.REPLACE_FOR_INTERACTOR,
    },
  });

  /** Replies go through the turn; posts through a stored reference, on the adapter that delivered the turn. */
  const conversationOf = async (context: TurnContext): Promise<Conversation> => {
    const reference = TurnContext.getConversationReference(context.activity);
    const key = context.activity.conversation.id;
    await storage.set(referenceKey(key), reference);
    const turnAdapter = context.adapter;
    return {
      key,
      reply: async (message) => {
        await context.sendActivity(toActivity(message));
      },
      post: async (message) => {
        const stored = (await storage.get<Partial<ConversationReference>>(referenceKey(key))) ?? reference;
        await turnAdapter.continueConversationAsync(auth.appId ?? '', stored, async (proactive) => {
          await proactive.sendActivity(toActivity(message));
        });
      },
    };
  };

  // Most specific first: card buttons (every verb: the domain answers one it does not know), then the welcome,
  // then every message.
  app.adaptiveCards.actionExecute<Record<string, unknown>>(/.*/, async (context) =>
    bot.handleCardAction(cardActionOf(context.activity), await conversationOf(context)),
  );

  app.conversationUpdate('membersAdded', async (context) => {
    if (addsTheBot(context.activity)) await context.sendActivity(toActivity(bot.welcome()));
  });

  app.activity('message', async (context) => {
    await bot.handleMessage(incomingMessageOf(context.activity), await conversationOf(context));
  });

  app.error(async (context, error) => {
    log?.('turn failed', error);
    await context.sendActivity(TURN_FAILED);
  });

  return {
    handle: (req, res) => adapter.process(req, res, (context) => app.run(context).then(() => undefined)),
    run: (context) => app.run(context).then(() => undefined),
  };
}

const toActivity = (message: OutgoingMessage) => messageActivity(message) as Partial<Activity>;
