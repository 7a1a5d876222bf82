/** The SDKs the bot can run on; each is one folder under src/hosts. */
export type BotHost = 'teams-ai' | 'teams-sdk';

export const BOT_HOSTS: readonly BotHost[] = ['teams-ai', 'teams-sdk'];

/** `@microsoft/teams.apps` 2.x declares Node >= 22.12. */
export function supportsTeamsSdk(nodeVersion: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/**
 * The host to run: the one asked for (MUSIQUE_BOT_HOST), else the Teams SDK where this Node supports it and
 * teams-ai below. A choice that cannot run here is refused with the reason, before anything listens.
 */
export function chooseHost(
  requested: string | undefined,
  nodeVersion: string = process.versions.node,
): BotHost {
  const asked = requested?.trim();
  if (!asked) return supportsTeamsSdk(nodeVersion) ? 'teams-sdk' : 'teams-ai';
  if (!BOT_HOSTS.includes(asked as BotHost))
    throw new Error(`MUSIQUE_BOT_HOST "${asked}" is not a bot host; use ${BOT_HOSTS.join(' or ')}.`);
  if (asked === 'teams-sdk' && !supportsTeamsSdk(nodeVersion))
    throw new Error(
      `MUSIQUE_BOT_HOST=teams-sdk needs Node 22.12 or newer (the Teams SDK, @microsoft/teams.apps, requires it); this is Node ${nodeVersion.replace(/^v/, '')}. Run on Node 22.12+ or set MUSIQUE_BOT_HOST=teams-ai.`,
    );
  return asked as BotHost;
}
