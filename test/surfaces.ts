/** The bot and the MCP server as the end-to-end suites drive them: over HTTP and through the MCP Inspector. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningBot, startBot } from '@musique/teams-bot';
import { ChannelService } from '@musique/teams-bot/testing';

/** The bot on a free port with a channel service for its replies; `say` posts a message and returns the replies. */
export async function startBotConversation(apiKey: string, baseUrl: string, conversation: string) {
  const channel = new ChannelService();
  await channel.start();
  const bot: RunningBot = await startBot({ port: 0, host: '127.0.0.1', apiKey, baseUrl, log: () => {} });
  let sent = 0;
  return {
    async say(text: string): Promise<string> {
      const response = await fetch(bot.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `${conversation}-${++sent}`,
          text,
          channelId: 'emulator',
          serviceUrl: channel.url,
          from: { id: 'user-1', name: 'Store Ops' },
          recipient: { id: 'bot', name: 'Musique' },
          conversation: { id: conversation },
        }),
      });
      if (response.status >= 300) throw new Error(`The bot answered HTTP ${response.status}.`);
      await bot.bot.idle();
      return channel
        .take()
        .map((activity) => JSON.stringify(activity))
        .join('\n');
    },
    async stop() {
      await bot.stop();
      await channel.stop();
    },
  };
}

const inspector = require.resolve('@modelcontextprotocol/inspector-cli/build/cli.js');
const mcpServer = join(__dirname, '../packages/mcp/dist/bin.js');

/** The MCP Inspector's CLI mode, an outside client, driving the built musique-mcp over stdio. */
export async function inspectMcp(apiKey: string, baseUrl: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, [
    inspector,
    '--cli',
    '-e',
    `MUSIQUE_API_KEY=${apiKey}`,
    '-e',
    `MUSIQUE_BASE_URL=${baseUrl}`,
    process.execPath,
    mcpServer,
    ...args,
  ]);
  return JSON.parse(stdout) as Record<string, unknown>;
}
