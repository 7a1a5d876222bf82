import { categoryField, descriptionField, fileFromPath, nameField } from '@musique/core';
import { flagHelp, flagOf, flagOptions, flagUsage, localTimeZone, readFlags } from '../catalog-flags.js';
import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { audioLine, formatBytes } from '../format.js';
import { ProgressBar } from '../progress.js';

const uploadFlags = [
  flagOf('name', nameField),
  flagOf('category', categoryField),
  flagOf('description', descriptionField),
];

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'Upload an audio file (MP3, WAV, OGG or AAC)',
  usage: `upload <file> ${flagUsage(uploadFlags)}`,
  details: flagHelp(uploadFlags),
  options: flagOptions(uploadFlags),
  async run({ client, args, flags, io, json }) {
    const [path] = args;
    if (!path) throw new UsageError(`Which file? Usage: musique ${this.usage}`);
    const fields = readFlags(uploadFlags, flags, io.env.TZ || localTimeZone());
    const file = await fileFromPath(path);
    if (!json && io.stderr.isTTY && file.knownLength) {
      const bar = new ProgressBar(io.stderr, file.knownLength, `Uploading ${file.filename}`);
      const open = file.open;
      file.open = async function* () {
        for await (const chunk of open?.() ?? []) {
          bar.advance(chunk.byteLength);
          yield chunk;
        }
      };
    }
    const audio = await client.audio.upload({ file, ...fields });
    return {
      data: audio,
      text: `Uploaded ${formatBytes(audio.size)} ${audio.format}:\n${audioLine({ ...audio, category: fields.category ?? null })}\n${audio.url}`,
    };
  },
};
