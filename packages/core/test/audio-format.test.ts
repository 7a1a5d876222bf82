import { detectAudioFormat } from '../src/node.js';

test.each([
  ['ID3', 'mp3'],
  ['\xff\xfb\x90\x00', 'mp3'],
  ['\xff\xf1\x50\x80', 'aac'],
  ['RIFF\0\0\0\0WAVEfmt ', 'wav'],
  ['OggS', 'ogg'],
  ['%PDF-1.7', null],
  ['', null],
])('the first bytes %j say %s', (head, format) => {
  expect(detectAudioFormat(Uint8Array.from(head, (c) => c.charCodeAt(0)))).toBe(format);
});
