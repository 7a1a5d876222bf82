/**
 * What installs the server in one click agrees with the server: server.json is valid against the MCP
 * Registry's published schema (vendored in fixtures/), names the package's mcpName and version, and the MCP
 * bundle's manifest lists exactly the tools the server offers, and its entry runs from a folder of its own (no
 * node_modules). `mcpb validate` and `mcpb pack` run in the gate.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox } from '@musique/sandbox';
import { Ajv } from 'ajv';
import { storeStatusTool } from '../src/app/index.js';
import { toolName } from '../src/index.js';
import { TOOLS } from '../src/tools/index.js';

const read = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', file), 'utf8'));
const pkg = read('package.json');
const serverJson = read('server.json');
const manifest = read('manifest.json');
// The Registry's schema carries OpenAPI's discriminator and example keywords: not strict JSON Schema.
const validate = new Ajv({ strict: false, validateFormats: false }).compile(
  read('test/fixtures/registry-server.schema.json'),
);

test("server.json is valid against the Registry's schema and names this package", () => {
  expect(validate(serverJson) ? [] : validate.errors).toEqual([]);
  expect(serverJson.name).toBe(pkg.mcpName);
  expect(serverJson.version).toBe(pkg.version);
  expect(serverJson.packages[0]).toMatchObject({
    registryType: 'npm',
    identifier: pkg.name,
    version: pkg.version,
  });
});

const spoilers: [string, Record<string, unknown>][] = [
  ['a version range', { packages: [{ ...serverJson.packages[0], version: 'latest' }] }],
  ['a name without a namespace', { name: 'musique' }],
  ['a description past 100 characters', { description: 'x'.repeat(101) }],
];
test.each(spoilers)('the schema refuses %s', (_, spoilt) => {
  expect(validate({ ...serverJson, ...spoilt })).toBe(false);
});

test('the bundle manifest asks for the key as a secret and lists exactly the tools', () => {
  expect(manifest.version).toBe(pkg.version);
  expect(manifest.user_config.api_key).toMatchObject({ sensitive: true, required: true });
  expect(manifest.server.mcp_config.env.MUSIQUE_API_KEY).toBe(['$', '{user_config.api_key}'].join(''));
  expect(manifest.tools.map((tool: { name: string }) => tool.name).sort()).toEqual(
    [...TOOLS.map((tool) => toolName(tool.operation)), storeStatusTool.name].sort(),
  );
});

test('the bin starts as a command: a node shebang, executable', () => {
  const bin = readFileSync(join(__dirname, '../dist/bin.js'), 'utf8');
  expect(bin.split('\n')[0]).toBe('#!/usr/bin/env node');
});

test("the bundle's entry runs alone: copied to an empty folder, it lists the tools and reaches the API", async () => {
  const alone = mkdtempSync(join(tmpdir(), 'musique-mcpb-'));
  copyFileSync(join(__dirname, '..', manifest.server.entry_point), join(alone, 'bin.js'));
  const sandbox = await startSandbox({ port: 0, memory: true, seed: 'demo' });
  const client = new Client({ name: 'test', version: '1.0.0' });
  try {
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(alone, 'bin.js')],
        cwd: alone,
        env: {
          PATH: process.env.PATH ?? '',
          MUSIQUE_API_KEY: sandbox.apiKey,
          MUSIQUE_BASE_URL: sandbox.baseUrl,
        },
      }),
    );
    const { tools } = await client.listTools();
    const health = (await client.callTool({ name: 'health', arguments: {} })) as CallToolResult;
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      manifest.tools.map((tool: { name: string }) => tool.name).sort(),
    );
    expect(health.isError).toBeFalsy();
  } finally {
    await client.close();
    await sandbox.stop();
  }
});
