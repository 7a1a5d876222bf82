// For tests and benchmarks of this and other packages: servers a sandbox can be run against.
export { type PostgresServer, startPostgresServer } from './postgres-server.js';
