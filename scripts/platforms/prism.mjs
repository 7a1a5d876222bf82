// Prism (@stoplight/prism-cli 5.16, which needs Node 24.18+), from the cache, serving the contract: `proxy`
// validates a live server's traffic against it, `mock` answers from its examples. Used by the contract gate and
// by bench/sandbox-throughput.mjs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { cachedInstall, rootDir, withNode } from './cache.mjs';
import { provisionNode } from './node-runtime.mjs';

export const contractFile = path.join(rootDir, 'shared', 'openapi', 'musique.openapi.yaml');

/** Node 24 and Prism in the cache (the contract gate's downloads). */
export async function installPrism() {
  const node = await provisionNode(24);
  return { node, dir: await cachedInstall('prism', ['@stoplight/prism-cli@5.16.0'], { node: node.bin }) };
}

/**
 * Starts `prism <args...>` on a free local port; resolves once it listens. `log()` is everything it has printed
 * so far (ANSI colours off), `stop()` ends it.
 */
export async function startPrism(args, { verboseLevel = 'info' } = {}) {
  const { node, dir } = await installPrism();
  const port = await freePort();
  const child = spawn(
    node.bin,
    [
      path.join(dir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js'),
      ...args,
      ...['--host', '127.0.0.1', '--port', String(port), '--verboseLevel', verboseLevel],
    ],
    {
      env: withNode(node.bin, { FORCE_COLOR: '0', NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (data) => (output += data));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`prism ${args[0]} exited ${code} before listening:\n${output.slice(-2000)}`);
  });
  // Polled on the port, not read from the log: below `info` Prism does not say it listens.
  const listening = (async () => {
    while (child.exitCode === null && !(await accepts(port))) await new Promise((r) => setTimeout(r, 100));
  })();
  await Promise.race([listening, exited]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => resolve(true) || socket.destroy());
    socket.on('error', () => resolve(false));
  });

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
