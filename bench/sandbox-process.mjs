// One sandbox in its own process for a benchmark: `node sandbox-process.mjs '<startSandbox options JSON>'`.
// Rate limits out of the way; prints one line of JSON ({ baseUrl, apiKey }) once it listens; stops on SIGTERM.
// Over the IPC channel its parent opens (never over HTTP), it answers `{ type: 'usage' }` with its CPU time and
// database round trips so far, and `{ type: 'company', name, externalIds }` with a new company's token and key.
import { startUnlimitedSandbox } from './lib.mjs';

const sandbox = await startUnlimitedSandbox(JSON.parse(process.argv[2] ?? '{}'));
console.log(JSON.stringify({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey }));
process.once('SIGTERM', () => sandbox.stop().then(() => process.exit(0)));

const answers = {
  usage: async () => {
    const cpu = process.cpuUsage();
    return { cpuMicros: cpu.user + cpu.system, roundTrips: sandbox.databaseRoundTrips() };
  },
  company: ({ name, externalIds }) => sandbox.createCompany({ name, externalIds }),
};
process.on('message', async ({ id, type, ...args }) => {
  process.send({ id, result: await answers[type](args) });
});
// The channel must not keep the process alive on its own once the sandbox stops.
process.channel?.unref();
