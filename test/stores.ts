import type { Sandbox } from '@musique/sandbox';

/** Everything a store's player has received: playing, queued and played. */
export async function receivedBy(sandbox: Sandbox, externalId: string) {
  const player = await sandbox.player(externalId);
  return [player.nowPlaying, ...player.queue, ...player.history].filter((item) => item !== null);
}
