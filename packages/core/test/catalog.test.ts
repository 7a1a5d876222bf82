import { createHash } from 'node:crypto';
import {
  canonicalJson,
  deriveIdempotencyKey,
  formatDuration,
  operations,
  type Priority,
  PriorityValues,
  parseInput,
  priorityField,
  readTimeInZone,
  readWallTime,
  repeatField,
  resolveStoreTargets,
  type StoreDirectory,
  ValidationError,
  wallTimeAt,
} from '../src/index.js';

const directory = (ids?: string[]): StoreDirectory => ({ list: async () => ids });
const demoStores = Array.from({ length: 50 }, (_, i) => `store_${String(i + 1).padStart(3, '0')}`);

describe('the catalog follows the contract', () => {
  test('priority choices are the contract enum, each with one explanation, default normal', () => {
    expect(priorityField.choices?.map((choice) => choice.value)).toEqual([...PriorityValues]);
    expect(priorityField.choices?.every((choice) => choice.explanation.length > 10)).toBe(true);
    expect(priorityField.default).toBe('normal');
  });

  test('repeat takes 1 to 10 and refuses 2.5 by name', () => {
    expect(repeatField.range).toEqual({ min: 1, max: 10 });
    expect(repeatField.parse('3')).toBe(3);
    expect(() => repeatField.parse(2.5)).toThrow(/Repeat must be a whole number from 1 to 10; got "2.5"/);
    expect(() => repeatField.parse(11)).toThrow(ValidationError);
  });

  test('every operation has a sample holding each of its result fields', () => {
    for (const operation of Object.values(operations)) {
      for (const field of operation.result) expect(Object.keys(operation.sample)).toContain(field.key);
    }
  });

  test('parseInput reads a send and refuses a misspelt field by name', () => {
    expect(
      parseInput(operations.sendAudio, {
        audio: 'Promo',
        stores: '12 42; 57',
        priority: 'URGENT',
        volume: '',
      }),
    ).toEqual({ audio: 'Promo', stores: ['12', '42', '57'], priority: 'urgent' });
    expect(() => parseInput(operations.sendAudio, { audio: 'Promo', stores: '42', volumne: 3 })).toThrow(
      /has no field volumne/,
    );
    expect(() => parseInput(operations.sendAudio, { stores: '42' })).toThrow(/Audio is required/);
  });
});

describe('reading a time in a zone', () => {
  test('an ISO time with an offset wins over the zone', () => {
    expect(readTimeInZone('2026-12-01T09:00:00+01:00', 'America/New_York').toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });
  test('without an offset, the wall clock of the given zone, across summer time', () => {
    expect(readTimeInZone('2026-12-01T09:00', 'Europe/Paris').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(readTimeInZone('2026-07-01 09:00', 'Europe/Paris').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(readTimeInZone('2026-03-08T12:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T16:30:00.000Z',
    );
    expect(readTimeInZone('2026-12-01').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
  test('a bad zone or a bad date is refused with what to write', () => {
    expect(() => readTimeInZone('2026-12-01T09:00', 'Mars/Olympus')).toThrow(/not a time zone/);
    expect(() => readTimeInZone('tomorrow 9am')).toThrow(/2030-06-01T09:00/);
    expect(() => readTimeInZone('2026-02-30T09:00')).toThrow(/no real day/);
  });
  test('a wall time in parts is read in its zone, across a DST change too', () => {
    const nine = { year: 2026, month: 12, day: 1, hour: 9, minute: 0 };
    expect(readWallTime(nine, 'Europe/Paris').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(readWallTime({ ...nine, month: 3, day: 29, hour: 12 }, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T10:00:00.000Z',
    );
    expect(wallTimeAt(new Date('2026-12-01T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 12,
      day: 2,
      hour: 8,
      minute: 30,
      second: 0,
    });
  });
  test('a wall time in an unknown zone, or on no real day, is refused, never read as UTC', () => {
    const nine = { year: 2026, month: 12, day: 1, hour: 9, minute: 0 };
    expect(() => readWallTime(nine, 'Mars/Olympus')).toThrow(/"Mars\/Olympus" is not a time zone/);
    expect(() => wallTimeAt(new Date(), 'Mars/Olympus')).toThrow(/not a time zone/);
    expect(() => readWallTime({ ...nine, month: 6, day: 31 }, 'UTC')).toThrow(
      /"2026-06-31T09:00" names no real day/,
    );
    expect(() => readWallTime({ ...nine, minute: 75 }, 'UTC')).toThrow(/no real day or hour/);
  });
  test('the year 0000 is refused, with or without an offset, never read as 1900', () => {
    expect(() => readTimeInZone('0000-01-01T09:00')).toThrow(/years 0001 to 9999/);
    expect(() => readTimeInZone('0000-01-01T00:00:00Z')).toThrow(/years 0001 to 9999/);
    expect(readTimeInZone('0001-01-01T00:00:00Z').getUTCFullYear()).toBe(1);
  });
});

describe('store references', () => {
  const targets = async (references: string[], ids?: string[]) => {
    const resolved = await resolveStoreTargets(
      references,
      ids === undefined ? {} : { directory: directory(ids) },
    );
    return resolved.ok ? resolved.targets : resolved.refusal;
  };
  test('numbers resolve against the directory, and one unknown store refuses the whole send', async () => {
    await expect(targets(['42', '#7'], demoStores)).resolves.toMatchObject({
      externalIds: ['store_042', 'store_007'],
      everyStore: false,
    });
    await expect(targets(['42', '99'], demoStores)).resolves.toMatchObject({
      kind: 'unknown-stores',
      unknown: ['99'],
    });
  });
  test('"all" is every store of the directory, and refused without one', async () => {
    const all = await targets(['all'], demoStores);
    expect(all).toMatchObject({ everyStore: true });
    expect('externalIds' in all && all.externalIds).toHaveLength(50);
    await expect(targets(['all'])).resolves.toMatchObject({
      message: expect.stringMatching(/name the stores/),
    });
  });
  test('without a directory, 42 means store_042', async () => {
    await expect(targets(['42'])).resolves.toMatchObject({ externalIds: ['store_042'] });
  });
});

describe('idempotency keys and durations', () => {
  test("a key's digest is the SHA-256 of the canonical identity, as node:crypto computes it", () => {
    for (const identity of ['', 'x'.repeat(1000), { store: 'Sommer-Aktion für Filiale 42 ♫' }]) {
      const hex = createHash('sha256')
        .update(canonicalJson(['n8n', 'sendAudio', identity]))
        .digest('hex');
      expect(deriveIdempotencyKey({ platform: 'n8n', action: 'sendAudio', identity })).toBe(
        `n8n_sendAudio_${hex.slice(0, 48)}`,
      );
    }
  });
  test('the same run gives the same key whatever the key order; another run another key', () => {
    const a = deriveIdempotencyKey({
      platform: 'n8n',
      action: 'sendAudio',
      identity: { execution: 7, item: 0 },
    });
    const b = deriveIdempotencyKey({
      platform: 'n8n',
      action: 'sendAudio',
      identity: { item: 0, execution: 7 },
    });
    const c = deriveIdempotencyKey({
      platform: 'n8n',
      action: 'sendAudio',
      identity: { item: 1, execution: 7 },
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^n8n_sendAudio_[0-9a-f]{48}$/);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
  test('durations read as m:ss', () => {
    expect([formatDuration(45.2), formatDuration(125), formatDuration(0)]).toEqual(['0:45', '2:05', '0:00']);
  });
});

test("parseInput returns the operation's input, typed from its fields", () => {
  const input = parseInput(operations.sendAudio, {
    audio: ' Summer Sale ',
    stores: '12, 42',
    priority: 'High',
    volume: '80',
  });
  // Typed: required fields are present, optional ones may be missing, and no other key exists.
  const typed: { audio: string; stores: string[]; priority?: Priority; volume?: number } = input;
  // @ts-expect-error a send has no category
  expect(input.category).toBeUndefined();
  expect(typed).toEqual({ audio: 'Summer Sale', stores: ['12', '42'], priority: 'high', volume: 80 });
});
