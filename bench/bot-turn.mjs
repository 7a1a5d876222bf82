// Bot turn: from "send promo to store N" posted to the Teams bot's /api/messages to store N's player holding
// the promo, seen on the sandbox's live players feed (the store wall's). Baseline in the same run: the same
// send made directly with the core client, timed to the same moment on the same feed.
import http from 'node:http';
import {
  builtEntry,
  coreNodeModule,
  importBuilt,
  isMain,
  median,
  percentile,
  printTable,
  round,
  startUnlimitedSandbox,
  writeResult,
} from './lib.mjs';

const turns = Number(process.env.BENCH_BOT_TURNS ?? 10);
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

export async function run() {
  if (!builtEntry('teams-bot', 'dist/index.js')) {
    console.log('skipped: @musique/teams-bot not built');
    await writeResult('bot-turn', { skipped: '@musique/teams-bot not built' });
    return { skipped: true };
  }
  const { startBot } = await importBuilt('teams-bot');
  const { createNodeClient } = await coreNodeModule();
  const sb = await startUnlimitedSandbox();
  const channel = await startChannel();
  const bot = await startBot({
    port: 0,
    host: '127.0.0.1',
    apiKey: sb.apiKey,
    baseUrl: sb.baseUrl,
    log: () => {},
  });
  const feed = await openFeed(sb.baseUrl, sb.apiKey);
  const client = createNodeClient({ apiKey: sb.apiKey, baseUrl: sb.baseUrl });
  const promo = (await client.audio.findByName('Summer Sale'))[0];
  const samples = { bot: [], botReply: [], direct: [] };
  try {
    for (let i = 0; i < turns + 1; i++) {
      // Stores 1-11 for the bot, 21-31 for the direct sends; the first turn of each warms up.
      const botStore = 1 + i;
      const directStore = 21 + i;

      const arrived = feed.arrival(storeId(botStore), promo.name);
      const replied = channel.nextReply();
      const started = performance.now();
      const response = await fetch(bot.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `bench-${i}`,
          timestamp: new Date().toISOString(),
          channelId: 'emulator',
          serviceUrl: channel.url,
          from: { id: 'bench-user', name: 'Bench' },
          recipient: { id: 'musique-bot', name: 'Musique' },
          conversation: { id: `bench-conversation-${i}` },
          text: `send promo to store ${botStore}`,
        }),
      });
      if (response.status !== 200) throw new Error(`the bot answered ${response.status}`);
      const [held, reply] = await Promise.all([arrived, replied]);

      const directArrived = feed.arrival(storeId(directStore), promo.name);
      const directStarted = performance.now();
      await client.audio.send(promo.audioId, { externalIds: [storeId(directStore)] });
      const directHeld = await directArrived;
      if (i === 0) continue;
      samples.bot.push(held - started);
      samples.botReply.push(reply - started);
      samples.direct.push(directHeld - directStarted);
    }
  } finally {
    await bot.stop();
    await channel.close();
    await sb.stop();
  }

  const rows = [
    row('bot: message posted -> player holds it', samples.bot),
    row('bot: message posted -> reply in the channel', samples.botReply),
    row('core client: send -> player holds it (baseline)', samples.direct),
  ];
  const ratio = round(median(samples.bot) / median(samples.direct));
  printTable(`Bot turn, "send promo to store N", ${turns} turns (ms)`, rows);
  console.log({ ratios: { botTurnVsDirectSend: ratio } });
  await writeResult('bot-turn', {
    what: 'Time from "send promo to store N" posted to /api/messages (no Bot Framework credentials, as the Emulator posts) to the sandbox\'s live players feed showing the promo at store N',
    method:
      'Bot and sandbox run in this process; the bot replies to a local channel service. The baseline is client.audio.send to another store, timed to the same feed event. One warm-up turn each is dropped.',
    rows,
    ratios: { botTurnVsDirectSend: ratio },
  });
  return { rows, ratio };
}

const row = (measure, values) => ({
  measure,
  p50: round(median(values), 1),
  p90: round(percentile(values, 90), 1),
  max: round(Math.max(...values), 1),
});

if (isMain(import.meta.url)) await run();
