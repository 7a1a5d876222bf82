import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildAppPackage } from '../src/app-package.js';

/** Reads a zip's entries through its central directory, as Teams does. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString();
    const localName = archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const compressed = archive.subarray(offset + 30 + localName, offset + 30 + localName + compressedSize);
    const data = inflateRawSync(compressed);
    expect(data.length).toBe(size);
    files.set(name, data);
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return files;
}

const pngSize = (png: Buffer) => {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('the Teams app package', () => {
  const appId = '6f1c2a4e-1234-4cde-9abc-0123456789ab';
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'teams-app-'));
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('zips a manifest with the app id, command list, file support and 192 px and 32 px icons', async () => {
    const path = await buildAppPackage({ appId, appPackageDir: join(__dirname, '../appPackage'), outDir });
    const files = unzip(await readFile(path));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toContain('/v1.22/');
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
    expect(pngSize(files.get(manifest.icons.color)!)).toEqual([192, 192]);
    expect(pngSize(files.get(manifest.icons.outline)!)).toEqual([32, 32]);
  });

  it('refuses an app id that is not a GUID', async () => {
    await expect(
      buildAppPackage({ appId: 'my-bot', appPackageDir: join(__dirname, '../appPackage'), outDir }),
    ).rejects.toThrow(/must be a GUID/);
  });
});
