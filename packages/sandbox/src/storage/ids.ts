import { randomBytes, randomInt } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Ids as the docs show them: a short type prefix and random letters and digits (`aud_9x8y7z6w5v4u3t`). */
export const newId = (prefix: 'aud' | 'snd' | 'whk' | 'evt' | 'req') => `${prefix}_${randomAlphanumeric(16)}`;

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');
