// Property-based fuzzing of every operation in the OpenAPI document, over real HTTP to a real sandbox: valid
// requests derived from the document, and the same requests mutated the way a hostile client would.
// `pnpm test` runs a fixed seed and few runs; `pnpm fuzz` a random seed and many (FUZZ_SEED, FUZZ_RUNS).
import fc from 'fast-check';
import type { Sandbox } from '../src/index.js';
import { send } from './fuzz-http.js';
import { contract, type Known, operations, requestFor } from './fuzz-requests.js';
import { apiClient, type Body, startTestSandbox } from './helpers.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 12);

jest.setTimeout(Math.max(120_000, runs * 1000));
let sb: Sandbox;
let known: Known;

beforeAll(async () => {
  sb = await startTestSandbox({
    seed: 'demo',
    rateLimits: { perMinute: 1_000_000, perHour: 1_000_000, perDay: 1_000_000 },
  });
  const api = apiClient(sb.baseUrl, sb.apiKey);
  known = {
    audioIds: (await api.get('/audio?limit=100')).body.data.map((audio: Body) => audio.audioId),
    externalIds: (await api.get('/sandbox/locations')).body.data.map((location: Body) => location.externalId),
    webhookIds: [],
    companyToken: sb.companyToken,
  };
});
afterAll(() => sb.stop());

/**
 * What a refused write must leave as it was: the library, the webhooks, and the sends each player has (playback
 * moves them from queue to history as time passes, so the sends are compared, not where they stand).
 */
async function observable() {
  const api = apiClient(sb.baseUrl, sb.apiKey);
  const players = await Promise.all(known.externalIds.map((id) => sb.player(id)));
  const sends = players.flatMap((player) =>
    [...player.queue, ...player.history, ...(player.nowPlaying ? [player.nowPlaying] : [])].map(
      (item) => `${player.externalId}:${item.sendId}`,
    ),
  );
  return {
    library: (await api.get('/audio?limit=100')).body,
    webhooks: (await api.get('/webhooks')).body,
    sends: new Set(sends),
  };
}

const all = operations();

test(`every operation holds under ${runs} valid and hostile requests (seed ${seed ?? 'random'})`, async () => {
  expect(all.length).toBeGreaterThan(20);
  const byId = new Map(contract.operations.map((operation) => [operation.documentedId, operation]));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...all).chain((operation) => requestFor(operation, known)),
      async (request) => {
        // DELETE /auth revokes the key it is sent with: give it its own.
        const apiKey = request.operation.endsWith('evokeToken') ? await sb.createApiKey() : sb.apiKey;
        const before = request.method !== 'GET' ? await observable() : null;
        const answer = await send(sb, apiKey, request);
        if (answer.status === 0) return; // the server closed early on an oversized request; nothing to check
        expect(answer.status).toBeLessThan(500);
        expect(answer.requestId).toMatch(/^req_/);
        const drift = byId.get(request.operation)!.responseDrift(answer.status, answer.body);
        expect(drift).toBeNull();
        if (answer.status >= 400) expect(answer.body.error.requestId).toBe(answer.requestId);
        if (before && answer.status >= 400) {
          const after = await observable();
          expect(after.library).toEqual(before.library);
          expect(after.webhooks).toEqual(before.webhooks);
          expect([...after.sends].filter((send) => !before.sends.has(send))).toEqual([]);
        }
      },
    ),
    { seed, numRuns: runs },
  );
});
