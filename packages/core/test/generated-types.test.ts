import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

test('the generated types match the contract', () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'musique-types-')), 'openapi.ts');
  const root = path.join(__dirname, '..');
  execFileSync(
    'pnpm',
    ['exec', 'openapi-typescript', '../../shared/openapi/musique.openapi.yaml', '-o', out],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(root, 'src/generated/openapi.ts'), 'utf8'));
});
