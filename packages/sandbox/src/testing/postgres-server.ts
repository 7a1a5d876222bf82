import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, trusted on loopback only. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's `postgresql` package (installed by
 * scripts/install-system-deps.sh), `initdb` in a temporary directory, on a free loopback port. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` user the package creates.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'musique-postgres-'));
  if (asRoot) chownSync(dir, postgresUid(), postgresUid('g'));
  const run = (command: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] as const)
      : ([path.join(bin, command), args] as const);
  const port = await freePort();
  const data = path.join(dir, 'data');
  const [initdb, initArgs] = run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const [postgres, args] = run('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=100',
  ]);
  const server = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await waitForPort(
    port,
    () => server.exitCode !== null,
    () => log,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      // pg_ctl signals the server itself (runuser would not pass a signal on); fast: clients are disconnected.
      const [pgCtl, stopArgs] = run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      execFileSync(pgCtl, stopArgs, { stdio: 'pipe' });
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions.map((v) => path.join(root, v, 'bin')).find((d) => existsSync(path.join(d, 'initdb')));
  if (!dir)
    throw new Error(
      'PostgreSQL is not installed: run scripts/install-system-deps.sh (Debian: apt-get install postgresql).',
    );
  return dir;
}

function postgresUid(kind: 'u' | 'g' = 'u'): number {
  return Number(execFileSync('id', [`-${kind}`, 'postgres'], { encoding: 'utf8' }).trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function waitForPort(port: number, died: () => boolean, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (died()) throw new Error(`PostgreSQL did not start:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open && log().includes('ready to accept connections')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL did not accept connections on port ${port}:\n${log()}`);
}
