// The send's bounds and the upload limit come from the contract, read once; a date outside 0001-9999 is refused
// with the same words by the send and by the time reader.
import {
  contractLimits,
  MAX_UPLOAD_BYTES,
  MusiqueClient,
  readTimeInZone,
  type Transport,
  ValidationError,
} from '../src/node.js';

const noRequest: Transport = async (request) => {
  throw new Error(`No request expected: ${request.url}`);
};
const client = new MusiqueClient({ apiKey: 'msk_test_1234567890abcdef', transport: noRequest });
const refusal = (options: Record<string, unknown>) =>
  client.audio.send('aud_x', { externalIds: ['store_001'], ...options }).catch((error: unknown) => error);

test("the send's bounds are the contract's", async () => {
  const { repeat, volume, externalIds } = contractLimits.sendAudio;
  await expect(refusal({ volume: volume.maximum + 1 })).resolves.toMatchObject({
    code: 'out_of_range',
    message: `volume must be from ${volume.minimum} to ${volume.maximum}; got ${volume.maximum + 1}.`,
  });
  await expect(refusal({ repeat: repeat.minimum - 1 })).resolves.toMatchObject({ param: 'repeat' });
  const tooMany = Array.from({ length: externalIds.maxItems + 1 }, (_, n) => `store_${n}`);
  const error = await refusal({ externalIds: tooMany });
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).message).toMatch(/at most 1,000 stores; this one names 1001/);
});

test('year 0000 is refused with the same words by a send and by the time reader', async () => {
  const words = /"0000-01-01T00:00:00Z" is outside the years 0001 to 9999; give a real date/;
  await expect(refusal({ scheduleAt: '0000-01-01T00:00:00Z' })).resolves.toMatchObject({
    message: expect.stringMatching(words),
  });
  expect(() => readTimeInZone('0000-01-01T00:00:00Z')).toThrow(words);
});

test('the 10 MB upload limit is machine-readable, generated from the contract', () => {
  expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
});
