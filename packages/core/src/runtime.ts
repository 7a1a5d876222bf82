/**
 * What the client takes from the runtime it runs in rather than from globals: n8n's verification forbids
 * timers and `globalThis` in anything a community node ships, bundles included. `MusiqueClient` from
 * `@musique/core` brings its runtime's own; n8n gives `PortableMusiqueClient` (`@musique/core/portable`) `sleep`
 * from n8n-workflow and node:crypto's `randomUUID`.
 */
export interface Runtime {
  sleep: (ms: number) => Promise<void>;
  randomUUID: () => string;
}
