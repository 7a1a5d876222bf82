// Two Db instances over one database stand for two sandbox processes sharing a PostgreSQL server, for what
// needs no messages between them (caches kept true across processes are tested on PostgreSQL: postgres.test.ts).

import { Db } from '../src/storage/db.js';
import { migrate } from '../src/storage/migrate.js';
import { type Database, openPglite } from '../src/storage/pglite.js';

let db: Database;
let first: Db;
let second: Db;
let keyId: number;
const keyHash = 'ab'.repeat(32);
const now = new Date('2030-01-01T10:00:30Z');

beforeAll(async () => {
  db = await openPglite({});
  await migrate(db);
  first = new Db(db, { shared: true });
  second = new Db(db, { shared: true });
  const company = await first.keys.createCompany('Shared', 'cd'.repeat(32), now);
  await first.keys.addLocations(company.id, [{ externalId: 'store_001', name: 'One' }]);
  const [location] = await first.keys.listLocations(company.id);
  keyId = await first.keys.insert({
    companyId: company.id,
    userId: location!.userId,
    keyHash,
    permissions: ['audio.read'],
    createdAt: now,
    expiresAt: null,
  });
});
afterAll(() => db.close());

const windows = [
  { name: 'minute', start: new Date('2030-01-01T10:00:00Z'), limit: 10 },
  { name: 'hour', start: new Date('2030-01-01T10:00:00Z'), limit: 100 },
  { name: 'day', start: new Date('2030-01-01T00:00:00Z'), limit: 1000 },
];

test('shared databases count one key exactly: 25 concurrent requests through two of them, 10 allowed', async () => {
  const results = await Promise.all(
    Array.from({ length: 25 }, (_, index) => (index % 2 ? first : second).rateCounts.consume(keyId, windows)),
  );
  expect(results.filter((result) => result.allowed)).toHaveLength(10);
  expect(await first.rateCounts.usage(keyId, windows)).toEqual([10, 10, 10]);
  expect(await second.rateCounts.usage(keyId, windows)).toEqual([10, 10, 10]);
});
