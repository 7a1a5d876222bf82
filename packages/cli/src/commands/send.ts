import { createInterface } from 'node:readline/promises';
import {
  type Audio,
  type MusiqueClient,
  needsConfirmation,
  operations,
  priorityField,
  repeatField,
  resolveAudioReference,
  type Send,
  scheduleAtField,
  volumeField,
} from '@musique/core';
import { flagHelp, flagOf, flagOptions, flagUsage, localTimeZone, readFlags } from '../catalog-flags.js';
import type { Command, Io } from '../command.js';
import { DeclinedError, UsageError } from '../exit-codes.js';
import { targetStores } from '../stores.js';

const sendFlags = [
  flagOf('at', scheduleAtField),
  flagOf('priority', priorityField),
  flagOf('repeat', repeatField),
  flagOf('volume', volumeField),
];

export const sendCommand: Command = {
  name: 'send',
  summary: 'Send an audio file to stores, now or at a time',
  usage: `send <audio id or name> (--to 12,42 | --all) ${flagUsage(sendFlags)} [--yes]`,
  details: `${flagHelp(sendFlags)}
  (--at without an offset is read in this machine's time zone, TZ when set)`,
  options: {
    to: { type: 'string' },
    all: { type: 'boolean' },
    ...flagOptions(sendFlags),
    yes: { type: 'boolean', short: 'y' },
  },
  async run({ client, args, flags, io, json }) {
    const reference = args.join(' ').trim();
    if (!reference) throw new UsageError(`Which audio? Usage: musique ${this.usage}`);
    if (Boolean(flags.to) === Boolean(flags.all)) {
      throw new UsageError('Say where to send it: either --to <stores> (for example --to 12,42) or --all.');
    }
    // Read before any request: a wrong flag costs nothing.
    const options = readFlags(sendFlags, flags, io.env.TZ || localTimeZone());
    // The audio first: its answer tells the store directory whether this is a sandbox, at no extra request.
    const audio = await resolveAudio(client, reference);
    const externalIds = await targetStores(
      client,
      { to: flags.to as string, all: flags.all === true },
      io.env,
    );
    // The core's rule, the same for every surface: more than one store is a broadcast, so a person confirms.
    if (!flags.yes && needsConfirmation(operations.sendAudio, { stores: externalIds.length })) {
      const stores = flags.all
        ? `all ${externalIds.length} stores`
        : `${externalIds.length} stores (${externalIds.join(', ')})`;
      await confirm(io, json, `Send "${audio.name}" to ${stores}?`);
    }
    const send = await client.audio.send(audio.audioId, { ...options, externalIds });
    return { data: send, text: describeSend(audio, send) };
  },
};

/** An `aud_…` id is taken as is; a name must mean one audio. */
async function resolveAudio(client: MusiqueClient, reference: string): Promise<Audio> {
  const { audio, candidates } = await resolveAudioReference(client, reference);
  if (audio) return audio;
  if (candidates.length === 0)
    throw new UsageError(`No audio is named like "${reference}". See the names with: musique list`);
  const listed = candidates.slice(0, 5).map((c) => `${c.audioId} "${c.name}"`);
  throw new UsageError(
    `"${reference}" matches ${candidates.length} audio files (${listed.join(', ')}): send by id instead.`,
  );
}

async function confirm(io: Io, json: boolean, question: string): Promise<void> {
  if (json || !io.stdin.isTTY) {
    throw new DeclinedError(
      `${question} Nothing was sent: run again with --yes to confirm without a prompt.`,
    );
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new DeclinedError('Nothing was sent.');
}

function describeSend(audio: Audio, send: Send): string {
  const when = send.scheduled ? `scheduled for ${send.scheduleAt}` : send.status;
  const stores = send.destinations.map((d) => `  ${d.externalId}  ${d.status}`).join('\n');
  return `"${audio.name}" ${when} to ${send.destinations.length} store(s) (send ${send.sendId}):\n${stores}`;
}
