import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';

const appDir = path.resolve(__dirname, '..');
let outDir: string;
let unzipped: string;

beforeAll(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'musique-zapier-build-'));
  unzipped = path.join(outDir, 'unzipped');
  execFileSync('pnpm', ['exec', 'tsup', '--silent'], { cwd: appDir, stdio: 'pipe' });
  execFileSync(process.execPath, ['scripts/build-zip.mjs', '--out', outDir], { cwd: appDir, stdio: 'pipe' });
  new AdmZip(path.join(outDir, 'build.zip')).extractAllTo(unzipped);
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** What Zapier's Lambda does with the zip: load zapierwrapper.js and call its handler, outside this workspace. */
function runInZip(script: string): string {
  return execFileSync(process.execPath, ['-e', script], {
    cwd: unzipped,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
}

describe('the deployable zip (build/build.zip)', () => {
  it('holds the entry points, the definition and zapier-platform-core, and none of the workspace links', () => {
    const entries = new AdmZip(path.join(outDir, 'build.zip')).getEntries().map((entry) => entry.entryName);
    expect(entries).toEqual(
      expect.arrayContaining([
        'index.js',
        'zapierwrapper.js',
        'definition.json',
        'package.json',
        'dist/index.js',
        'node_modules/zapier-platform-core/package.json',
      ]),
    );
    expect(entries.some((entry) => entry.includes('@musique'))).toBe(false);
    const packageJson = JSON.parse(readFileSync(path.join(unzipped, 'package.json'), 'utf8'));
    expect(packageJson.dependencies).toEqual({ 'zapier-platform-core': '19.1.0' });
  });

  it("loads from the unzipped folder alone (the core bundled in) and answers Zapier's definition command", () => {
    const output = runInZip(`
      require('./index.js');
      const { handler } = require('./zapierwrapper.js');
      handler({ command: 'definition' }, {}, (error, result) => {
        if (error) { console.error(error); process.exit(1); }
        const app = result.results;
        process.stdout.write('RESULT ' + JSON.stringify({ triggers: Object.keys(app.triggers), creates: Object.keys(app.creates), searches: Object.keys(app.searches) }));
      });`);
    expect(JSON.parse(output.slice(output.indexOf('RESULT ') + 7))).toEqual({
      triggers: ['new_audio', 'audio_list'],
      creates: ['upload_audio', 'send_audio', 'delete_audio'],
      searches: ['find_audio'],
    });
  });

  it('ships a definition.json that matches the app', () => {
    const definition = JSON.parse(readFileSync(path.join(unzipped, 'definition.json'), 'utf8'));
    expect(definition).toMatchObject({
      version: '0.1.0',
      platformVersion: '19.1.0',
      authentication: { type: 'custom' },
    });
  });

  it('writes the source.zip that `zapier-platform upload` sends beside it', () => {
    const entries = new AdmZip(path.join(outDir, 'source.zip')).getEntries().map((entry) => entry.entryName);
    expect(entries).toEqual(expect.arrayContaining(['package.json', 'src/index.ts', 'README.md']));
  });
});
