import * as initial from './0001_initial.js';
import * as nameSearch from './0002_name_search.js';

/** Numbered migrations, applied in order at start and recorded in schema_migrations. */
export const migrations = [
  { version: 1, name: 'initial', sql: initial.sql },
  { version: 2, name: 'name_search', sql: nameSearch.sql },
];
