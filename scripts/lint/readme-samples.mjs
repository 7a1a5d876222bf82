// Docs that run (issue 29): every TypeScript block in a README type-checks against the built packages, and every
// shell block names commands that exist (see readme-shell.mjs). A sample that no longer compiles fails the lint.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { checkShellBlock, workspacePackages } from './readme-shell.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** Fenced blocks of a Markdown file: language, the README line of their first code line, their text. */
export function codeBlocks(markdown) {
  const blocks = [];
  let open;
  markdown.split('\n').forEach((line, index) => {
    const fence = /^(\s*)(`{3,})\s*([\w-]*)/.exec(line);
    if (!open && fence)
      open = { indent: fence[1].length, fence: fence[2], lang: fence[3], line: index + 2, lines: [] };
    else if (open && line.trim().startsWith(open.fence)) {
      blocks.push({ lang: open.lang, line: open.line, text: open.lines.join('\n') });
      open = undefined;
    } else if (open) open.lines.push(line.slice(Math.min(open.indent, line.search(/\S|$/))));
  });
  return blocks;
}

const readmes = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*README.md'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => file && !file.includes('node_modules/'));

const packages = workspacePackages(root);
const problems = [];
const tsBlocks = [];
let shellBlocks = 0;
for (const readme of readmes) {
  if (!existsSync(path.join(root, readme))) continue; // listed by git but deleted in the work tree
  for (const block of codeBlocks(readFileSync(path.join(root, readme), 'utf8'))) {
    if (['ts', 'typescript'].includes(block.lang)) tsBlocks.push({ readme, ...block });
    if (['sh', 'bash', 'shell'].includes(block.lang)) {
      shellBlocks++;
      problems.push(...checkShellBlock({ root, readme, packages, ...block }));
    }
  }
}
problems.push(...typeCheck(tsBlocks));

if (problems.length > 0) {
  console.error(
    `README samples that do not run (fix the sample or the code it describes):\n${problems.join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `readme samples: ${tsBlocks.length} TypeScript blocks compile, ${shellBlocks} shell blocks name real commands`,
);

/**
 * Each block becomes a module in a temporary folder whose node_modules sees what its README's package sees (its
 * dependencies and every workspace package, built), then one `tsc` checks them all with the workspace's settings.
 */
function typeCheck(blocks) {
  if (blocks.length === 0) return [];
  const missing = packages.filter((pkg) => pkg.types && !existsSync(path.join(pkg.dir, pkg.types)));
  if (missing.length > 0)
    return [`  ${missing.map((pkg) => pkg.name).join(', ')} not built: run \`pnpm build\` before this check`];
  const temp = mkdtempSync(path.join(os.tmpdir(), 'musique-readmes-'));
  try {
    writeFileSync(path.join(temp, 'package.json'), JSON.stringify({ type: 'module' }));
    linkModules(path.join(temp, 'node_modules'), [root]);
    const files = new Map();
    for (const block of blocks) {
      const folder = path.join(temp, block.readme.replace(/[/.]/g, '_'));
      if (!existsSync(folder)) {
        mkdirSync(folder);
        const own = path.join(root, path.dirname(block.readme));
        linkModules(path.join(folder, 'node_modules'), [own, root]);
      }
      const file = path.join(folder, `L${block.line}.ts`);
      // `export {}` keeps a block without imports a module, so top-level await is allowed in every one.
      writeFileSync(file, `${block.text}\nexport {};\n`);
      files.set(file, block);
    }
    writeFileSync(
      path.join(temp, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(root, 'tsconfig.base.json'),
        // A sample may show a value it does not use; everything else is as strict as the packages.
        compilerOptions: { noEmit: true, types: ['node'], noUnusedLocals: false, noUnusedParameters: false },
        files: [...files.keys()],
      }),
    );
    const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', temp, '--pretty', 'false'], { encoding: 'utf8' });
    if (run.status === 0) return [];
    return (run.stdout || run.stderr)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = /^(.*?\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
        const block = at && files.get(path.resolve(temp, at[1]));
        if (!block) return `  ${line}`;
        return `  ${block.readme}:${block.line + Number(at[2]) - 1}:${at[3]} ${at[4]}`;
      });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** A node_modules of links: the first folder's packages win, then the workspace's own, then the next folders'. */
function linkModules(target, folders) {
  const linked = new Set();
  const link = (name, source) => {
    if (linked.has(name) || !existsSync(source)) return;
    linked.add(name);
    mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    symlinkSync(source, path.join(target, name), 'dir');
  };
  const own = (folder) => {
    const modules = path.join(folder, 'node_modules');
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      if (!entry.startsWith('@')) link(entry, path.join(modules, entry));
      else
        for (const scoped of readdirSync(path.join(modules, entry)))
          link(`${entry}/${scoped}`, path.join(modules, entry, scoped));
    }
  };
  const [first, ...rest] = folders;
  own(first);
  for (const pkg of packages) link(pkg.name, pkg.dir);
  for (const folder of rest) own(folder);
}
