import type { BotContext, MusiqueBotOptions } from './bot-context.js';
import type { AdaptiveCard } from './cards/adaptive-card.js';
import { cancelCommand } from './commands/cancel.js';
import { HELP_TEXT } from './commands/chat-surface.js';
import { listCommand } from './commands/list.js';
import { type Command, parseCommand } from './commands/parse.js';
import { statusCommand } from './commands/status.js';
import { uploadCommand } from './commands/upload.js';
import { Background, settlesWithin } from './conversation/background.js';
import type {
  CardAction,
  Conversation,
  IncomingMessage,
  OutgoingMessage,
} from './conversation/conversation.js';
import { Relay } from './conversation/relay.js';
import { explainError } from './errors.js';
import { answerCardAction } from './send/card-actions.js';
import { sendCommand } from './send/send-command.js';

export type { MusiqueBotOptions };

/** What the user typed, quoted back no longer than a line. */
const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * The Teams bot's behaviour with no Teams types: commands in, messages and cards out. The SDK adapter
 * (src/hosts) turns activities into these calls; each command lives in its own module.
 */
export class MusiqueBot {
  private readonly background = new Background();
  private readonly context: BotContext;
  private readonly messageDeadlineMs: number;

  constructor(private readonly options: MusiqueBotOptions) {
    this.messageDeadlineMs = options.messageDeadlineMs ?? 10_000;
    this.context = {
      client: options.client,
      stores: options.stores,
      ...(options.groups ? { groups: options.groups } : {}),
      storage: options.storage,
      confirmations: options.confirmations,
      now: options.now ?? (() => new Date()),
      invokeDeadlineMs: options.invokeDeadlineMs ?? 4_000,
      background: this.background,
      log: (message, error) => options.log?.(message, error),
    };
  }

  welcome(): OutgoingMessage {
    return { text: HELP_TEXT };
  }

  /** Waits for background work (sends and uploads that outlived their turn). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  async handleMessage(message: IncomingMessage, conversation: Conversation): Promise<void> {
    let command = parseCommand(message.text);
    // A file with no words (or words that are not a command) is an upload under the file's own name.
    if (message.files.length && (command.kind === 'help' || command.kind === 'unknown'))
      command = { kind: 'upload' };
    const chat = new Relay(conversation);
    const running = this.options.waits
      .run(
        (ms) =>
          void chat.noteWait(ms).catch((error) => this.context.log('could not say we are waiting', error)),
        () => this.run(command, message, conversation.key, chat),
      )
      .catch((error) => this.report(chat, error));
    if (await settlesWithin(running, this.messageDeadlineMs)) return;
    await chat.say({
      text: 'This is taking longer than usual (the Musique API is busy); I will post the result here.',
    });
    chat.close();
    this.background.add(running);
  }

  /** Answers a card button; the returned card replaces the clicked one. */
  handleCardAction(action: CardAction, conversation: Conversation): Promise<AdaptiveCard | string> {
    return answerCardAction(this.context, action, conversation);
  }

  private async run(
    command: Command,
    message: IncomingMessage,
    conversationKey: string,
    chat: Relay,
  ): Promise<void> {
    const bot = this.context;
    switch (command.kind) {
      case 'help':
        return chat.say({ text: HELP_TEXT });
      case 'unknown':
        return chat.say({ text: `I did not understand "${shorten(command.text)}".\n\n${HELP_TEXT}` });
      case 'unclear':
        return chat.say({ text: command.problem });
      case 'status':
        return chat.say({ text: await statusCommand(bot, conversationKey) });
      case 'cancel':
        return chat.say({ text: await cancelCommand(bot, conversationKey) });
      case 'list':
        return listCommand(bot, command.category, chat);
      case 'upload':
        return uploadCommand(bot, message, command.name, conversationKey, chat);
      case 'send':
        return sendCommand(bot, command.intent, message, conversationKey, chat);
    }
  }

  private async report(chat: Relay, error: unknown): Promise<void> {
    this.context.log('command failed', error);
    await chat
      .say({ text: explainError(error) })
      .catch((sayError) => this.context.log('could not report an error', sayError));
  }
}
