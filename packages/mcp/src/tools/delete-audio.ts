import { NotFoundError, needsConfirmation, operations, parseInput } from '@musique/core';
import { failure, type McpTool, success } from './tool.js';

/** delete_audio: deletes an audio for good, once the person confirms; repeating it reports it deleted. */
export const deleteAudio: McpTool = {
  operation: operations.deleteAudio,
  async run({ confirmationToken, ...input }, { client, confirmations, person, confirm, audioOf }) {
    const { audio: reference } = parseInput(operations.deleteAudio, input);
    // A confirmed delete repeated: the audio is gone, which is what was asked.
    const target =
      typeof confirmationToken === 'string' ? confirmations.subjectOf(confirmationToken) : undefined;
    const gone = (audioId: string) =>
      client.audio.get(audioId).then(
        () => false,
        (error) => error instanceof NotFoundError,
      );
    if (target && (await gone(target))) {
      // Bound to what was asked: the same `audio` argument as the confirmed call, not any other.
      const redeemed = confirmations.redeem(
        operations.deleteAudio.key,
        { audioId: target, audio: reference },
        String(confirmationToken),
        person,
      );
      if ('refusal' in redeemed) return failure(redeemed.refusal);
      return success({
        audioId: target,
        deleted: true,
        status: 'deleted',
        message: `${target} is already deleted.`,
      });
    }
    const audio = await audioOf(reference);
    if (needsConfirmation(operations.deleteAudio)) {
      const answer = await confirm(
        operations.deleteAudio,
        { audioId: audio.audioId, audio: reference },
        `Delete "${audio.name}" (${audio.audioId}) for good?`,
        confirmationToken,
        audio.audioId,
      );
      if ('answer' in answer) return answer.answer;
    }
    return success({ ...(await client.audio.delete(audio.audioId)), status: 'deleted' });
  },
};
