import { createInterface } from 'node:readline/promises';
import {
  createStoreDirectory,
  executeSendPlan,
  planSend,
  priorityField,
  repeatField,
  type Send,
  type SendPlan,
  type SendRefusal,
  scheduleAtField,
  volumeField,
} from '@musique/core';
import { settingsFromEnv } from '@musique/core/node';
import { flagHelp, flagOf, flagOptions, flagUsage, localTimeZone } from '../catalog-flags.js';
import type { Command, Io } from '../command.js';
import { DeclinedError, UsageError } from '../exit-codes.js';

const sendFlags = [
  flagOf('at', scheduleAtField),
  flagOf('priority', priorityField),
  flagOf('repeat', repeatField),
  flagOf('volume', volumeField),
];

/** The flag or argument each of the plan's inputs came from, so a refusal names what to change. */
const FLAG_OF: Record<string, string> = {
  scheduleAt: '--at',
  priority: '--priority',
  repeat: '--repeat',
  volume: '--volume',
  stores: '--to',
};

export const sendCommand: Command = {
  name: 'send',
  summary: 'Send an audio file to stores, now or at a time',
  usage: `send <audio id or name> (--to 12,42 | --to paris | --all) ${flagUsage(sendFlags)} [--yes]`,
  details: `${flagHelp(sendFlags)}
  (--at without an offset is read in this machine's time zone, TZ when set)
  --to takes store numbers or IDs, ranges (12-20) and the groups named in MUSIQUE_STORE_GROUPS.
  More than one store, or the same send again within 10 minutes of a run, asks first; --yes answers for you.`,
  options: {
    to: { type: 'string' },
    all: { type: 'boolean' },
    ...flagOptions(sendFlags),
    yes: { type: 'boolean', short: 'y' },
  },
  async run({ client, args, flags, io, json }) {
    const audio = args.join(' ').trim();
    if (!audio) throw new UsageError(`Which audio? Usage: musique ${this.usage}`);
    if (Boolean(flags.to) === Boolean(flags.all)) {
      throw new UsageError('Say where to send it: either --to <stores> (for example --to 12,42) or --all.');
    }
    const settings = settingsFromEnv(io.env);
    const planning = await planSend(
      client,
      {
        audio,
        stores: flags.all ? 'all' : String(flags.to),
        at: flags.at as string | undefined,
        priority: flags.priority,
        repeat: flags.repeat,
        volume: flags.volume,
      },
      {
        timeZone: io.env.TZ || localTimeZone(),
        directory: createStoreDirectory(client, settings.stores),
        ...(settings.groups ? { groups: settings.groups } : {}),
        ...(settings.storeFormat ? { storeFormat: settings.storeFormat } : {}),
      },
    );
    if (!planning.ok) throw refusal(planning.refusal);
    const { plan } = planning;
    if (plan.confirm && !flags.yes) await confirm(io, json, plan.confirm.question);
    const send = await executeSendPlan(client, plan);
    return { data: send, text: describeSend(plan, send) };
  },
};

/** The core's refusal, naming the flag to change; nothing was sent. */
function refusal(refused: SendRefusal): UsageError {
  const flag = FLAG_OF[refused.param];
  const hint = refused.kind === 'audio-not-found' ? ' See the names with: musique list' : '';
  return new UsageError(`${flag ? `${flag}: ` : ''}${refused.message}${hint}`);
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

function describeSend(plan: SendPlan, send: Send): string {
  const when = send.scheduled ? `scheduled for ${plan.when}` : send.status;
  const stores = send.destinations.map((d) => `  ${d.externalId}  ${d.status}`).join('\n');
  const notes = plan.notes.map((note) => `\n${note}`).join('');
  return `"${plan.audio.name}" ${when} to ${plan.stores.described} (send ${send.sendId}):\n${stores}${notes}`;
}
