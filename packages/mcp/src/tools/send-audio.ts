import {
  formatInZone,
  needsConfirmation,
  operations,
  parseInput,
  refusePastTime,
  resolveStoreReferences,
  type Send,
} from '@musique/core';
import { failure, type McpTool, success } from './tool.js';

/** What the API said happened, and no more: a queued send is not yet playing. */
function sentence(send: Send, timeZone: string): string {
  if (send.status === 'scheduled' && send.scheduleAt)
    return `is scheduled for ${formatInZone(new Date(send.scheduleAt), timeZone)} on`;
  if (send.status === 'queued') return 'is queued (it plays once the player takes it) on';
  if (send.status === 'failed') return 'failed to reach';
  return 'was sent to';
}

/** send_audio: plays an audio on one store, several or all; several are confirmed by the person first. */
export const sendAudio: McpTool = {
  operation: operations.sendAudio,
  async run({ confirmationToken, ...input }, { client, directory, timeZone, confirm, audioOf }) {
    const { audio: reference, stores, ...options } = parseInput(operations.sendAudio, input, { timeZone });
    const audio = await audioOf(reference);
    const { externalIds, everyStore } = await resolveStoreReferences(stores, directory);
    if (options.scheduleAt) refusePastTime(new Date(options.scheduleAt), { timeZone });
    let postOptions = {};
    if (needsConfirmation(operations.sendAudio, { stores: externalIds.length })) {
      const where = everyStore
        ? `all ${externalIds.length} stores`
        : `${externalIds.length} stores (${externalIds.slice(0, 10).join(', ')}${externalIds.length > 10 ? ', …' : ''})`;
      const when = options.scheduleAt
        ? ` at ${formatInZone(new Date(options.scheduleAt), timeZone)}`
        : ' now';
      const answer = await confirm(
        operations.sendAudio,
        { audioId: audio.audioId, externalIds, ...options },
        `Play "${audio.name}" on ${where}${when}?`,
        confirmationToken,
      );
      if ('answer' in answer) return answer.answer;
      postOptions = answer;
    } else if (confirmationToken !== undefined) {
      return failure('A send to one store needs no confirmation token; call again without it.');
    }
    const send = await client.audio.send(audio.audioId, { externalIds, ...options }, postOptions);
    const where = externalIds.length === 1 ? externalIds[0] : `${externalIds.length} stores`;
    return success({ ...send, message: `"${audio.name}" ${sentence(send, timeZone)} ${where}.` });
  },
};
