import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { MusiqueClient, type UploadFile } from '../src/node.js';
import { fixture } from './helpers.js';

const MB = 1024 * 1024;

/**
 * A long but valid MP3 (the fixture's frames over and over; it has no ID3 tag to repeat) that counts what the
 * client has read of it, so a test can see how far reading runs ahead of what the server received.
 */
async function countedLongMp3(bytes: number) {
  const frames = await readFile(fixture('promo-summer-sale.mp3'));
  const repeats = Math.floor(bytes / frames.length);
  const source = { read: 0, size: repeats * frames.length };
  const file: UploadFile = {
    filename: 'long.mp3',
    contentType: 'audio/mpeg',
    knownLength: source.size,
    head: frames.subarray(0, 16),
    open: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < repeats; i++) {
            source.read += frames.length;
            yield frames;
          }
        })(),
        { objectMode: false },
      ),
  };
  return { file, source };
}

/** A server that counts the bytes it receives and keeps none, noting the most the client had read ahead. */
async function startCountingServer(source: { read: number }) {
  const seen: { contentLength?: string; received: number; aheadAtMost: number }[] = [];
  const server = http.createServer((request, response) => {
    const entry = { contentLength: request.headers['content-length'], received: 0, aheadAtMost: 0 };
    seen.push(entry);
    request.on('data', (chunk: Buffer) => {
      entry.received += chunk.length;
      entry.aheadAtMost = Math.max(entry.aheadAtMost, source.read - entry.received);
    });
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ audioId: 'aud_counted', size: entry.received }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/integration`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('a streamed upload sends its Content-Length and reads the file only a little ahead of the server', async () => {
  const { file, source } = await countedLongMp3(128 * MB);
  const server = await startCountingServer(source);
  try {
    const client = new MusiqueClient({ apiKey: 'msk_dev_1234567890abcdef', baseUrl: server.url });
    await client.audio.upload({ file, name: 'Long promo' });
    const [request] = server.seen;
    expect(source.read).toBe(source.size);
    expect(request?.received).toBeGreaterThan(source.size);
    expect(Number(request?.contentLength)).toBe(request?.received);
    // Stream buffers and the loopback socket hold a few MB at most; a client holding the file would be 128 MB ahead.
    expect(request?.aheadAtMost).toBeLessThan(32 * MB);
  } finally {
    await server.close();
  }
}, 60_000);
