import type { GetPromptResult, Prompt } from '@modelcontextprotocol/server';
import type { MusiqueClient, StoreDirectory } from '@musique/core';

export const PROMPTS: Prompt[] = [
  {
    name: 'announce-promo',
    title: 'Announce a promo',
    description: 'Choose a promo, confirm where and when it plays, then send it to the stores.',
    arguments: [
      { name: 'promo', description: 'The promo to announce, by name or ID (optional).' },
      { name: 'stores', description: 'Where: "42", "12, 42" or "all" (optional).' },
      { name: 'when', description: 'When: empty for now, or a date and time (optional).' },
    ],
  },
];

export function announcePromo(args: Record<string, string>): GetPromptResult {
  const promo = args.promo?.trim() ? `the promo "${args.promo.trim()}"` : 'a promo';
  const stores = args.stores?.trim() ? `stores ${args.stores.trim()}` : 'the stores the person names';
  const when = args.when?.trim() ? `at ${args.when.trim()}` : 'now unless the person gives a time';
  return {
    description: 'Announce a promo in stores',
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text: [
            `Announce ${promo} on ${stores}, ${when}.`,
            '1. Choose: call find_audio (category promotion) and pick the promo; if several match, show them and ask which.',
            '2. Confirm: tell the person the promo, the stores and the time, and the priority (normal unless they ask: urgent interrupts what is playing).',
            '3. Send: call send_audio. A send to several stores asks the person; if it answers needs_confirmation, ask them and call again with its confirmationToken.',
            'Finally say which stores received it, from the result.',
          ].join('\n'),
        },
      },
    ],
  };
}

/** Completions for the prompt's arguments: promo names as typed so far, and store IDs. */
export async function completePromptArgument(
  argument: { name: string; value: string },
  client: MusiqueClient,
  directory: StoreDirectory | undefined,
): Promise<{ values: string[]; hasMore: boolean }> {
  let values: string[] = [];
  if (argument.name === 'promo') {
    const page = await client.audio.list({ limit: 100, ...(argument.value ? { name: argument.value } : {}) });
    values = page.data.map((audio) => audio.name);
  } else if (argument.name === 'stores') {
    // "12, 4" completes the 4 and keeps the 12: each value is the whole argument as it would read.
    const typed = /[^,\s]*$/.exec(argument.value)?.[0] ?? '';
    const before = argument.value.slice(0, argument.value.length - typed.length);
    values = ['all', ...((await directory?.list()) ?? [])]
      .filter((store) => store.includes(typed))
      .map((store) => before + store);
  }
  return { values: values.slice(0, 100), hasMore: values.length > 100 };
}
