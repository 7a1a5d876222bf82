/**
 * The committed connector is what the generator writes from today's contract and catalog: change either and this
 * fails until `pnpm --filter @musique/power-platform generate` is run and its output committed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations, scheduleAtField, storesField } from '@musique/core';
import { driftedFiles } from '../src/checks/index.js';
import { contractIn } from '../src/generate/contract.js';
import { generateConnectors } from '../src/generate/index.js';

const packageDir = join(__dirname, '..');

test('the committed connector files are exactly what the generator writes now', () => {
  expect(driftedFiles(packageDir)).toEqual([]);
});

test('a change to the contract (how long an idempotency key is kept) is drift until it is generated again', () => {
  const source = readFileSync(contractIn(packageDir), 'utf8');
  expect(source).toContain('Kept 24 hours.');
  const contract = join(mkdtempSync(join(tmpdir(), 'contract-')), 'musique.openapi.yaml');
  writeFileSync(contract, source.replace('Kept 24 hours.', 'Kept 48 hours.'));
  expect(driftedFiles(packageDir, generateConnectors(packageDir, { contract }))).toEqual([
    'connector/apiDefinition.swagger.json',
  ]);
});

test("a change to the catalog's words (the stores' meaning, the send's description) is drift too", () => {
  const saved = { meaning: storesField.meaning, description: operations.sendAudio.description };
  try {
    storesField.meaning = 'The stores that play it.';
    operations.sendAudio.description = 'Plays an audio file in stores.';
    const definition = String(generateConnectors(packageDir)['connector/apiDefinition.swagger.json']);
    expect(definition).toContain('The stores that play it.');
    expect(definition).toContain('Plays an audio file in stores.');
    expect(driftedFiles(packageDir)).toEqual(['connector/apiDefinition.swagger.json']);
  } finally {
    Object.assign(storesField, { meaning: saved.meaning });
    Object.assign(operations.sendAudio, { description: saved.description });
  }
});

test("every description of the send's fields is the catalog's, and the connector's own notes say where it differs", () => {
  const definition = JSON.parse(
    readFileSync(join(packageDir, 'connector/apiDefinition.swagger.json'), 'utf8'),
  );
  const send = definition.paths['/audio/{audioId}/send'].post;
  const body = send.parameters.find((parameter: { in: string }) => parameter.in === 'body').schema.properties;
  expect(body.externalIds.description.startsWith(storesField.meaning)).toBe(true);
  expect(body.externalIds.description).toContain('MCP connector');
  expect(body.scheduleAt.description.startsWith(scheduleAtField.meaning)).toBe(true);
  expect(send.description.startsWith(operations.sendAudio.description)).toBe(true);
});
