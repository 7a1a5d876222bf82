import { parseCommand, storesAsSaid } from '../src/domain/commands/parse.js';

describe('parseCommand', () => {
  it('reads "send promo to store 42" as the newest promo to one store', () => {
    expect(parseCommand('send promo to store 42')).toEqual({
      kind: 'send',
      intent: { audio: { latest: { category: 'promotion' } }, stores: 'store 42' },
    });
  });

  it('ignores case, a leftover mention and a trailing full stop', () => {
    expect(parseCommand('<at>Musique</at> SEND the Promo TO Store 42.')).toEqual({
      kind: 'send',
      intent: { audio: { latest: { category: 'promotion' } }, stores: 'Store 42' },
    });
  });

  it('reads a quoted name and a list of stores joined by commas and "and"', () => {
    expect(parseCommand("send 'Summer Sale' to stores 12, 42 and 57")).toEqual({
      kind: 'send',
      intent: { audio: 'Summer Sale', stores: 'stores 12, 42 and 57' },
    });
    expect(parseCommand('send “Summer Sale” to store_012 & store 42')).toMatchObject({
      intent: { stores: 'store_012 & store 42' },
    });
  });

  it('keeps a range and a named group as said, for the core to resolve', () => {
    expect(parseCommand('send promo to 12-20 tomorrow 9:00')).toEqual({
      kind: 'send',
      intent: {
        audio: { latest: { category: 'promotion' } },
        stores: '12-20',
        at: { day: 'tomorrow', hour: 9, minute: 0 },
      },
    });
    expect(parseCommand('send Summer Sale to the Paris stores urgent')).toEqual({
      kind: 'send',
      intent: { audio: 'Summer Sale', stores: 'the Paris stores', priority: 'urgent' },
    });
    expect(parseCommand('send Fun in the Sun to region north')).toMatchObject({
      intent: { audio: 'Fun in the Sun', stores: 'region north' },
    });
    // Nothing that looks like stores: the last "to" names them.
    expect(parseCommand('send Back to School to paris')).toMatchObject({
      intent: { audio: 'Back to School', stores: 'paris' },
    });
  });

  it('takes repeat and volume as said: the core checks them against the catalog', () => {
    expect(parseCommand('send promo to store 42 repeat 2 volume 80')).toMatchObject({
      kind: 'send',
      intent: { stores: 'store 42', repeat: '2', volume: '80' },
    });
    expect(parseCommand('send promo to store 42 3 times at 70% volume urgent')).toMatchObject({
      intent: { stores: 'store 42', repeat: '3', volume: '70', priority: 'urgent' },
    });
    expect(parseCommand('send promo to store 42 volume 150')).toMatchObject({ intent: { volume: '150' } });
  });

  it('reads "all stores" in its usual wordings', () => {
    for (const text of [
      'send promo to all stores',
      'send promo to every store',
      'broadcast the promo to all our stores',
    ]) {
      expect(parseCommand(text)).toMatchObject({ kind: 'send', intent: { stores: 'all' } });
    }
  });

  it('reads a plain name, a schedule and a priority', () => {
    expect(parseCommand('play summer sale at store 42 tomorrow 9:00 urgent')).toEqual({
      kind: 'send',
      intent: {
        audio: 'summer sale',
        stores: 'store 42',
        at: { day: 'tomorrow', hour: 9, minute: 0 },
        priority: 'urgent',
      },
    });
    expect(parseCommand('send promo to store 7 at 5pm with high priority')).toMatchObject({
      intent: { stores: 'store 7', at: { day: 'next', hour: 17, minute: 0 }, priority: 'high' },
    });
  });

  it('keeps "to" inside a quoted name', () => {
    expect(parseCommand('send "Back to School" to store 3')).toMatchObject({
      intent: { audio: 'Back to School', stores: 'store 3' },
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
    expect(parseCommand('what is the weather')).toEqual({ kind: 'unknown', text: 'what is the weather' });
  });

  it("reads a card input of stores, the chat's wordings of every store as all", () => {
    expect(storesAsSaid('all our stores')).toBe('all');
    expect(storesAsSaid(' 42, store 57 ')).toBe('42, store 57');
    expect(storesAsSaid('  ')).toBeUndefined();
  });
});
