// One sandbox in its own process for a benchmark: `node sandbox-process.mjs '<startSandbox options JSON>'`.
// Rate limits out of the way; prints one line of JSON ({ baseUrl, apiKey }) once it listens; stops on SIGTERM.
import { startUnlimitedSandbox } from './lib.mjs';

const sandbox = await startUnlimitedSandbox(JSON.parse(process.argv[2] ?? '{}'));
console.log(JSON.stringify({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey }));
process.once('SIGTERM', () => sandbox.stop().then(() => process.exit(0)));
