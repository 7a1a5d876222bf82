import { optionsFromEnv } from './config.js';
import { startBot } from './server.js';

// `pnpm --filter ./packages/teams-bot start`: the bot from the environment, until Ctrl-C.
let options: ReturnType<typeof optionsFromEnv>;
try {
  options = optionsFromEnv();
} catch (error) {
  // A setting that cannot work (a missing key, a host this Node cannot run) stops the bot with its reason.
  console.error(`Musique Teams bot not started: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const running = await startBot(options);
console.log(`Musique Teams bot listening on ${running.url} (${running.botHost} host)`);
console.log(`  Musique API  ${options.baseUrl ?? 'https://api.musique.app/api/v1/integration'}`);
console.log(
  `  Bot auth     ${options.auth ? `app ${options.auth.appId}` : 'none (local testing: no MicrosoftAppId)'}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.stop().then(() => process.exit(0));
  });
}
