import { parseCommand, parseStores } from '../src/domain/commands/parse.js';
import { resolveWallTime } from '../src/domain/schedule/wall-time.js';

describe('parseCommand', () => {
  it('reads "send promo to store 42" as the newest promo to one store', () => {
    expect(parseCommand('send promo to store 42')).toEqual({
      kind: 'send',
      audio: { kind: 'latest', category: 'promotion' },
      stores: { kind: 'some', references: ['42'] },
    });
  });

  it('ignores case, a leftover mention and a trailing full stop', () => {
    expect(parseCommand('<at>Musique</at> SEND the Promo TO Store 42.')).toMatchObject({
      kind: 'send',
      audio: { kind: 'latest' },
      stores: { references: ['42'] },
    });
  });

  it('reads a quoted name and a list of stores joined by commas and "and"', () => {
    expect(parseCommand("send 'Summer Sale' to stores 12, 42 and 57")).toEqual({
      kind: 'send',
      audio: { kind: 'named', name: 'Summer Sale' },
      stores: { kind: 'some', references: ['12', '42', '57'] },
    });
    expect(parseCommand('send “Summer Sale” to store_012 & store 42')).toMatchObject({
      stores: { references: ['store_012', '42'] },
    });
  });

  it("reads repeat and volume, checked against the catalog's ranges", () => {
    expect(parseCommand('send promo to store 42 repeat 2 volume 80')).toMatchObject({
      kind: 'send',
      repeat: 2,
      volume: 80,
    });
    expect(parseCommand('send promo to store 42 3 times at 70% volume urgent')).toMatchObject({
      repeat: 3,
      volume: 70,
      priority: 'urgent',
    });
    expect(parseCommand('send promo to store 42 repeat 2.5')).toEqual({
      kind: 'unclear',
      problem: expect.stringMatching(/Repeat must be a whole number from 1 to \d+; got "2.5"/),
    });
    expect(parseCommand('send promo to store 42 volume 150')).toEqual({
      kind: 'unclear',
      problem: expect.stringMatching(/Volume \(%\) must be from 0 to 100; got 150/),
    });
  });

  it('reads "all stores" in its usual wordings', () => {
    for (const text of [
      'send promo to all stores',
      'send promo to every store',
      'broadcast the promo to all our stores',
    ]) {
      expect(parseCommand(text)).toMatchObject({ kind: 'send', stores: { kind: 'all' } });
    }
  });

  it('reads a plain name, a schedule and a priority', () => {
    expect(parseCommand('play summer sale at store 42 tomorrow 9:00 urgent')).toEqual({
      kind: 'send',
      audio: { kind: 'named', name: 'summer sale' },
      stores: { kind: 'some', references: ['42'] },
      when: { day: 'tomorrow', hour: 9, minute: 0 },
      priority: 'urgent',
    });
    expect(parseCommand('send promo to store 7 at 5pm with high priority')).toMatchObject({
      when: { day: 'next', hour: 17, minute: 0 },
      priority: 'high',
    });
  });

  it('keeps "to" inside a quoted name', () => {
    expect(parseCommand('send "Back to School" to store 3')).toMatchObject({
      audio: { kind: 'named', name: 'Back to School' },
      stores: { references: ['3'] },
    });
  });

  it('reads list, status, help and cancel', () => {
    expect(parseCommand('list promos')).toEqual({ kind: 'list', category: 'promotion' });
    expect(parseCommand('show me all audio')).toEqual({ kind: 'list' });
    expect(parseCommand('Status')).toEqual({ kind: 'status' });
    expect(parseCommand('help')).toEqual({ kind: 'help' });
    expect(parseCommand('cancel')).toEqual({ kind: 'cancel' });
    expect(parseCommand('upload this as Summer Sale')).toEqual({ kind: 'upload', name: 'Summer Sale' });
  });

  it('says what is missing instead of guessing', () => {
    expect(parseCommand('send promo')).toMatchObject({
      kind: 'unclear',
      problem: expect.stringContaining('Which stores?'),
    });
    expect(parseCommand('send promo to store 42 at 25:00')).toMatchObject({ kind: 'unclear' });
    expect(parseCommand('send promo to store 42 with confetti')).toMatchObject({
      kind: 'unclear',
      problem: expect.stringContaining('with confetti'),
    });
    expect(parseCommand('what is the weather')).toEqual({ kind: 'unknown', text: 'what is the weather' });
  });

  it('reads a card input of stores', () => {
    expect(parseStores('all')).toEqual({ kind: 'all' });
    expect(parseStores('42, store 57')).toEqual({ kind: 'some', references: ['42', '57'] });
    expect(parseStores('  ')).toBeUndefined();
  });
});

describe('resolveWallTime', () => {
  const now = new Date('2030-06-10T12:00:00Z'); // a Monday

  it('turns "tomorrow 9:00" in the user\'s zone into the right instant', () => {
    expect(resolveWallTime({ day: 'tomorrow', hour: 9, minute: 0 }, now, 'Europe/Paris').toISOString()).toBe(
      '2030-06-11T07:00:00.000Z',
    );
    expect(resolveWallTime({ day: 'tomorrow', hour: 9, minute: 0 }, now).toISOString()).toBe(
      '2030-06-11T09:00:00.000Z',
    );
  });

  it('takes a bare time as its next occurrence and refuses a time already past today', () => {
    expect(resolveWallTime({ day: 'next', hour: 8, minute: 30 }, now).toISOString()).toBe(
      '2030-06-11T08:30:00.000Z',
    );
    // The weekday's comma depends on the ICU data Node ships.
    expect(() => resolveWallTime({ day: 'today', hour: 8, minute: 0 }, now)).toThrow(
      /^Mon,? 10 Jun 2030, 08:00 \(UTC\) has already passed: it is now Mon,? 10 Jun 2030, 12:00 \(UTC\)\. Give a time ahead, or none to play now\. Nothing was sent\.$/,
    );
  });

  it("words a past time on the user's own clock, naming the zone", () => {
    expect(() => resolveWallTime({ day: 'today', hour: 13, minute: 30 }, now, 'Europe/Paris')).toThrow(
      /13:30 \(Europe\/Paris\) has already passed: it is now Mon,? 10 Jun 2030, 14:00 \(Europe\/Paris\)/,
    );
  });

  it('refuses a zone it does not know instead of reading the time as UTC', () => {
    expect(() => resolveWallTime({ day: 'tomorrow', hour: 9, minute: 0 }, now, 'Mars/Olympus')).toThrow(
      /time zone "Mars\/Olympus" is not one I know/,
    );
  });

  it('says a day the calendar lacks does not exist', () => {
    expect(() =>
      resolveWallTime({ day: { date: '2030-02-29' }, hour: 9, minute: 0 }, now, 'Europe/Paris'),
    ).toThrow('That date does not exist.');
  });
});
