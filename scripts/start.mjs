// `pnpm start`: the sandbox (kept in .musique/) with its demo company, and the Teams bot wired to it.
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../packages/sandbox/dist/index.js';
import { chooseHost, startBot } from '../packages/teams-bot/dist/index.js';

const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const botPort = Number(process.env.PORT ?? 3978);

const sandbox = await startSandbox({
  port: sandboxPort,
  data: process.env.MUSIQUE_DATA ?? '.musique',
  seed: 'demo',
});
let bot;
try {
  // Pending confirmations and conversation references are kept beside the sandbox's data.
  bot = await startBot({
    // The Teams SDK where this Node runs it (22.12+), else teams-ai; MUSIQUE_BOT_HOST chooses.
    botHost: chooseHost(process.env.MUSIQUE_BOT_HOST),
    port: botPort,
    host: '127.0.0.1',
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    dataDir: `${sandbox.dataDir}/bot`,
  });
} catch (error) {
  await sandbox.stop();
  throw error;
}

const key = sandbox.apiKey;
// What an assistant's MCP settings need to run musique-mcp over stdio against this sandbox.
const mcpServers = {
  musique: {
    command: 'node',
    args: [fileURLToPath(new URL('../packages/mcp/dist/bin.js', import.meta.url))],
    env: { MUSIQUE_API_KEY: key, MUSIQUE_BASE_URL: sandbox.baseUrl },
  },
};
const mcpSnippet = JSON.stringify({ mcpServers }, null, 2).replaceAll('\n', '\n     ');
console.log(`
Musique Connect demo
  Sandbox API   ${sandbox.baseUrl}
  API key       ${key}
  Store wall    ${sandbox.url}/sandbox/wall#key=${key}  (every store's player, live)
  Teams bot     ${bot.url}  (${bot.botHost} host, no app id needed)
  Data          ${sandbox.dataDir}  (kept between starts)

Three things to try:
  1. Upload a promo with curl:
     curl -H "X-API-Key: ${key}" -F file=@shared/fixtures/announcement.mp3 -F name="Weekend Deal" -F category=promotion ${sandbox.baseUrl}/audio
  2. Send it to stores 12 and 42 with the CLI (--yes: a send to several stores asks first without it):
     MUSIQUE_API_KEY=${key} MUSIQUE_BASE_URL=${sandbox.baseUrl} pnpm musique send "Weekend Deal" --to 12,42 --yes
  3. Talk to the bot in Microsoft 365 Agents Playground (Microsoft's local Teams client; npx installs it on
     first use and it opens in your browser):
     npx -y -p @microsoft/m365agentsplayground@0.2.28 agentsplayground -e ${bot.url} -c msteams
     then type: send promo to store 42
  Then see what store 42 is playing:
     curl -H "X-API-Key: ${key}" ${sandbox.baseUrl}/sandbox/locations/store_042/player

Add Musique to an AI assistant (Claude Desktop, VS Code, Cursor): put this in its MCP server settings, then ask
"send the closing-time promo to store 42":
     ${mcpSnippet}

Ctrl-C stops everything.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([bot.stop(), sandbox.stop()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
