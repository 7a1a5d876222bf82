import { parseArgs } from 'node:util';
import { MusiqueClient, settingsFromEnv } from '@musique/core';
import type { Command, Io } from './command.js';
import { deleteCommand } from './commands/delete.js';
import { getCommand } from './commands/get.js';
import { healthCommand } from './commands/health.js';
import { limitsCommand } from './commands/limits.js';
import { listCommand } from './commands/list.js';
import { logsCommand } from './commands/logs.js';
import { sendCommand } from './commands/send.js';
import { uploadCommand } from './commands/upload.js';
import { describeError, ExitCode, exitCodeFor, UsageError } from './exit-codes.js';

const commands: Command[] = [
  uploadCommand,
  sendCommand,
  listCommand,
  getCommand,
  deleteCommand,
  healthCommand,
  limitsCommand,
  logsCommand,
];

const globalOptions = {
  'api-key': { type: 'string' },
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one `musique` command line and returns its exit code; never throws. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${helpText()}`);
    return ExitCode.usage;
  }

  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    json = values.json === true;
    if (values.help) {
      io.stdout.write(
        `${command.summary}\n\nUsage: musique ${command.usage}\n${command.details ? `\n${command.details}\n` : ''}`,
      );
      return ExitCode.ok;
    }
    const settings = settingsFromEnv(io.env);
    const apiKey = (values['api-key'] as string | undefined) ?? settings.apiKey;
    if (!apiKey) {
      throw new UsageError('No API key: pass --api-key or set MUSIQUE_API_KEY.');
    }
    const baseUrl = (values['base-url'] as string | undefined) ?? settings.baseUrl;
    const client = new MusiqueClient({
      apiKey,
      ...(baseUrl ? { baseUrl } : {}),
      userAgent: 'musique-cli',
      onIgnoredFilter: (filter) =>
        io.stderr.write(
          `Note: the API ignored the ${filter} filter; the results were filtered here instead.\n`,
        ),
    });
    const result = await command.run({ client, args: positionals, flags: values, io, json });
    io.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
    return ExitCode.ok;
  } catch (error) {
    const badCommandLine = isParseArgsError(error);
    const message = badCommandLine
      ? `${(error as Error).message}\nUsage: musique ${command.usage}`
      : describeError(error);
    if (json) {
      io.stdout.write(`${JSON.stringify({ error: errorJson(error, message) }, null, 2)}\n`);
    } else {
      io.stderr.write(`Error: ${message}\n`);
    }
    return badCommandLine ? ExitCode.usage : exitCodeFor(error);
  }
}

/** parseArgs throws errors coded ERR_PARSE_ARGS_* (checked by code: their class may come from another realm). */
function isParseArgsError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

function errorJson(error: unknown, message: string): Record<string, unknown> {
  const fields = error as { code?: unknown; status?: unknown; requestId?: unknown };
  return {
    message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.status === 'number' ? { status: fields.status } : {}),
    ...(typeof fields.requestId === 'string' ? { requestId: fields.requestId } : {}),
  };
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'musique: upload, send and manage in-store audio on the Musique Partner API.',
    '',
    'Usage: musique <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --api-key <key>   the API key (default: $MUSIQUE_API_KEY)',
    '  --base-url <url>  the API base URL (default: $MUSIQUE_BASE_URL, else production)',
    '  --json            print JSON for scripts',
    "  --help            show a command's usage",
    '',
  ].join('\n');
}
