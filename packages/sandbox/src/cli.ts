import { parseArgs } from 'node:util';
import { type Sandbox, startSandbox } from './sandbox.js';

const usage = `Usage: musique-sandbox start [--port 4010] [--host 127.0.0.1] [--data .musique] [--seed demo] [--memory]
                             [--database postgres://...] [--files DIR]

Starts a local Musique Partner API with a demo company (50 stores) and prints a working API key.
  --port     port to listen on (0 picks a free one)            default 4010
  --host     interface to listen on                            default 127.0.0.1
  --data     data directory (database, audio files)            default .musique
  --seed     "demo" also uploads a few promo MP3s              default demo
  --memory   keep everything in memory; nothing survives stop
  --database a PostgreSQL server instead of the embedded database; several sandboxes on one server
             share everything (give them one --data, or copies of it, and one --files)
  --files    where audio bytes are kept                        default <data>/audio`;

/** Runs the CLI; resolves with the started sandbox (for tests) or null after printing help or an error. */
export async function runCli(
  argv: string[],
  out: (line: string) => void = console.log,
): Promise<Sandbox | null> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    out(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return null;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== 'start') {
    out(usage);
    if (!values.help) process.exitCode = 2;
    return null;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    out(`--port must be a number from 0 to 65535; got ${values.port}.`);
    process.exitCode = 2;
    return null;
  }
  if (values.seed !== 'demo' && values.seed !== 'none') {
    out(`--seed must be demo or none; got ${values.seed}.`);
    process.exitCode = 2;
    return null;
  }
  const sandbox = await startSandbox({
    port,
    host: values.host,
    data: values.data,
    memory: values.memory,
    seed: values.seed,
    ...(values.database ? { database: values.database } : {}),
    ...(values.files ? { files: values.files } : {}),
  });
  out(
    [
      'Musique sandbox running',
      `  Base URL       ${sandbox.baseUrl}`,
      `  API key        ${sandbox.apiKey}`,
      `  Company token  ${sandbox.companyToken}`,
      `  Data           ${values.memory ? 'in memory (gone on stop)' : sandbox.dataDir}`,
      ...(values.database ? [`  Database       ${redactPassword(values.database)}`] : []),
      // The key rides in the #fragment, which browsers never send: it stays out of every server log.
      `  Store wall     ${sandbox.url}/sandbox/wall#key=${sandbox.apiKey}`,
      '',
      'Try it:',
      `  curl -H "X-API-Key: ${sandbox.apiKey}" ${sandbox.baseUrl}/audio`,
      `  curl -H "X-API-Key: ${sandbox.apiKey}" ${sandbox.baseUrl}/sandbox/locations/store_001/player`,
      '',
      'Stop with Ctrl+C.',
    ].join('\n'),
  );
  return sandbox;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.musique' },
      seed: { type: 'string', default: 'demo' },
      memory: { type: 'boolean', default: false },
      database: { type: 'string' },
      files: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** A connection string's password never reaches the terminal. */
function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
