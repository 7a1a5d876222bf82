import { ValidationError } from './errors.js';

export type KeyEnvironment = 'prod' | 'dev' | 'live' | 'test';

export interface ParsedApiKey {
  companyPrefix: string;
  environment: KeyEnvironment;
  hash: string;
  /** prod and live keys reach production; dev and test keys are for testing. */
  isProduction: boolean;
}

const ENVIRONMENTS: readonly string[] = ['prod', 'dev', 'live', 'test'];

/**
 * Reads `{companyPrefix}_{environment}_{hash}` (G2's prod/dev and G1's live/test both parse), so a pasted key
 * that cannot work is caught before any request, with a message that says what is wrong with it.
 */
export function parseApiKey(key: string): ParsedApiKey {
  const fail = (problem: string) =>
    new ValidationError({
      code: 'invalid_format',
      param: 'apiKey',
      message: `This is not a Musique API key: ${problem}. Keys look like msk_prod_1234567890abcdef; copy it again from your Musique account.`,
    });
  const trimmed = key.trim();
  if (trimmed === '') throw fail('it is empty');
  if (/\s/.test(trimmed)) throw fail('it contains spaces');
  const parts = trimmed.split('_');
  if (parts.length !== 3) throw fail(`it has ${parts.length} part(s) separated by "_" instead of 3`);
  const [companyPrefix = '', environment = '', hash = ''] = parts;
  if (!/^[a-z0-9]+$/i.test(companyPrefix)) throw fail('the company prefix (before the first "_") is missing');
  if (!ENVIRONMENTS.includes(environment)) {
    throw fail(`the environment is "${environment}", not one of prod, dev, live or test`);
  }
  if (!/^[A-Za-z0-9]{16,}$/.test(hash))
    throw fail('the part after the environment is not a hash of 16 or more letters and digits');
  return {
    companyPrefix,
    environment: environment as KeyEnvironment,
    hash,
    isProduction: environment === 'prod' || environment === 'live',
  };
}
