/**
 * Builds the Teams app package for sideloading: appPackage/manifest.json with the bot's app id filled in,
 * plus the two icons drawn here (a tiny PNG encoder over node:zlib, so no image tooling is needed), zipped
 * into appPackage/build/appPackage.zip.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

/** Encodes RGBA pixels (row by row) as a PNG. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A quaver (eighth note) in a unit square: true where the glyph is. */
function inNote(u: number, v: number): boolean {
  const head = ((u - 0.4) / 0.17) ** 2 + ((v - 0.72) / 0.12) ** 2 <= 1;
  const stem = u >= 0.52 && u <= 0.6 && v >= 0.2 && v <= 0.72;
  const flag = v >= 0.2 && v <= 0.38 && u >= 0.56 && u <= 0.78 - (v - 0.2) * 0.6;
  return head || stem || flag;
}

/** Oversamples each pixel so the edges are smooth at 32 px too. */
function coverage(x: number, y: number, size: number, margin: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const u = ((x + (i + 0.5) / 4) / size - margin) / (1 - 2 * margin);
      const v = ((y + (j + 0.5) / 4) / size - margin) / (1 - 2 * margin);
      if (inNote(u, v)) hits++;
    }
  }
  return hits / 16;
}

/** 192 × 192, full colour: a white note on the accent colour. */
export function colorIcon(): Buffer {
  const accent: Rgba = [0x5b, 0x2d, 0x90, 255];
  return encodePng(192, 192, (x, y) => {
    const a = coverage(x, y, 192, 0.12);
    return [mix(accent[0], 255, a), mix(accent[1], 255, a), mix(accent[2], 255, a), 255];
  });
}

/** 32 × 32 outline: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y) => [255, 255, 255, Math.round(coverage(x, y, 32, 0.04) * 255)]);
}

const mix = (from: number, to: number, amount: number) => Math.round(from + (to - from) * amount);

/** A zip of the given files (deflated), enough for Teams' sideloading. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01, fixed so builds are reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    local.copy(central, 6, 4, 30); // the same version … name length fields
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: Teams Toolkit's placeholder syntax, not a JS template.
const APP_ID_PLACEHOLDER = '${{MICROSOFT_APP_ID}}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fills in the manifest, draws the icons and writes `appPackage.zip`; returns its path. */
export async function buildAppPackage(options: {
  appId: string;
  appPackageDir: string;
  outDir?: string;
}): Promise<string> {
  if (!GUID.test(options.appId)) {
    throw new Error(
      `The Microsoft app id must be a GUID (the bot registration's "Microsoft App ID"); got "${options.appId}".`,
    );
  }
  const template = await readFile(join(options.appPackageDir, 'manifest.json'), 'utf8');
  // The toolkit's syntax, so Teams Toolkit can fill the same manifest.
  const manifest = template.replaceAll(APP_ID_PLACEHOLDER, options.appId);
  const outDir = options.outDir ?? join(options.appPackageDir, 'build');
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'appPackage.zip');
  await writeFile(
    path,
    zip([
      { name: 'manifest.json', data: Buffer.from(manifest) },
      { name: 'color.png', data: colorIcon() },
      { name: 'outline.png', data: outlineIcon() },
    ]),
  );
  return path;
}
