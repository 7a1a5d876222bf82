// Every call of the client, against a sandbox: `pnpm build`, `pnpm --filter @musique/sandbox start`, then
// MUSIQUE_API_KEY=<the printed key> MUSIQUE_COMPANY_TOKEN=<the printed token> node packages/core/examples/tour.mjs
import {
  executeSendPlan,
  fileFromPath,
  MusiqueClient,
  parseApiKey,
  planSend,
  RateLimitError,
} from '@musique/core';

const baseUrl = process.env.MUSIQUE_BASE_URL ?? 'http://127.0.0.1:4010/api/v1/integration';
const apiKey = process.env.MUSIQUE_API_KEY;
console.log('key', parseApiKey(apiKey)); // { companyPrefix, environment, hash, isProduction }

const client = new MusiqueClient({
  apiKey,
  baseUrl,
  retry: { maxAttempts: 4, maxElapsedMs: 30_000 },
  onRetry: ({ delayMs, error }) => console.log(`retrying in ${delayMs} ms after ${error.code}`),
  onRateLimit: (state) => console.log(`${state.remaining}/${state.limit} requests left`),
});

// System and tokens
console.log(await client.system.health());
console.log(await client.system.info());
console.log(await client.system.limits());
console.log(await client.tokens.test());

// Audio
const fixture = new URL('../../../shared/fixtures/promo-summer-sale.mp3', import.meta.url).pathname;
const uploaded = await client.audio.upload({
  file: await fileFromPath(fixture),
  name: 'Tour promo',
  category: 'promotion',
});
console.log(await client.audio.get(uploaded.audioId));
console.log((await client.audio.list({ limit: 5, category: 'promotion' })).data.map((a) => a.name));
for await (const audio of client.audio.iterate({ name: 'promo' })) console.log('-', audio.name);
console.log('newest promo', (await client.audio.latest({ category: 'promotion' }))?.name);
console.log('by name', (await client.audio.matchName('tour promo')).audio?.audioId);
// A send as a person says it: the plan resolves the name, the stores and the time, or says why not.
const planning = await planSend(
  client,
  { audio: 'Tour Promo', stores: '12, 42', priority: 'high', repeat: 2, volume: 80 },
  { timeZone: 'Europe/Paris' },
);
if (!planning.ok) throw new Error(planning.refusal.message);
console.log(planning.plan.confirm?.question); // Play "Tour Promo" on store_012 and store_042 now?
// The same retry identity again replays the first answer: a promo never plays twice.
const retry = { platform: 'tour', identity: uploaded.audioId };
const send = await executeSendPlan(client, planning.plan, { retry });
console.log(send.status, send.destinations);
console.log(await client.sandbox.player('store_042'));
const later = await planSend(client, { audio: uploaded.audioId, stores: '1', at: 'tomorrow 9:00' });
if (later.ok) console.log((await executeSendPlan(client, later.plan)).scheduleAt, later.plan.when);
console.log((await client.system.logs({ method: 'POST', limit: 3 })).data);

// Webhooks (sandbox)
const hook = await client.webhooks.create({ url: 'http://127.0.0.1:9/hook', events: ['audio.created'] });
console.log((await client.webhooks.list()).data.length, 'webhook(s)');
await client.webhooks.delete(hook.webhookId);

// A fresh key from the company token, tested, then revoked
if (process.env.MUSIQUE_COMPANY_TOKEN) {
  const { token } = await new MusiqueClient({ baseUrl }).tokens.generate({
    externalId: 'store_001',
    companyToken: process.env.MUSIQUE_COMPANY_TOKEN,
    permissions: ['audio.read'],
  });
  const readOnly = new MusiqueClient({ apiKey: token, baseUrl });
  console.log(await readOnly.tokens.test());
  console.log(await readOnly.tokens.revoke());
}

try {
  await client.audio.delete(uploaded.audioId); // refused: a send is still scheduled
} catch (error) {
  console.log(error.name, error.code, error.message);
  if (error instanceof RateLimitError) console.log('wait', error.retryAfter, 's');
}
