/**
 * Both connectors as committed, judged offline: the repository's schema rules, certification's rules, Swagger 2.0
 * validity (swagger-parser), the icon, and drift (what `pnpm generate` would write now, from today's contract
 * and catalog). The gate `pnpm verify:platforms power-platform` and the tests both run this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { generateConnectors } from '../generate/index.js';
import { certificationProblems, connectionProblems, iconProblems } from './certification.js';
import { AGENTIC_EXCEPTION, definitionProblems } from './definition-rules.js';
import { propertiesProblems } from './properties-rules.js';

export const CONNECTORS = { musique: 'connector', mcp: 'mcp-connector' } as const;

/** The problems of one connector folder; none means it passes. */
export async function connectorProblems(packageDir: string, folder: string): Promise<string[]> {
  const read = (file: string) => readFileSync(join(packageDir, folder, file));
  const definitionBytes = read('apiDefinition.swagger.json');
  const definition = JSON.parse(definitionBytes.toString('utf8'));
  const properties = JSON.parse(read('apiProperties.json').toString('utf8'));
  const exceptions = folder === CONNECTORS.mcp ? [AGENTIC_EXCEPTION] : [];
  const problems = [
    ...definitionProblems(definition, exceptions),
    ...propertiesProblems(properties),
    ...certificationProblems(definition, definitionBytes.length),
    ...connectionProblems(definition, properties),
    ...iconProblems(read('icon.png'), String(properties.properties?.iconBrandColor)),
  ];
  try {
    await SwaggerParser.validate(structuredClone(definition));
  } catch (error) {
    problems.push(`not valid Swagger 2.0: ${(error as Error).message}`);
  }
  return problems.map((problem) => `${folder}: ${problem}`);
}

/** Committed files that differ from what the generator writes now (or are missing). */
export function driftedFiles(packageDir: string, generated = generateConnectors(packageDir)): string[] {
  return Object.entries(generated)
    .filter(([file, content]) => {
      try {
        return !readFileSync(join(packageDir, file)).equals(Buffer.from(content));
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
}
