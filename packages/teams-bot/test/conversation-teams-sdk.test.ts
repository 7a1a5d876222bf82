// Needs Node 22.12+: `pnpm test` runs it there (scripts/test-teams-sdk.mjs provisions Node 24 when this Node is
// older); jest on an older Node refuses it by name rather than skip it.
import { supportsTeamsSdk } from '../src/hosts/choice.js';
import { describeConversationOn } from './host-conversation.js';

if (!supportsTeamsSdk()) {
  throw new Error(
    `The Teams SDK host needs Node 22.12+; this is ${process.version}. Run it with: pnpm --filter @musique/teams-bot test:teams-sdk`,
  );
}
describeConversationOn('teams-sdk');
