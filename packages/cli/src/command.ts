import type { Readable, Writable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type { MusiqueClient } from '@musique/core';

export interface Io {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export interface CommandContext {
  client: MusiqueClient;
  /** Arguments after the command name that are not flags. */
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  io: Io;
  /** True when the result goes out as JSON: no prompts' chatter, no progress bar. */
  json: boolean;
}

/** What a command produced: `data` for --json, `text` for people. */
export interface CommandResult {
  data: unknown;
  text: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** More for `--help`: each flag with its help line (from the core's catalog where it has the field). */
  details?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<CommandResult>;
}
