import { audioIdField, type Field, operations } from '@musique/core';
import type { Sandbox } from '@musique/sandbox';
import { titleCase, zapierKey } from '../src/catalog.js';
import {
  App,
  appTester,
  caught,
  sandboxAppHandler,
  startRecordingProxy,
  startTestSandbox,
  zapierErrorOf,
} from './helpers.js';

type ZapierField = {
  key: string;
  label: string;
  type?: string;
  required?: boolean;
  list?: boolean;
  default?: string;
  helpText?: string;
  choices?: Array<{ value: string }>;
};
type Step = { operation: { inputFields?: ZapierField[] } };
type Definition = Record<'triggers' | 'creates' | 'searches', Record<string, Step>>;

/**
 * Each step of the app with its operation's catalog fields. `only` names the ones a step offers when not all
 * (a trigger polls the newest audio, so only the category filter applies); `zapierOnly` are the app's own
 * fields (no other surface has them); `optional` are catalog fields the step asks for less strictly (a search
 * finds by any of its fields).
 */
const table: Array<{
  step: `${keyof Definition}.${string}`;
  catalog: readonly Field[];
  only?: string[];
  zapierOnly?: string[];
  optional?: string[];
}> = [
  { step: 'creates.send_audio', catalog: operations.sendAudio.fields, zapierOnly: ['send_reference'] },
  { step: 'creates.upload_audio', catalog: operations.uploadAudio.fields },
  { step: 'creates.delete_audio', catalog: operations.deleteAudio.fields },
  {
    step: 'searches.find_audio',
    catalog: [...operations.findAudio.fields, audioIdField],
    optional: ['name', 'audio_id'],
  },
  { step: 'triggers.new_audio', catalog: operations.listAudio.fields, only: ['category'] },
  {
    step: 'triggers.new_audio_instant',
    catalog: operations.listAudio.fields,
    only: ['category'],
    zapierOnly: ['sandbox_only'],
  },
  { step: 'triggers.audio_list', catalog: [] },
];

const TYPES: Record<Field['kind'], string> = {
  text: 'string',
  integer: 'integer',
  time: 'datetime',
  stores: 'string',
  audio: 'string',
  file: 'file',
  choice: 'string',
};

let app: Definition;
beforeAll(async () => {
  // The sandbox build: the app's steps and New Audio (Instant), so every step that can ship is checked.
  app = (await sandboxAppHandler({ command: 'definition' })).results as Definition;
});

const stepOf = (name: string) => {
  const [kind, key] = name.split('.') as [keyof Definition, string];
  return app[kind][key];
};

/** The Zapier keys a step should have: its catalog fields (or the ones it offers) and its own. */
const keysOf = (row: (typeof table)[number]) => [
  ...(row.only ?? row.catalog.map(zapierKey)),
  ...(row.zapierOnly ?? []),
];

const rows = table.flatMap((row) => keysOf(row).map((key) => ({ ...row, key })));

describe("the Zapier app's fields against the operation catalog", () => {
  it('covers every trigger, create and search the app defines', () => {
    const steps = (['triggers', 'creates', 'searches'] as const).flatMap((kind) =>
      Object.keys(app[kind]).map((key) => `${kind}.${key}`),
    );
    expect(steps.sort()).toEqual(table.map((row) => row.step).sort());
  });

  it.each(table)('$step exposes no field the catalog lacks, and lacks none it has', (row) => {
    const keys = (stepOf(row.step)?.operation.inputFields ?? []).map((field) => field.key);
    const known = [...row.catalog.map(zapierKey), ...(row.zapierOnly ?? [])];
    expect(keys.filter((key) => !known.includes(key))).toEqual([]);
    expect(keys.sort()).toEqual(keysOf(row).sort());
  });

  it.each(rows.filter((row) => !row.zapierOnly?.includes(row.key)))(
    '$step $key: same label, kind, default, choices and range as the catalog',
    ({ step, key, catalog, optional }) => {
      const field = stepOf(step)?.operation.inputFields?.find((each) => each.key === key);
      const wanted = catalog.find((each) => zapierKey(each) === key);
      if (!field || !wanted) throw new Error(`${step} ${key}: missing on one side`);
      expect(field.label).toBe(titleCase(wanted.label));
      expect(field.type === 'text' ? 'string' : field.type).toBe(TYPES[wanted.kind]);
      expect(field.list ?? false).toBe(wanted.kind === 'stores');
      expect(field.required).toBe(optional?.includes(key) ? false : wanted.required);
      expect(field.default).toBe(wanted.default === undefined ? undefined : String(wanted.default));
      expect(field.choices?.map((choice) => choice.value)).toEqual(
        wanted.choices?.map((choice) => choice.value),
      );
      // Zapier has no bounds on a field: the help says them, and the step keeps them (below).
      if (wanted.range && wanted.kind === 'integer')
        expect(field.helpText).toContain(`from ${wanted.range.min} to ${wanted.range.max}`);
    },
  );
});

describe("the Zapier steps keep the catalog's ranges", () => {
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 'none' });
    proxy = await startRecordingProxy(sandbox.url);
  });
  afterAll(async () => {
    await proxy.stop();
    await sandbox.stop();
  });

  /** What a create needs besides the field under test. */
  const filled: Record<string, Record<string, unknown>> = {
    'creates.send_audio': { audio_id: 'aud_unused', stores: ['12'] },
  };

  const bounded = rows.flatMap(({ step, key, catalog }) => {
    const field = catalog.find((each) => zapierKey(each) === key);
    return field?.kind === 'integer' && field.range && step.startsWith('creates.')
      ? [field.range.min - 1, field.range.max + 1].map((value) => ({ step, key, value, field }))
      : [];
  });

  it('has bounded fields to check', () => expect(bounded.length).toBeGreaterThan(0));

  it.each(bounded)('$step refuses $key = $value before any request', async ({ step, key, value, field }) => {
    const [, create] = step.split('.') as [string, 'send_audio'];
    const error = zapierErrorOf(
      await caught(
        appTester(App.creates[create].operation.perform, {
          authData: { apiKey: sandbox.apiKey, baseUrl: proxy.baseUrl },
          inputData: { ...filled[step], [key]: value },
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'AppError', code: 'out_of_range', status: 400 });
    expect(error.message).toContain(`from ${field.range?.min} to ${field.range?.max}`);
    expect(proxy.requests).toEqual([]);
  });
});
