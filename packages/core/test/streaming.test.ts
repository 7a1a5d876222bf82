import { open, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNodeClient, fileFromPath } from '../src/node.js';
import { fixture } from './helpers.js';

const MB = 1024 * 1024;

/** A long but valid MP3: the fixture's frames over and over (it has no ID3 tag to repeat). */
async function writeLongMp3(file: string, bytes: number): Promise<number> {
  const frames = await readFile(fixture('promo-summer-sale.mp3'));
  const handle = await open(file, 'w');
  let written = 0;
  try {
    while (written + frames.length <= bytes) {
      await handle.write(frames);
      written += frames.length;
    }
  } finally {
    await handle.close();
  }
  return written;
}

/**
 * The client's memory alone: a server that counts the bytes and keeps none (the sandbox analyses what it
 * stores, which is its own memory, not the client's).
 */
async function startCountingServer() {
  const seen: { contentLength?: string; received: number }[] = [];
  const server = http.createServer((request, response) => {
    const entry = { contentLength: request.headers['content-length'], received: 0 };
    seen.push(entry);
    request.on('data', (chunk: Buffer) => {
      entry.received += chunk.length;
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

test('a streamed upload sends a Content-Length and does not hold the file in memory', async () => {
  const file = path.join(tmpdir(), `musique-long-${process.pid}.mp3`);
  const size = await writeLongMp3(file, 160 * MB);
  const server = await startCountingServer();
  try {
    const client = createNodeClient({ apiKey: 'msk_dev_1234567890abcdef', baseUrl: server.url });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    await client.audio.upload({ file: await fileFromPath(file), name: 'Long promo' });
    clearInterval(sampler);
    const [request] = server.seen;
    expect(request?.received).toBeGreaterThan(size);
    expect(Number(request?.contentLength)).toBe(request?.received);
    // Holding the file whole would add at least its 160 MB.
    expect(peak - before).toBeLessThan(64 * MB);
  } finally {
    await server.close();
    await rm(file, { force: true });
  }
}, 60_000);
