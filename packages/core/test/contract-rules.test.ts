// The send's bounds and the upload limit come from the contract, read once; a date outside 0001-9999 is refused
// with the same words by the send and by the time reader.
import {
  contractLimits,
  MAX_UPLOAD_BYTES,
  MusiqueClient,
  planSend,
  readTimeInZone,
  resolveStoreTargets,
  type Transport,
} from '../src/node.js';

const noRequest: Transport = async (request) => {
  throw new Error(`No request expected: ${request.url}`);
};
const client = new MusiqueClient({ apiKey: 'msk_test_1234567890abcdef', transport: noRequest });
/** The plan reads a send's settings before it asks the API anything: a refusal here made no request. */
async function refusal(options: Record<string, unknown>) {
  const planning = await planSend(client, { audio: 'aud_x', stores: 'store_001', ...options });
  if (planning.ok) throw new Error('planned, not refused');
  return planning.refusal;
}

test("the send's bounds are the contract's", async () => {
  const { repeat, volume, externalIds } = contractLimits.sendAudio;
  await expect(refusal({ volume: volume.maximum + 1 })).resolves.toMatchObject({
    code: 'out_of_range',
    message: `Volume (%) must be from ${volume.minimum} to ${volume.maximum}; got ${volume.maximum + 1}.`,
  });
  await expect(refusal({ repeat: repeat.minimum - 1 })).resolves.toMatchObject({ param: 'repeat' });
  const tooMany = Array.from({ length: externalIds.maxItems + 1 }, (_, n) => `store_${n}`);
  const stores = await resolveStoreTargets(tooMany);
  expect(stores.ok ? '' : stores.refusal.message).toMatch(/at most 1,000 stores; this one names 1001/);
});

test('year 0000 is refused with the same words by a send and by the time reader', async () => {
  const words = /"0000-01-01T00:00:00Z" is outside the years 0001 to 9999; give a real date/;
  await expect(refusal({ at: '0000-01-01T00:00:00Z' })).resolves.toMatchObject({
    message: expect.stringMatching(words),
  });
  expect(() => readTimeInZone('0000-01-01T00:00:00Z')).toThrow(words);
});

test('the 10 MB upload limit is machine-readable, generated from the contract', () => {
  expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
});
