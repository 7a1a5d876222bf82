// Bot turn: from "send promo to store N" posted to the Teams bot's /api/messages to store N's player holding
// the promo, seen on the sandbox's live players feed (the store wall's), on each host (teams-ai, Teams SDK).
// Baseline in the same run: the same send made directly with the core client, timed to the same moment on the
// same feed. Each host's bot runs in its own process (dist/main.js), the Teams SDK's on Node 22.12+ (this Node,
// or Node 24 as the platform gates provision it).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { provisionNode } from '../scripts/platforms/node-runtime.mjs';
import {
  builtFile,
  coreNodeModule,
  importBuilt,
  isMain,
  knob,
  median,
  printTable,
  round,
  startUnlimitedSandbox,
  timingRow,
  within,
  writeResult,
} from './lib.mjs';

const turns = knob('BENCH_BOT_TURNS', 10, 1);
const storeId = (n) => `store_${String(n).padStart(3, '0')}`;

/** Resolves when a store's tile on the live feed first shows the audio (playing or queued). */
async function openFeed(baseUrl, apiKey) {
  const response = await fetch(`${baseUrl}/sandbox/players/stream`, { headers: { 'x-api-key': apiKey } });
  const waiting = new Map();
  let ready;
  const snapshot = new Promise((resolve) => {
    ready = resolve;
  });
  (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data:'));
          if (!data) continue;
          const event = JSON.parse(data.slice(5));
          if (event.stores) ready();
          for (const store of event.stores ?? [event.store]) {
            const names = [store.nowPlaying, ...store.queue].filter(Boolean).map((item) => item.name);
            const wait = waiting.get(store.externalId);
            if (wait && names.includes(wait.name)) {
              waiting.delete(store.externalId);
              wait.resolve(performance.now());
            }
          }
        }
      }
    } catch {
      // The sandbox stopped mid-read.
    }
  })();
  await snapshot;
  // No close: stopping the sandbox ends the stream (an aborted fetch would leave undici a spare connection
  // holding the server's close for seconds).
  return {
    arrival: (externalId, name) => new Promise((resolve) => waiting.set(externalId, { name, resolve })),
  };
}

/** Plays the Bot Framework channel (as the Emulator does): it receives the bot's replies. */
async function startChannel() {
  let onReply = () => {};
  const server = http.createServer(async (request, response) => {
    for await (const _ of request);
    onReply(performance.now());
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"reply"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    nextReply: () => new Promise((resolve) => (onReply = resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The bot's own entry on a host, in a child process; resolves with its messaging URL once it listens. */
async function startBotProcess(botHost, sb) {
  const { supportsTeamsSdk } = await importBuilt('teams-bot');
  const canRun = botHost === 'teams-ai' || supportsTeamsSdk();
  const node = canRun ? process.execPath : (await provisionNode(24)).bin;
  const child = spawn(node, [builtFile('teams-bot', 'dist/main.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      MUSIQUE_BOT_HOST: botHost,
      MUSIQUE_API_KEY: sb.apiKey,
      MUSIQUE_BASE_URL: sb.baseUrl,
      MicrosoftAppId: '',
    },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (data) => {
        output += data;
        const listening = /listening on (http:\/\/\S+)/.exec(output);
        if (listening) resolve(listening[1]);
      });
    child.on('exit', (code) => reject(new Error(`the ${botHost} bot exited ${code}:\n${output}`)));
  });
  const stop = () =>
    child.exitCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill();
        });
  return { url, stop, output: () => output };
}

/** How long one turn may take before the benchmark gives up on it (a hang detector, not a target). */
const turnLimitMs = 60_000;

/** `turns` + 1 messages to one host (the first warms up), each to its own store from `firstStore`. */
async function botTurns(bot, channel, feed, promo, firstStore) {
  const held = [];
  const replied = [];
  for (let i = 0; i < turns + 1; i++) {
    const store = firstStore + i;
    const arrived = feed.arrival(storeId(store), promo.name);
    const reply = channel.nextReply();
    const started = performance.now();
    const response = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `bench-${store}`,
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: channel.url,
        from: { id: 'bench-user', name: 'Bench' },
        recipient: { id: 'musique-bot', name: 'Musique' },
        conversation: { id: `bench-conversation-${store}`, conversationType: 'personal' },
        text: `send promo to store ${store}`,
      }),
    });
    if (response.status !== 200) throw new Error(`the bot answered ${response.status}`);
    const seen = { held: false, replied: false };
    arrived.then(() => (seen.held = true));
    reply.then(() => (seen.replied = true));
    const [heldAt, repliedAt] = await within(
      turnLimitMs,
      Promise.all([arrived, reply]),
      () =>
        `"send promo to store ${store}": ${seen.held ? 'the player held it' : 'no player held it'}, ${seen.replied ? 'the bot replied' : 'no reply reached the channel'}. The bot said:\n${bot.output()}`,
    );
    if (i === 0) continue;
    held.push(heldAt - started);
    replied.push(repliedAt - started);
  }
  return { held, replied };
}

export async function run() {
  const { MusiqueClient } = await coreNodeModule();
  const sb = await startUnlimitedSandbox();
  const channel = await startChannel();
  const feed = await openFeed(sb.baseUrl, sb.apiKey);
  const client = new MusiqueClient({ apiKey: sb.apiKey, baseUrl: sb.baseUrl });
  const promo = (await client.audio.findByName('Summer Sale'))[0];
  const samples = {};
  const direct = [];
  try {
    // Stores 1-11 for teams-ai, 12-22 for the Teams SDK, 30-40 for the direct sends.
    for (const [botHost, firstStore] of [
      ['teams-ai', 1],
      ['teams-sdk', 12],
    ]) {
      const bot = await startBotProcess(botHost, sb);
      try {
        samples[botHost] = await botTurns(bot, channel, feed, promo, firstStore);
      } finally {
        await bot.stop();
      }
    }
    for (let i = 0; i < turns + 1; i++) {
      const store = storeId(30 + i);
      const arrived = feed.arrival(store, promo.name);
      const started = performance.now();
      await client.audio.send(promo.audioId, { externalIds: [store] });
      const heldAt = await within(turnLimitMs, arrived, () => `no player held the direct send to ${store}`);
      if (i > 0) direct.push(heldAt - started);
    }
  } finally {
    await channel.close();
    await sb.stop();
  }

  const rows = [
    ...['teams-ai', 'teams-sdk'].flatMap((host) => [
      timingRow(`bot on ${host}: message posted -> player holds it`, samples[host].held),
      timingRow(`bot on ${host}: message posted -> reply in the channel`, samples[host].replied),
    ]),
    timingRow('core client: send -> player holds it (baseline)', direct),
  ];
  const ratios = {
    teamsAiTurnVsDirectSend: round(median(samples['teams-ai'].held) / median(direct)),
    teamsSdkTurnVsDirectSend: round(median(samples['teams-sdk'].held) / median(direct)),
  };
  printTable(`Bot turn, "send promo to store N", ${turns} turns per host (ms)`, rows);
  console.log({ ratios });
  await writeResult('bot-turn', {
    what: 'Time from "send promo to store N" posted to /api/messages (no Bot Framework credentials, as Agents Playground posts) to the sandbox\'s live players feed showing the promo at store N, on each host',
    method:
      'Each host runs as its own process (packages/teams-bot/dist/main.js with MUSIQUE_BOT_HOST; the Teams SDK on Node 22.12+, Node 24 provisioned when this Node is older) and replies to a local channel service; the sandbox runs in this process. The baseline is client.audio.send to another store, timed to the same feed event. One warm-up turn each is dropped.',
    node: process.versions.node,
    rows,
    ratios,
  });
  return { rows, ratios };
}

if (isMain(import.meta.url)) await run();
