import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { assembleBot, type BotOptions } from './bot-setup.js';
import type { MusiqueBot } from './domain/bot.js';

export interface StartBotOptions extends BotOptions {
  /** 3978 by default (the Bot Framework's usual port); 0 picks a free one. */
  port?: number;
  /** Every interface by default. */
  host?: string;
}

export interface RunningBot {
  /** The messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  url: string;
  port: number;
  bot: MusiqueBot;
  /** Stops taking requests, lets background sends finish, then closes. */
  stop(): Promise<void>;
}

/** Starts the bot behind Express on `/api/messages`. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { bot, teams } = assembleBot(options);
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.type('text/plain').send('Musique Teams bot: POST Bot Framework activities to /api/messages\n');
  });
  app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    await teams.handle(req as never, res as never);
  });

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
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await bot.idle();
      await closed;
    },
  };
}
