// Proves the layer rules in biome.json still bite (issue 29): `biome check .` passing shows no import points
// the wrong way, but not that a rule exists to catch one. This writes one-import probe files, wrong-way and
// right-way, into a copy of the folders, lints them with the repository's biome.json, and fails unless every
// wrong-way import is refused and every right-way one allowed. A rule deleted or mistyped fails the lint here.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const biome = path.join(root, 'node_modules', '.bin', 'biome');

/** [file the import sits in, what it imports]: each must be refused. */
const wrongWay = [
  ['packages/sandbox/src/rules/probe.ts', '../http/app.js'],
  ['packages/sandbox/src/rules/audio-formats/probe.ts', '../../http/routes/audio.js'],
  ['packages/sandbox/src/rules/probe.ts', 'fastify'],
  ['packages/sandbox/src/rules/probe.ts', '@fastify/multipart'],
  ['packages/sandbox/src/storage/probe.ts', '../rules/context.js'],
  ['packages/sandbox/src/storage/migrations/probe.ts', '../../http/edge.js'],
  ['packages/teams-bot/src/domain/probe.ts', '../hosts/choice.js'],
  ['packages/teams-bot/src/domain/send/probe.ts', '../../hosts/teams-ai/app.js'],
  ['packages/teams-bot/src/domain/commands/probe.ts', 'botbuilder'],
  ['packages/teams-bot/src/domain/conversation/probe.ts', '@microsoft/teams.apps'],
  ['packages/teams-bot/src/domain/probe.ts', '@microsoft/teams-ai'],
  ['packages/teams-bot/src/domain/cards/probe.ts', '../commands/parse.js'],
  ['packages/teams-bot/src/domain/cards/probe.ts', '../../hosts/activities.js'],
  ['packages/teams-bot/src/domain/cards/probe.ts', 'botbuilder'],
];

/** Imports in the direction the layers point: each must be allowed. */
const rightWay = [
  ['packages/sandbox/src/http/probe.ts', '../rules/send-requests.js'],
  ['packages/sandbox/src/http/probe.ts', '../storage/records.js'],
  ['packages/sandbox/src/rules/probe.ts', '../storage/db.js'],
  ['packages/teams-bot/src/hosts/probe.ts', '../domain/bot.js'],
  ['packages/teams-bot/src/domain/commands/probe.ts', '../cards/cards.js'],
  ['packages/teams-bot/src/domain/cards/probe.ts', '@musique/core'],
];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'musique-layers-'));
try {
  copyFileSync(path.join(root, 'biome.json'), path.join(scratch, 'biome.json'));
  const probes = [
    ...wrongWay.map((probe) => [...probe, true]),
    ...rightWay.map((probe) => [...probe, false]),
  ];
  const files = probes.map(([file, target, wrong], index) => {
    const probeFile = file.replace(/probe\.ts$/, `probe-${index}.ts`);
    mkdirSync(path.join(scratch, path.dirname(probeFile)), { recursive: true });
    writeFileSync(path.join(scratch, probeFile), `import '${target}';\n`);
    return { probeFile, file, target, wrong };
  });

  let output;
  try {
    output = execFileSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Biome exits 1 when it reports errors, which the wrong-way probes are there to cause.
    output = error.stdout;
  }
  const refused = new Set(
    JSON.parse(output)
      .diagnostics.filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports')
      .map((diagnostic) => diagnostic.location.path),
  );

  const problems = files.flatMap(({ probeFile, file, target, wrong }) => {
    if (wrong && !refused.has(probeFile)) return [`  not refused: ${file} importing '${target}'`];
    if (!wrong && refused.has(probeFile))
      return [`  refused, but the layers allow it: ${file} importing '${target}'`];
    return [];
  });
  if (problems.length > 0) {
    console.error(
      `The layer rules in biome.json (overrides, noRestrictedImports) do not hold:\n${problems.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(
    `layers: biome.json refuses ${wrongWay.length} wrong-way imports and allows ${rightWay.length} right-way ones`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
