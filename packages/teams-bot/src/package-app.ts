import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppPackage } from './app-package.js';

// `MicrosoftAppId=<guid> pnpm --filter ./packages/teams-bot package`: the zip to sideload in Teams.
const appId = process.env.MicrosoftAppId ?? process.argv[2];
if (!appId) {
  console.error("Set MicrosoftAppId (the bot registration's app id) or pass it: pnpm package <app-id>");
  process.exit(1);
}
const appPackageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
try {
  console.log(`Teams app package written to ${await buildAppPackage({ appId, appPackageDir })}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
