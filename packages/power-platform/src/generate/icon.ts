/**
 * The connector's icon, drawn here so it needs no image tool: a white eighth note on the brand colour, 230 by
 * 230 pixels with no transparency, as certification asks (the background is iconBrandColor, never white).
 */
import { crc32, deflateSync } from 'node:zlib';

export const BRAND_COLOR = '#5B2A86';
export const ICON_SIZE = 230;

const rgbOf = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));

/** Whether the pixel (x, y) belongs to the note: a tilted oval head, a stem and a flag. */
function inNote(x: number, y: number): boolean {
  const [cx, cy] = [92, 158];
  const [dx, dy] = [x - cx, y - cy];
  const [u, v] = [dx * 0.9 + dy * 0.44, -dx * 0.44 + dy * 0.9]; // the head, tilted about 26 degrees
  const head = (u / 30) ** 2 + (v / 21) ** 2 <= 1;
  const stem = x >= 114 && x <= 124 && y >= 52 && y <= 152;
  const flag = y >= 52 && y <= 112 && x >= 124 && x <= 124 + (112 - y) * 0.75 && x - 124 <= 40;
  return head || stem || flag;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG (8-bit RGB, no alpha) of the note on `color`. */
export function drawIcon(color = BRAND_COLOR, size = ICON_SIZE): Buffer {
  const background = rgbOf(color);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) row.set(inNote(x, y) ? [255, 255, 255] : background, 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
