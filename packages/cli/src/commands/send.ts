import { createInterface } from 'node:readline/promises';
import type { Audio, MusiqueClient, Send, SendOptions } from '@musique/core';
import type { Command, Io } from '../command.js';
import { DeclinedError, UsageError } from '../exit-codes.js';
import { targetStores } from '../stores.js';

export const sendCommand: Command = {
  name: 'send',
  summary: 'Send an audio file to stores, now or at a time',
  usage:
    'send <audio id or name> (--to 12,42 | --all) [--at <ISO 8601 time>] [--priority low|normal|high|urgent]' +
    ' [--repeat 1-10] [--volume 0-100] [--yes]',
  options: {
    to: { type: 'string' },
    all: { type: 'boolean' },
    at: { type: 'string' },
    priority: { type: 'string' },
    repeat: { type: 'string' },
    volume: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  },
  async run({ client, args, flags, io, json }) {
    const reference = args.join(' ').trim();
    if (!reference) throw new UsageError(`Which audio? Usage: musique ${this.usage}`);
    if (Boolean(flags.to) === Boolean(flags.all)) {
      throw new UsageError('Say where to send it: either --to <stores> (for example --to 12,42) or --all.');
    }
    const externalIds = await targetStores(
      client,
      { to: flags.to as string, all: flags.all === true },
      io.env,
    );

    const audio = await resolveAudio(client, reference);
    if (flags.all && !flags.yes) {
      await confirm(io, json, `Send "${audio.name}" to all ${externalIds.length} stores?`);
    }
    const send = await client.audio.send(audio.audioId, {
      externalIds,
      ...(typeof flags.at === 'string' ? { scheduleAt: flags.at } : {}),
      ...(typeof flags.priority === 'string' ? { priority: flags.priority as SendOptions['priority'] } : {}),
      ...(typeof flags.repeat === 'string' ? { repeat: integer(flags.repeat, 'repeat') } : {}),
      ...(typeof flags.volume === 'string' ? { volume: integer(flags.volume, 'volume') } : {}),
    });
    return { data: send, text: describeSend(audio, send) };
  },
};

/** An `aud_…` id is taken as is; a name must mean one audio. */
async function resolveAudio(client: MusiqueClient, reference: string): Promise<Audio> {
  if (/^aud_[A-Za-z0-9]+$/.test(reference)) return client.audio.get(reference);
  const { audio, candidates } = await client.audio.matchName(reference);
  if (audio) return audio;
  if (candidates.length === 0)
    throw new UsageError(`No audio is named like "${reference}". See the names with: musique list`);
  const listed = candidates.slice(0, 5).map((c) => `${c.audioId} "${c.name}"`);
  throw new UsageError(
    `"${reference}" matches ${candidates.length} audio files (${listed.join(', ')}): send by id instead.`,
  );
}

function integer(value: string, field: string): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${field} must be a whole number; got "${value}".`);
  return Number(value);
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
