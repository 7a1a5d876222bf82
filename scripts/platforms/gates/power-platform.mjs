// The Power Platform connectors as Microsoft would receive them: both folders checked offline against the rules
// of microsoft/PowerPlatformConnectors' schemas and certification checklist (written as our own checks in
// packages/power-platform/src/checks), Swagger 2.0 through swagger-parser, under 1 MB, the icon; no drift from
// what the generator writes from today's contract and catalog; then a flow through the generated definition
// against a live sandbox: "Summer Sale" picked from the audio list and sent to store_042 reaches its player.
// Nothing to download: `paconn validate` and `pac connector create` need a Power Platform account (README).
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootDir } from '../cache.mjs';

export const title =
  'Power Platform: both connectors against the connector schemas and certification rules, Swagger 2.0, drift, a flow on the sandbox';

const packageDir = path.join(rootDir, 'packages', 'power-platform');
const load = (pkg) => import(pathToFileURL(path.join(rootDir, 'packages', pkg, 'dist', 'index.js')).href);

export async function run() {
  const connectors = await load('power-platform');
  const problems = [];
  for (const folder of Object.values(connectors.CONNECTORS)) {
    const found = await connectors.connectorProblems(packageDir, folder);
    const bytes = statSync(path.join(packageDir, folder, 'apiDefinition.swagger.json')).size;
    console.log(
      `${folder}: ${found.length ? `${found.length} problems` : 'passes'} (definition ${bytes} bytes)`,
    );
    problems.push(...found);
  }
  const drifted = connectors.driftedFiles(packageDir);
  if (drifted.length)
    problems.push(
      `${drifted.join(', ')} differ from what the generator writes: run pnpm --filter @musique/power-platform generate and commit`,
    );
  else console.log('no drift: the committed files are what the contract and the catalog generate');
  if (problems.length) throw new Error(problems.join('\n'));

  const { startSandbox } = await load('sandbox');
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  try {
    const read = async (file) =>
      JSON.parse(
        await import('node:fs/promises').then((fs) =>
          fs.readFile(path.join(packageDir, 'connector', file), 'utf8'),
        ),
      );
    const runtime = new connectors.ConnectorRuntime(
      await read('apiDefinition.swagger.json'),
      await read('apiProperties.json'),
      { api_key: sandbox.apiKey, baseUrl: sandbox.baseUrl },
      { script: true },
    );
    const choice = (await runtime.dynamicValues('SendAudio', 'audioId')).find(
      (item) => item.title === 'Summer Sale',
    );
    if (!choice) throw new Error('"Summer Sale" is not among the audio picker\'s choices');
    await runtime.run(
      'SendAudio',
      { audioId: choice.value, body: { externalIds: ['store_042'] } },
      { runId: 'gate', actionName: 'Send' },
    );
    const player = await sandbox.player('store_042');
    const heard = [player.nowPlaying, ...player.queue, ...player.history].some(
      (item) => item?.audioId === choice.value,
    );
    if (!heard) throw new Error("store_042's player did not receive Summer Sale");
    console.log('flow: Summer Sale picked from the audio list, sent to store_042, received by its player');
  } finally {
    await sandbox.stop();
  }
}
