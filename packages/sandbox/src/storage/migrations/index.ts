import * as initial from './0001_initial.js';

/** Numbered migrations, applied in order at start and recorded in schema_migrations. */
export const migrations = [{ version: 1, name: 'initial', sql: initial.sql }];
