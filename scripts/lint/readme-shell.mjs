// The shell half of the README check: every command a shell block names exists here. A pnpm script is in the
// package.json it runs from, a binary is the workspace's, a dependency's or on PATH, a path in an argument exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Programs a README asks the reader to bring, that this machine need not have: name → where they come from. */
const BROUGHT_BY_THE_READER = {
  'espeak-ng': "Debian's espeak-ng, only to remake the fixtures",
  lame: "Debian's lame, only to remake the fixtures",
  pac: "Microsoft's Power Platform CLI, signed in to a tenant: importing a connector needs an account",
};
const SHELL_BUILTINS = new Set([
  'cd',
  'export',
  'echo',
  'printf',
  'set',
  'unset',
  'true',
  'false',
  'test',
  'exit',
]);
/** pnpm's own commands; any other first word is a script of the package it runs in. */
const PNPM_COMMANDS = new Set(
  'install i add remove rm update up exec dlx create pack publish why list ls outdated store rebuild link unlink prune fetch patch audit config setup env import init deploy licenses root bin'.split(
    ' ',
  ),
);

/** Every package of the workspace (and the root): name, folder, scripts, binaries, built declarations. */
export function workspacePackages(root) {
  const folders = [root, path.join(root, 'test')];
  for (const entry of readdirSync(path.join(root, 'packages')))
    folders.push(path.join(root, 'packages', entry));
  return folders
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const bin = typeof json.bin === 'string' ? { [json.name]: json.bin } : (json.bin ?? {});
      return {
        name: json.name,
        dir,
        scripts: json.scripts ?? {},
        bins: Object.keys(bin),
        types: json.types,
        json,
      };
    });
}

/** Problems in one shell block, each as `  README:line: what is wrong`. */
export function checkShellBlock({ root, readme, packages, line, text }) {
  const readmeDir = path.join(root, path.dirname(readme));
  const pnpmVersion = packages.find((pkg) => pkg.dir === root)?.json.packageManager;
  const problems = [];
  // Until a `cd`, a README's commands may be meant for its own folder or for the repository root.
  let cwd;
  const here = () => (cwd ? [cwd] : [readmeDir, root]);
  const where = () =>
    cwd ? path.relative(root, cwd) || 'the repository root' : `${path.dirname(readme)} or the root`;

  for (const command of parseShell(text)) {
    const at = `  ${readme}:${line + command.line}:`;
    const problem = (message) => problems.push(`${at} ${message}`);
    const words = command.words.map((word) => word.replaceAll('$PWD/', `${cwd ?? root}/`));
    while (words.length && /^[A-Za-z_]\w*=/.test(words[0])) words.shift();
    const [name, ...args] = words;
    if (!name) continue;
    for (const word of words) {
      const pinned = /^pnpm@(\S+)$/.exec(word);
      if (pinned && pnpmVersion && `pnpm@${pinned[1]}` !== pnpmVersion)
        problem(`${word} is not the pnpm the workspace pins (${pnpmVersion}).`);
    }

    if (name === 'cd') {
      const target = here()
        .map((dir) => path.resolve(dir, args[0] ?? root))
        .find((dir) => existsSync(dir));
      if (!target) problem(`cd ${args[0]}: no such folder from ${where()}.`);
      cwd = target ?? cwd;
      continue;
    }
    if (name === 'pnpm') problems.push(...checkPnpm(args, { at, root, here, packages }));
    else if (name === 'npx') {
      const spec = args.find((arg) => !arg.startsWith('-'));
      const bare = spec?.replace(/^(@?[^@]+)@.+$/, '$1');
      // npx downloads a pinned package; an unpinned one must be a binary of the workspace.
      if (spec && bare === spec && !binaryExists(spec, here(), packages))
        problem(`npx ${spec}: not a binary of the workspace; pin a version (${spec}@x.y.z) to download it.`);
    } else if (name === 'node') {
      const script = args.find((arg) => !arg.startsWith('-'));
      if (script && !existsFrom(here(), script)) problem(`node ${script}: no such file from ${where()}.`);
    } else if (
      !SHELL_BUILTINS.has(name) &&
      !BROUGHT_BY_THE_READER[name] &&
      !binaryExists(name, here(), packages)
    ) {
      problem(
        `\`${name}\` is not a command here: no pnpm script, workspace or dependency binary, or program on PATH.`,
      );
    }

    // pnpm and npx arguments are names, checked above; node's script is too.
    const checked =
      name === 'node' ? args.filter((arg) => arg !== args.find((a) => !a.startsWith('-'))) : args;
    for (const arg of name === 'pnpm' || name === 'npx' ? [] : checked) {
      const candidate = pathIn(arg);
      if (candidate && !existsFrom(here(), candidate)) problem(`${candidate}: no such path from ${where()}.`);
    }
  }
  return problems;
}

function checkPnpm(args, { at, root, here, packages }) {
  const problems = [];
  const filters = [];
  let workspaceRoot = false;
  let rest = [...args];
  while (rest[0]?.startsWith('-')) {
    const [option, ...after] = rest;
    const inline = /^--filter=(.*)$/.exec(option);
    if (inline) filters.push(inline[1]);
    else if (option === '--filter' || option === '-F') filters.push(after.shift() ?? '');
    else if (option === '-w' || option === '--workspace-root') workspaceRoot = true;
    rest = after;
  }
  const [subcommand, ...more] = rest;
  if (!subcommand) return problems;

  let targets;
  if (filters.length > 0) {
    targets = [];
    for (const filter of filters) {
      const bare = filter.replace(/^\.\.\.|^\^|\.\.\.$/g, '');
      const found = bare.startsWith('.')
        ? packages.find((pkg) => here().some((dir) => path.resolve(dir, bare) === pkg.dir))
        : packages.find((pkg) => pkg.name === bare);
      if (found) targets.push(found);
      else problems.push(`${at} pnpm --filter ${filter}: no workspace package by that name or folder.`);
    }
    if (targets.length === 0) return problems;
  } else {
    const dirs = workspaceRoot ? [root] : here();
    targets = dirs.map((dir) => nearestPackage(dir, packages)).filter(Boolean);
  }

  if (subcommand === 'exec') {
    const binary = more[0];
    if (
      binary &&
      !binaryExists(
        binary,
        targets.map((pkg) => pkg.dir),
        packages,
      )
    )
      problems.push(
        `${at} pnpm exec ${binary}: no such binary in ${targets.map((pkg) => pkg.name).join(' or ')}.`,
      );
  } else if (!PNPM_COMMANDS.has(subcommand)) {
    const script = subcommand === 'run' ? more[0] : subcommand;
    // With several candidates (a README's folder or the root), one of them must have it.
    if (script && !targets.some((pkg) => script in pkg.scripts))
      problems.push(
        `${at} pnpm ${script}: no such script in ${targets.map((pkg) => pkg.name).join(' or ')}.`,
      );
  }
  return problems;
}

function nearestPackage(dir, packages) {
  for (let current = dir; ; current = path.dirname(current)) {
    const found = packages.find((pkg) => pkg.dir === current);
    if (found || current === path.dirname(current)) return found;
  }
}

function binaryExists(name, dirs, packages) {
  if (packages.some((pkg) => pkg.bins.includes(name))) return true;
  for (const dir of dirs) {
    for (let current = dir; ; current = path.dirname(current)) {
      if (existsSync(path.join(current, 'node_modules', '.bin', name))) return true;
      if (current === path.dirname(current)) break;
    }
  }
  return spawnSync('sh', ['-c', `command -v '${name.replaceAll("'", '')}'`]).status === 0;
}

const existsFrom = (dirs, relative) => dirs.some((dir) => existsSync(path.resolve(dir, relative)));

/** A relative path in an argument (`shared/x.mp3`, `--input=packages/y`, `file=@../z`), or undefined. */
function pathIn(arg) {
  const value = arg.includes('=') && !arg.startsWith('{') ? arg.slice(arg.lastIndexOf('=') + 1) : arg;
  const candidate = value.replace(/^@(?=\.|\w+\/)/, '');
  if (!/^[\w.-][\w.\-/]*\/[\w.\-/]*$/.test(candidate) || candidate.includes('...')) return undefined;
  return candidate;
}

/**
 * A shell script as commands, each its words (quotes removed) and the line it starts on. Enough of sh for
 * READMEs: quotes, `\` line continuations, comments, `&&`, `||`, `;`, `|`, redirections and here-documents.
 */
export function parseShell(text) {
  const commands = [];
  let words = [];
  let word;
  let lineNo = 0;
  let start = 0;
  let heredoc;
  let redirect = false;
  const endWord = () => {
    if (word === undefined) return;
    if (redirect) redirect = false;
    else words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push({ line: start, words });
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineNo++;
      endCommand();
      start = lineNo;
      if (heredoc) {
        const lines = text.slice(i + 1).split('\n');
        const end = lines.findIndex((l) => l.trim() === heredoc);
        const skipped = end === -1 ? lines.length : end + 1;
        i += lines.slice(0, skipped).join('\n').length + (end === -1 ? 0 : 1);
        lineNo += skipped;
        start = lineNo;
        heredoc = undefined;
      }
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i++;
      lineNo++;
      endWord();
      continue;
    }
    if (c === '#' && word === undefined) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    if ('&|;'.includes(c)) {
      endCommand();
      start = lineNo;
      if (text[i + 1] === c) i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      endWord();
      const match = /^<<-?\s*(['"]?)(\w+)\1/.exec(text.slice(i));
      if (match) {
        heredoc = match[2];
        i += match[0].length - 1;
      }
      continue;
    }
    if (c === '>' || c === '<') {
      endWord();
      if (text[i + 1] === '>') i++;
      redirect = true;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const quoted = text.slice(i + 1, close === -1 ? text.length : close);
      word = (word ?? '') + quoted;
      lineNo += quoted.split('\n').length - 1;
      i = close === -1 ? text.length : close;
      continue;
    }
    word = (word ?? '') + c;
  }
  endCommand();
  return commands;
}
