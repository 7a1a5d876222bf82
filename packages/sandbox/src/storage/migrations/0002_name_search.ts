// Trigram index for the `name` filter (a case-insensitive "contains"): without it every search reads the
// company's whole library. pg_trgm ships with PostgreSQL's contrib and with PGlite.
export const sql = `
create extension if not exists pg_trgm;
create index audio_name_trigrams on audio using gin (lower(name) gin_trgm_ops);
`;
