import { optionsFromEnv } from './config.js';
import { startBot } from './server.js';

// `pnpm --filter ./packages/teams-bot start`: the bot from the environment, until Ctrl-C.
const options = optionsFromEnv();
const running = await startBot(options);
console.log(`Musique Teams bot listening on ${running.url}`);
console.log(`  Musique API  ${options.baseUrl ?? 'https://api.musique.app/api/v1/integration'}`);
console.log(
  `  Bot auth     ${options.auth ? `app ${options.auth.appId}` : 'none (local testing: no MicrosoftAppId)'}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.stop().then(() => process.exit(0));
  });
}
