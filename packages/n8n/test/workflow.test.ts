/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   tests run in Node, not inside n8n: the Cloud rules for shipped node code do not apply to them. */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Sandbox, startSandbox } from '@musique/sandbox';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { prepareBinaryData } from './harness/n8n-context';
import { fixture, runMusique } from './support';

interface WorkflowNode {
  name: string;
  type: string;
  parameters: IDataObject;
}
interface Workflow {
  nodes: WorkflowNode[];
  connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

let sandbox: Sandbox;
let workflow: Workflow;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, memory: true, seed: 'none' });
  workflow = JSON.parse(
    await readFile(join(__dirname, '../examples/upload-and-send.workflow.json'), 'utf8'),
  ) as Workflow;
});
afterAll(() => sandbox.stop());

/** The nodes in the order the connections run them, from the manual trigger on. */
function chain(): WorkflowNode[] {
  const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
  let current = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
  const ordered: WorkflowNode[] = [];
  while (current) {
    ordered.push(current);
    const next: string | undefined = workflow.connections[current.name]?.main[0]?.[0]?.node;
    current = next ? byName.get(next) : undefined;
  }
  return ordered;
}

test('the example workflow is manual trigger -> read file -> Musique upload -> Musique send', () => {
  expect(chain().map((node) => [node.type, node.parameters.operation])).toEqual([
    ['n8n-nodes-base.manualTrigger', undefined],
    ['n8n-nodes-base.readWriteFile', 'read'],
    ['CUSTOM.musique', 'upload'],
    ['CUSTOM.musique', 'send'],
  ]);
});

test("the example workflow's Musique nodes upload the promo and it reaches stores 1 and 42", async () => {
  const [, read, upload, send] = chain();
  const credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl };
  // What the read-file node hands on: the file, kept on disk by n8n's binary data service.
  const data = await prepareBinaryData(
    fixture(basename(String(read?.parameters.fileSelector))),
    'filesystem-v2',
  );
  let items: INodeExecutionData[] = [{ json: {}, binary: { data } }];

  items = (await runMusique({ credentials, parameters: upload!.parameters, items })).output;
  expect(items[0]?.json).toMatchObject({ name: 'Summer Sale', format: 'mp3' });
  items = (await runMusique({ credentials, parameters: send!.parameters, items })).output;
  expect(items[0]?.json).toMatchObject({ audioId: items[0]?.json.audioId, status: expect.any(String) });

  for (const store of ['store_001', 'store_042']) {
    const player = await sandbox.player(store);
    const received = [player.nowPlaying, ...player.queue, ...player.history].filter(Boolean);
    expect(received.map((item) => item?.name)).toContain('Summer Sale');
  }
});
