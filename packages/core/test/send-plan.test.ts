// The send plan: one meaning for a send, whichever surface it came from. Against a real sandbox over HTTP.
import { type Sandbox, startSandbox } from '@musique/sandbox';
import {
  createStoreDirectory,
  executeSendPlan,
  parseStoreGroups,
  planSend,
  recentSendsInMemory,
  refusalError,
  type SendPlan,
  type SendPlanning,
  ValidationError,
} from '../src/index.js';
import { MusiqueClient } from '../src/node.js';

// Monday 7 December 2026, 10:00 in Paris.
const now = new Date('2026-12-07T09:00:00Z');
const timeZone = 'Europe/Paris';
const groups = parseStoreGroups('paris = store_001-store_010; north = store_011, store_012');

let sandbox: Sandbox;
let client: MusiqueClient;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    memory: true,
    seed: 'demo',
    checkResponses: true,
    clock: () => now,
  });
  client = new MusiqueClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
});
afterAll(() => sandbox.stop());

const context = () => ({ timeZone, now, groups, directory: createStoreDirectory(client) });

function planned(outcome: SendPlanning): SendPlan {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.message}`);
  return outcome.plan;
}
function refusal(outcome: SendPlanning) {
  if (outcome.ok) throw new Error('planned, not refused');
  return outcome.refusal;
}

test('"Summer Sale" to 42 plans one store, now, with no question', async () => {
  const plan = planned(await planSend(client, { audio: 'summer sale', stores: '42' }, context()));
  expect(plan.audio.name).toBe('Summer Sale');
  expect(plan.stores.externalIds).toEqual(['store_042']);
  expect(plan).toMatchObject({ at: null, when: 'now', confirm: null, notes: [] });
});

test('several stores, a range, a group and all ask a person, named as a person would', async () => {
  const two = planned(await planSend(client, { audio: 'Summer Sale', stores: '12, 42' }, context()));
  expect(two.confirm?.question).toBe('Play "Summer Sale" on store_012 and store_042 now?');
  const range = planned(await planSend(client, { audio: 'Summer Sale', stores: '12-14' }, context()));
  expect(range.stores.externalIds).toEqual(['store_012', 'store_013', 'store_014']);
  const group = planned(
    await planSend(client, { audio: 'Summer Sale', stores: 'the Paris stores and 42' }, context()),
  );
  expect(group.stores.externalIds).toHaveLength(11);
  expect(group.stores.described).toBe('Paris (10 stores) and store_042');
  const all = planned(await planSend(client, { audio: 'Summer Sale', stores: 'all' }, context()));
  expect(all.stores).toMatchObject({ everyStore: true, described: 'all 50 stores' });
  expect(all.confirm?.reasons).toEqual(['several-stores']);
});

test('tomorrow 09:00 in Paris is one instant, said in words or in ISO', async () => {
  const spoken = planned(
    await planSend(client, { audio: 'Summer Sale', stores: '42', at: 'tomorrow 9:00' }, context()),
  );
  const iso = planned(
    await planSend(client, { audio: 'Summer Sale', stores: '42', at: '2026-12-08T09:00' }, context()),
  );
  expect(spoken.at).toBe('2026-12-08T08:00:00.000Z');
  expect(iso.at).toBe(spoken.at);
  expect(spoken.when).toBe('Tue, 8 Dec 2026, 09:00 (Europe/Paris)');
  expect(spoken.identity).toBe(iso.identity);
});

test("a time more than five minutes past is refused with both times on the person's clock", async () => {
  const outcome = refusal(
    await planSend(client, { audio: 'Summer Sale', stores: '42', at: '2026-12-06T09:00' }, context()),
  );
  expect(outcome.kind).toBe('time-passed');
  expect(outcome.message).toContain('Sun, 6 Dec 2026, 09:00 (Europe/Paris) has already passed');
  expect(outcome.message).toContain('it is now Mon, 7 Dec 2026, 10:00 (Europe/Paris)');
});

test('a minute ago plays now, and the plan says so', async () => {
  const plan = planned(
    await planSend(client, { audio: 'Summer Sale', stores: '42', at: '2026-12-07T09:59' }, context()),
  );
  expect(plan.at).toBeNull();
  expect(plan.notes[0]).toMatch(/passed a minute ago, within the 5-minute grace, so it plays now/);
});

test('an unknown store, an unknown or ambiguous name and bad settings are refused by kind', async () => {
  expect(
    refusal(await planSend(client, { audio: 'Summer Sale', stores: '12, 999' }, context())),
  ).toMatchObject({
    kind: 'unknown-stores',
    unknown: ['999'],
  });
  expect(refusal(await planSend(client, { audio: 'no such promo', stores: '42' }, context())).kind).toBe(
    'audio-not-found',
  );
  const two = refusal(await planSend(client, { audio: 'a', stores: '42' }, context()));
  expect(two.kind).toBe('audio-ambiguous');
  expect(two.candidates?.length).toBeGreaterThan(1);
  const loud = refusal(
    await planSend(client, { audio: 'Summer Sale', stores: '42', volume: 150 }, context()),
  );
  expect(loud).toMatchObject({ kind: 'invalid', param: 'volume', code: 'out_of_range' });
  const none = refusal(await planSend(client, { audio: 'Summer Sale', stores: '42', repeat: 0 }, context()));
  expect(none).toMatchObject({ kind: 'invalid', param: 'repeat' });
  expect(refusalError(loud)).toBeInstanceOf(ValidationError);
});

test('a plan plays once per retry identity: the same run replays the first send', async () => {
  const plan = planned(await planSend(client, { audio: 'Closing Time', stores: '7' }, context()));
  const retry = { platform: 'test', identity: { run: 'r1' } };
  const first = await executeSendPlan(client, plan, { retry, now });
  const again = await executeSendPlan(client, plan, { retry, now });
  expect(again.sendId).toBe(first.sendId);
  const other = await executeSendPlan(client, plan, { retry: { ...retry, identity: { run: 'r2' } }, now });
  expect(other.sendId).not.toBe(first.sendId);
});

test('on a conversational surface an identical send within ten minutes asks before playing again', async () => {
  const recent = recentSendsInMemory();
  const ask = { ...context(), recent };
  const plan = planned(await planSend(client, { audio: 'Store Announcement', stores: '9' }, ask));
  expect(plan.confirm).toBeNull();
  await executeSendPlan(client, plan, { recent, now });
  const later = new Date(now.getTime() + 3 * 60_000);
  const repeat = planned(
    await planSend(client, { audio: 'Store Announcement', stores: '9' }, { ...ask, now: later }),
  );
  expect(repeat.confirm?.reasons).toEqual(['repeat']);
  expect(repeat.confirm?.question).toMatch(
    /^The same send went 3 minutes ago \(Mon, 7 Dec 2026, 10:00 \(Europe\/Paris\)\)\. Play "Store Announcement" on store_009 now again\?$/,
  );
  const muchLater = new Date(now.getTime() + 11 * 60_000);
  expect(
    planned(await planSend(client, { audio: 'Store Announcement', stores: '9' }, { ...ask, now: muchLater }))
      .confirm,
  ).toBeNull();
});

test('a plan confirmed after its time passed beyond the grace is refused, and nothing plays', async () => {
  const plan = planned(
    await planSend(client, { audio: 'Summer Sale', stores: '3', at: '2026-12-07T10:02' }, context()),
  );
  const late = new Date(now.getTime() + 10 * 60_000);
  await expect(executeSendPlan(client, plan, { now: late })).rejects.toMatchObject({ code: 'time_passed' });
});

test('store groups are read strictly: a malformed part is named, never skipped', () => {
  expect(() => parseStoreGroups('paris store_001')).toThrow(/"paris store_001" is not "name = stores"/);
  expect(() => parseStoreGroups('paris = 1; Paris = 2')).toThrow(/defined twice/);
});
