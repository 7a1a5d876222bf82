// Fails when a hand-written source file grows past 400 lines: past that a file holds more than one thing
// (issue 15). Generated files are exempt.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const maxLines = 400;
const generated = [/(^|\/)generated\//];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => /\.(?:[cm]?[jt]s|tsx|jsx)$/.test(file))
  .filter((file) => !generated.some((pattern) => pattern.test(file)));

const tooLong = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > maxLines) tooLong.push(`  ${file}: ${lines} lines`);
}
if (tooLong.length > 0) {
  console.error(
    `Source files over ${maxLines} lines (split each by what it holds; generated files belong under a generated/ folder):\n${tooLong.join('\n')}`,
  );
  process.exit(1);
}
console.log(`file sizes: ${files.length} source files, none over ${maxLines} lines`);
