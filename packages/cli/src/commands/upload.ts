import { fileFromPath } from '@musique/core/node';
import type { Command } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { audioLine, formatBytes } from '../format.js';
import { ProgressBar } from '../progress.js';

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'Upload an audio file (MP3, WAV, OGG or AAC)',
  usage: 'upload <file> [--name <name>] [--category <category>] [--description <text>]',
  options: {
    name: { type: 'string' },
    category: { type: 'string' },
    description: { type: 'string' },
  },
  async run({ client, args, flags, io, json }) {
    const [path] = args;
    if (!path) throw new UsageError(`Which file? Usage: musique ${this.usage}`);
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
    const audio = await client.audio.upload({
      file,
      ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
      ...(typeof flags.category === 'string' ? { category: flags.category } : {}),
      ...(typeof flags.description === 'string' ? { description: flags.description } : {}),
    });
    return {
      data: audio,
      text: `Uploaded ${formatBytes(audio.size)} ${audio.format}:\n${audioLine({ ...audio, category: (flags.category as string) ?? null })}\n${audio.url}`,
    };
  },
};
