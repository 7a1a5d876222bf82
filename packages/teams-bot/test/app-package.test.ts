import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

// The packager is a build-time script (scripts/package-app.mjs), run here as `pnpm package` runs it.
const packageApp = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(__dirname, '../scripts/package-app.mjs'), ...args], {
    env: { ...process.env, MicrosoftAppId: undefined, MUSIQUE_MCP_PUBLIC_URL: undefined },
  });

const pngSize = (png: Uint8Array) => {
  const bytes = Buffer.from(png);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
};

describe('the Teams app package', () => {
  const appId = '6f1c2a4e-1234-4cde-9abc-0123456789ab';
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'teams-app-'));
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('zips a manifest with the app id, command list, file support and 192 px and 32 px icons', async () => {
    const { stdout } = await packageApp(appId, '--out', outDir);
    const path = join(outDir, 'appPackage.zip');
    expect(stdout).toContain(path);
    const files = unzipSync(await readFile(path));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString());
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.$schema).toContain('/v1.30/');
    expect(manifest.agentConnectors).toBeUndefined();
    expect(manifest.id).toBe(appId);
    const [bot] = manifest.bots;
    expect(bot).toMatchObject({
      botId: appId,
      supportsFiles: true,
      scopes: expect.arrayContaining(['personal', 'team']),
    });
    const commands = bot.commandLists[0].commands as { title: string; description: string }[];
    expect(commands.map((c) => c.title)).toEqual(
      expect.arrayContaining(['send promo to store 42', 'list promos', 'status', 'help', 'cancel']),
    );
    // Teams' limits: at most 10 commands, titles up to 32 characters, descriptions up to 128.
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(pngSize(files[manifest.icons.color]!)).toEqual([192, 192]);
    expect(pngSize(files[manifest.icons.outline]!)).toEqual([32, 32]);
  });

  it("declares the MCP server's public URL as an agent connector with dynamic client registration", async () => {
    await packageApp(
      appId,
      '--out',
      outDir,
      '--mcp-url',
      'https://mcp.example.com/mcp',
      '--mcp-auth-reference',
      'dcr-7',
    );
    const files = unzipSync(await readFile(join(outDir, 'appPackage.zip')));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString());
    expect(manifest.agentConnectors).toEqual([
      expect.objectContaining({
        id: 'musique-mcp',
        toolSource: {
          remoteMcpServer: {
            mcpServerUrl: 'https://mcp.example.com/mcp',
            authorization: { type: 'DynamicClientRegistration', referenceId: 'dcr-7' },
          },
        },
      }),
    ]);
    expect(manifest.bots[0].botId).toBe(appId);
  });

  it('refuses an MCP URL that is not https, or one without its authorization reference', async () => {
    await expect(
      packageApp(
        appId,
        '--out',
        outDir,
        '--mcp-url',
        'http://mcp.example.com/mcp',
        '--mcp-auth-reference',
        'r',
      ),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/must be https/) });
    await expect(
      packageApp(appId, '--out', outDir, '--mcp-url', 'https://mcp.example.com/mcp'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/authorization reference id/),
    });
  });

  it('refuses an app id that is not a GUID', async () => {
    await expect(packageApp('my-bot', '--out', outDir)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/must be a GUID.*"my-bot"/),
    });
  });
});
