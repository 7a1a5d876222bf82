/**
 * Each surface driven the way its users drive it, for the cross-surface table of send intents: the same words
 * in, the outcome and the surface's own sentence out. A refusal is caught, never thrown, so the table can
 * compare what each surface said.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Sandbox } from '@musique/sandbox';
import { App, appTester } from '@musique/zapier/testing';
import { locator, runMusique } from 'n8n-nodes-musique/testing';

/** A send as a person or a workflow says it; `run` is the surface's retry identity (a zap step, an execution). */
export interface SendWords {
  audio: string;
  stores: string;
  at?: string;
  volume?: number;
  repeat?: number;
  run: string;
}

/** What a surface answered: the send's instant when it went, or its refusal's words. */
export interface SurfaceAnswer {
  sent: boolean;
  scheduleAt?: string | null;
  words: string;
}

export interface Surface {
  name: string;
  send(words: SendWords): Promise<SurfaceAnswer>;
}

export const TIME_ZONE = 'Europe/Paris';
export const STORE_GROUPS = 'paris = store_001-store_010; north = store_011, store_012';

const musiqueBin = join(__dirname, '../packages/cli/dist/index.js');

const answerOf = (send: { scheduleAt?: string | null }, words: unknown): SurfaceAnswer => ({
  sent: true,
  scheduleAt: send.scheduleAt ?? null,
  words: JSON.stringify(words),
});

const refusalOf = (error: unknown): SurfaceAnswer => {
  const { message = String(error), description = '' } = error as { message?: string; description?: string };
  return { sent: false, words: `${message} ${description}` };
};

/** The CLI, as a script runs it: the zone from TZ, groups from the environment, --yes for several stores. */
export function cliSurface(sandbox: Sandbox): Surface {
  const env = {
    ...process.env,
    MUSIQUE_API_KEY: sandbox.apiKey,
    MUSIQUE_BASE_URL: sandbox.baseUrl,
    MUSIQUE_STORE_GROUPS: STORE_GROUPS,
    TZ: TIME_ZONE,
  };
  return {
    name: 'CLI',
    async send(words) {
      const where = words.stores === 'all' ? ['--all'] : ['--to', words.stores];
      const args = [musiqueBin, 'send', words.audio, ...where, '--yes', '--json'];
      if (words.at) args.push('--at', words.at);
      if (words.volume !== undefined) args.push('--volume', String(words.volume));
      if (words.repeat !== undefined) args.push('--repeat', String(words.repeat));
      try {
        const { stdout } = await promisify(execFile)(process.execPath, args, { env });
        return answerOf(JSON.parse(stdout), stdout);
      } catch (error) {
        // --json prints the refusal on stdout; a person at a terminal reads it on stderr.
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        return { sent: false, words: `${stdout}${stderr}` };
      }
    },
  };
}

/** A zap step: the zap's time zone, the connection's store groups, the step's inputs as its retry identity. */
export function zapierSurface(sandbox: Sandbox): Surface {
  const authData = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, storeGroups: STORE_GROUPS };
  return {
    name: 'Zapier',
    async send(words) {
      try {
        const send = (await appTester(App.creates.send_audio.operation.perform, {
          authData,
          inputData: {
            audio_id: words.audio,
            stores: [words.stores],
            ...(words.at ? { schedule_at: words.at } : {}),
            ...(words.volume === undefined ? {} : { volume: words.volume }),
            ...(words.repeat === undefined ? {} : { repeat: words.repeat }),
            send_reference: words.run,
          },
          meta: { zap: { id: 4242 }, timezone: TIME_ZONE },
        })) as { scheduleAt: string | null };
        return answerOf(send, send);
      } catch (error) {
        return refusalOf(error);
      }
    },
  };
}

/** An n8n Send item: the workflow's time zone, the credential's store groups, the execution as retry identity. */
export function n8nSurface(sandbox: Sandbox): Surface {
  return {
    name: 'n8n',
    async send(words) {
      try {
        const { output } = await runMusique({
          credentials: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, storeGroups: STORE_GROUPS },
          timeZone: TIME_ZONE,
          executionId: words.run,
          nodeId: 'send-to-stores',
          parameters: {
            resource: 'audio',
            operation: 'send',
            audioId: locator(words.audio),
            externalIds: words.stores,
            options: {
              ...(words.at ? { scheduleAt: words.at } : {}),
              ...(words.volume === undefined ? {} : { volume: words.volume }),
              ...(words.repeat === undefined ? {} : { repeat: words.repeat }),
            },
          },
        });
        const json = output[0]?.json as { scheduleAt: string | null };
        return answerOf(json, json);
      } catch (error) {
        return refusalOf(error);
      }
    },
  };
}
