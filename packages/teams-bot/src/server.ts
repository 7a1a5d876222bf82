import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { assembleDomain, type BotOptions } from './bot-setup.js';
import type { MusiqueBot } from './domain/bot.js';
import { type BotHost, chooseHost } from './hosts/choice.js';
import { createTeamsBot } from './hosts/teams-ai/app.js';

export interface StartBotOptions extends BotOptions {
  /** 3978 by default (the Bot Framework's usual port); 0 picks a free one. */
  port?: number;
  /** Every interface by default. */
  host?: string;
  /**
   * The SDK the bot runs on: teams-ai unless asked (an embedder's process may not load the Teams SDK, e.g. under
   * jest); `optionsFromEnv`, and so `node dist/main.js`, picks the Teams SDK where Node is 22.12+.
   */
  botHost?: BotHost;
}

export interface RunningBot {
  /** The messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  url: string;
  port: number;
  bot: MusiqueBot;
  botHost: BotHost;
  /** Stops taking requests, lets background sends finish, then closes. */
  stop(): Promise<void>;
}

/** Starts the bot behind Express on `/api/messages`, on the host asked for (teams-ai by default). */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  // A host this Node cannot run is refused here too, with the reason.
  const botHost = options.botHost ? chooseHost(options.botHost) : 'teams-ai';
  const { bot, storage, log } = assembleDomain(options);
  const auth = options.auth ? { auth: options.auth } : {};
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send(`Musique Teams bot (${botHost}): POST Bot Framework activities to /api/messages\n`);
  });
  if (botHost === 'teams-sdk') {
    // Loaded only here: the Teams SDK needs Node 22.12+, and teams-ai must still start on Node 20.
    const { createTeamsSdkBot } = await import('./hosts/teams-sdk/app.js');
    await createTeamsSdkBot({ bot, storage, express: app, log, ...auth });
  } else {
    const teams = createTeamsBot({ bot, storage, log, ...auth });
    app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
      await teams.handle(req as never, res as never);
    });
  }

  // Whatever escaped the adapter: logged by message, answered without details.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    (options.log ?? console.error)('request failed', error instanceof Error ? error.message : error);
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 3978, options.host ?? '0.0.0.0', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = !options.host || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}/api/messages`,
    port,
    bot,
    botHost,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await bot.idle();
      await closed;
    },
  };
}
