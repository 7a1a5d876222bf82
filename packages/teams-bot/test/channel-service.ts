import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { fixture } from './helpers.js';

/**
 * Plays the Bot Framework's part the way the Emulator does: activities are posted to the bot's
 * /api/messages with a serviceUrl pointing here, and the bot's replies arrive here.
 */
export class ChannelService {
  readonly received: { method: string; path: string; activity: Partial<Activity> }[] = [];
  private server!: Server;
  private nextId = 1;
  url = '';

  /** An activity as Teams posts it to the bot: a personal chat whose replies come back here. */
  activity(fields: Partial<Activity>): Partial<Activity> {
    return {
      id: `activity-${this.nextId++}`,
      timestamp: new Date(),
      channelId: 'msteams',
      serviceUrl: this.url,
      from: { id: '29:user-1', name: 'Store Ops' },
      recipient: { id: '28:musique-bot', name: 'Musique' },
      conversation: { id: 'a:personal-1', conversationType: 'personal', isGroup: false, name: '' },
      locale: 'en-GB',
      localTimezone: 'Europe/London',
      ...fields,
    } as Partial<Activity>;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/files/')) {
        res
          .writeHead(200, { 'content-type': 'application/octet-stream' })
          .end(fixture(req.url.slice('/files/'.length)));
        return;
      }
      const activity = JSON.parse((await readBody(req)) || '{}') as Partial<Activity>;
      this.received.push({ method: req.method!, path: req.url!, activity });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `reply-${this.received.length}` }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The replies so far, removed from the list. Typing indicators are left out: teams-ai 1.7.4 starts its typing
   * timer whatever `startTypingTimer` says, so a turn slower than a second (a loaded machine) adds one.
   */
  take(): Partial<Activity>[] {
    return this.received
      .splice(0)
      .map((entry) => entry.activity)
      .filter((activity) => activity.type !== 'typing');
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}
