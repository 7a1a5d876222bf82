import { analyzeAudio, NotAudioError } from '../src/rules/audio-formats/index.js';
import { fixture } from './helpers.js';

/** An ADTS frame header (no CRC) for 44.1 kHz with `length` bytes in all. */
function adtsFrame(length: number): Buffer {
  const frame = Buffer.alloc(length);
  frame[0] = 0xff;
  frame[1] = 0xf1;
  frame[2] = (1 << 6) | (4 << 2); // AAC LC, sampling index 4 = 44,100 Hz
  frame[3] = (2 << 6) | ((length >> 11) & 0x03);
  frame[4] = (length >> 3) & 0xff;
  frame[5] = ((length & 0x07) << 5) | 0x1f;
  frame[6] = 0xfc; // one raw data block
  return frame;
}

function oggPage(granule: bigint, body: Buffer): Buffer {
  const header = Buffer.alloc(27 + 1);
  header.write('OggS', 0, 'latin1');
  header.writeBigInt64LE(granule, 6);
  header[26] = 1;
  header[27] = body.length;
  return Buffer.concat([header, body]);
}

function vorbisIdentification(sampleRate: number): Buffer {
  const packet = Buffer.alloc(30);
  packet[0] = 1;
  packet.write('vorbis', 1, 'latin1');
  packet[11] = 1;
  packet.writeUInt32LE(sampleRate, 12);
  return packet;
}

const refusal = (bytes: Uint8Array) => {
  try {
    analyzeAudio(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(NotAudioError);
    return (error as Error).message;
  }
  throw new Error('the bytes were accepted');
};

describe('audio formats are recognised from the bytes', () => {
  test('the fixture MP3s are MPEG audio whose duration comes from their frames', () => {
    expect(analyzeAudio(fixture('promo-summer-sale.mp3'))).toEqual({ format: 'mp3', duration: 4.963 });
    expect(analyzeAudio(fixture('promo-closing-time.mp3')).duration).toBeCloseTo(6.95, 1);
    expect(analyzeAudio(fixture('announcement.mp3')).duration).toBeCloseTo(4.26, 1);
  });

  test('an MP3 behind an ID3v2 tag is measured the same', () => {
    const tag = Buffer.alloc(10 + 20);
    tag.write('ID3', 0, 'latin1');
    tag[3] = 4;
    tag[9] = 20;
    expect(analyzeAudio(Buffer.concat([tag, fixture('promo-summer-sale.mp3')]))).toEqual({
      format: 'mp3',
      duration: 4.963,
    });
  });

  test('the WAV duration comes from its RIFF header', () => {
    expect(analyzeAudio(fixture('announcement.wav'))).toEqual({ format: 'wav', duration: 4.201 });
  });

  test('an AAC (ADTS) duration counts 1,024 samples per frame', () => {
    const stream = Buffer.concat(Array.from({ length: 431 }, () => adtsFrame(20)));
    expect(analyzeAudio(stream)).toEqual({
      format: 'aac',
      duration: Math.round(((431 * 1024) / 44100) * 1000) / 1000,
    });
  });

  test('an OGG Vorbis duration is the last granule position over the sample rate', () => {
    const ogg = Buffer.concat([oggPage(0n, vorbisIdentification(48000)), oggPage(96000n, Buffer.alloc(50))]);
    expect(analyzeAudio(ogg)).toEqual({ format: 'ogg', duration: 2 });
  });
});

describe('anything that is not whole audio is refused', () => {
  test('an empty file', () => {
    expect(refusal(Buffer.alloc(0))).toMatch(/empty/);
  });

  test('a text file renamed to .mp3', () => {
    expect(refusal(fixture('not-audio.mp3'))).toMatch(/not audio/);
  });

  test('an MP3 cut off inside its last frame', () => {
    expect(refusal(fixture('truncated.mp3'))).toMatch(/truncated/);
  });

  test('an MP3 cut on a frame boundary, shorter than its Info header declares', () => {
    const whole = fixture('promo-summer-sale.mp3');
    // 64 kbps at 22.05 kHz, MPEG-2 layer III: 208-byte frames (the first few may be padded); cut well inside.
    let cut = 0;
    for (let frames = 0; frames < 100; frames++) cut += 208 + ((whole[cut + 2]! >> 1) & 1);
    expect(refusal(whole.subarray(0, cut))).toMatch(/truncated/);
  });

  test('a WAV whose data chunk is incomplete', () => {
    const wav = fixture('announcement.wav');
    expect(refusal(wav.subarray(0, wav.length - 1000))).toMatch(/truncated/);
  });

  test('an AAC stream whose last frame is cut off', () => {
    const stream = Buffer.concat([adtsFrame(20), adtsFrame(20)]);
    expect(refusal(stream.subarray(0, 30))).toMatch(/truncated/);
  });

  test('an OGG file whose last page is cut off', () => {
    const ogg = Buffer.concat([oggPage(0n, vorbisIdentification(48000)), oggPage(96000n, Buffer.alloc(50))]);
    expect(refusal(ogg.subarray(0, ogg.length - 10))).toMatch(/truncated/);
  });
});
