// Store numbers and lists as people type them, resolved to the tenant's external IDs.
import { expandStoreRanges, resolveStores, splitStoreList } from '../src/node.js';

describe('resolveStores', () => {
  const known = ['store_001', 'store_012', 'store_042', 'store_100'];

  test('numbers find the store ID that ends in them', () => {
    expect(resolveStores(['42', 'store 12', '#1', 'STORE_100'], { known })).toEqual({
      externalIds: ['store_042', 'store_012', 'store_001', 'store_100'],
      unknown: [],
    });
  });

  test('stores the tenant does not have are reported, not guessed', () => {
    expect(resolveStores(['42', '57', 'paris'], { known })).toEqual({
      externalIds: ['store_042'],
      unknown: ['57', 'paris'],
    });
  });

  test('without a store list, numbers follow the pattern', () => {
    expect(resolveStores(['7', '42', '42'], {}).externalIds).toEqual(['store_007', 'store_042']);
    expect(resolveStores(['7'], { pattern: 'S{0000}' }).externalIds).toEqual(['S0007']);
  });

  test('lists as people type them split into stores', () => {
    expect(splitStoreList('12, 42 and 57')).toEqual(['12', '42', '57']);
    expect(splitStoreList('stores 12 & 42,57')).toEqual(['12', '42', '57']);
  });
});

test('a configured store list expands its ranges', () => {
  expect(expandStoreRanges('store_008-store_011, paris_01')).toEqual([
    'store_008',
    'store_009',
    'store_010',
    'store_011',
    'paris_01',
  ]);
});
