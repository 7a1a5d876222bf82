/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test code, never shipped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { Musique } from '../nodes/Musique/Musique.node';
import { MusiqueSandboxTrigger } from '../nodes/MusiqueSandboxTrigger/MusiqueSandboxTrigger.node';
import { MusiqueTrigger } from '../nodes/MusiqueTrigger/MusiqueTrigger.node';

/** What the n8n editor shows of the nodes, read from their descriptions (the gate looks at the real editor). */
const musique = new Musique().description;
const trigger = new MusiqueTrigger().description;
const sandboxTrigger = new MusiqueSandboxTrigger().description;

const find = (properties: INodeProperties[], name: string, operation?: string): INodeProperties => {
  const found = properties.find(
    (property) =>
      property.name === name && (!operation || property.displayOptions?.show?.operation?.includes(operation)),
  );
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
};
const sendOptions = find(musique.properties, 'options', 'send').options as INodeProperties[];
const audioModes = find(musique.properties, 'audioId', 'send').modes ?? [];

test("n8n's node panel shows the Musique app with only what works against the API; the sandbox apart", () => {
  // The package's node list, and n8n's rule (editor-ui's useActionsGenerator): a trigger named `<app>Trigger`
  // joins the app's actions; any other trigger becomes an app of its own.
  const manifest = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'));
  const classes: Record<string, INodeTypeDescription> = {
    Musique: musique,
    MusiqueTrigger: trigger,
    MusiqueSandboxTrigger: sandboxTrigger,
  };
  const described = (manifest.n8n.nodes as string[]).map((file) => {
    const description = classes[file.replace(/^.*\/(\w+)\.node\.js$/, '$1')];
    if (!description) throw new Error(`${file} is not a node the test knows`);
    return description;
  });
  const apps = described.filter((node) => !node.group.includes('trigger')).map((node) => node.name);
  const ungrouped = described
    .filter((node) => node.group.includes('trigger'))
    .filter((node) => !apps.includes(node.name.replace('Trigger', '')))
    .map((node) => node.displayName);
  expect(apps).toEqual(['musique']);
  // Only the sandbox's trigger stands apart, named for what it needs.
  expect(ungrouped).toEqual(['Musique Sandbox Trigger']);
  // The app's triggers, named by their `action` (else n8n's "On <Start Case>"): New Audio, and nothing that
  // fails against the Musique API.
  const events = find(trigger.properties, 'event').options as Array<{ action?: string; value: string }>;
  expect(events.map((event) => event.action)).toEqual(['On new audio']);
});

test("the sandbox trigger's events, and a notice above them, say only a sandbox sends them", () => {
  const events = find(sandboxTrigger.properties, 'event').options as Array<{ action?: string }>;
  expect(events.map((event) => event.action)).toEqual([
    'On audio created',
    'On audio deleted',
    'On send created',
    'On send delivered',
  ]);
  const notice = find(sandboxTrigger.properties, 'sandboxOnly');
  expect(notice.type).toBe('notice');
  expect(notice.displayName).toMatch(/Only a Musique sandbox sends these events.*use the Musique Trigger/);
  expect(sandboxTrigger.description).toMatch(/sandbox/);
});

test("the triggers' canvas subtitles and listening panel speak words, not raw values", () => {
  expect(sandboxTrigger.subtitle).toContain('"audio.created":"Audio created"');
  expect(trigger.subtitle).toContain('New audio');
  expect(sandboxTrigger.eventTriggerDescription).not.toMatch(/Musique Webhook/);
  expect(sandboxTrigger.eventTriggerDescription).toMatch(/sandbox/);
});

test('the Docs links carry no fragment, so the query n8n appends cannot break them', () => {
  const nodes = [
    'Musique/Musique',
    'MusiqueTrigger/MusiqueTrigger',
    'MusiqueSandboxTrigger/MusiqueSandboxTrigger',
  ];
  for (const node of nodes) {
    const codex = JSON.parse(readFileSync(join(__dirname, `../nodes/${node}.node.json`), 'utf8'));
    for (const { url } of codex.resources.primaryDocumentation) expect(url).not.toContain('#');
  }
});

test('collections say "Add option", "Add filter", as the n8n nodes do', () => {
  const placeholders = [...musique.properties, ...trigger.properties]
    .filter((property) => property.type === 'collection')
    .map((property) => property.placeholder);
  expect(placeholders.length).toBeGreaterThan(2);
  for (const placeholder of placeholders) expect(placeholder).toMatch(/^Add [a-z]+$/);
});

test('an empty "By ID" audio leaves "required" to say it alone; a space is still refused', () => {
  const byId = audioModes.find((mode) => mode.name === 'id');
  const rule = byId?.validation?.[0];
  const properties = rule && 'properties' in rule ? (rule.properties as { regex?: string }) : {};
  const regex = new RegExp(properties.regex ?? 'no rule');
  expect(regex.test('')).toBe(true);
  expect(regex.test('aud 1')).toBe(false);
});

test('the audio picker reads as n8n\'s own: a "Select" placeholder, By URL, and links on results', () => {
  expect(audioModes.map((mode) => mode.displayName)).toEqual(['From List', 'By URL', 'By ID']);
  expect(audioModes[0]?.placeholder).toBe('Select an audio file...');
  const byUrl = audioModes[1];
  const extract = byUrl?.extractValue;
  expect(
    extract?.type === 'regex' && new RegExp(extract.regex).exec('http://x/files/aud_42ab.mp3')?.[1],
  ).toBe('aud_42ab');
});

test('Play At is read in the workflow\'s time zone and says "now" once', () => {
  const playAt = find(sendOptions, 'scheduleAt');
  expect(playAt.description).toMatch(/workflow's time zone/);
  expect(playAt.description).not.toMatch(/your time zone/);
  expect(playAt.description?.match(/now/g)).toHaveLength(1);
});

test('Stores shows the forms people type in a visible hint, lists and "all" among them', () => {
  const stores = find(musique.properties, 'externalIds', 'send');
  expect(stores.hint).toMatch(/commas, spaces or new lines/);
  expect(stores.hint).toMatch(/"all" for every store/);
  expect(stores.placeholder).toBe('e.g. 42, 43 #44');
  expect(stores.description).not.toMatch(/broadcast|reaches all or none/);
});

test('Volume and Repeat state their range where they are typed (n8n drops a digit past it silently)', () => {
  expect(find(sendOptions, 'volume').hint).toBe('A whole number from 0 to 100');
  expect(find(sendOptions, 'repeat').hint).toBe('A whole number from 1 to 10');
});

test("Send's options are in alphabetical order, as n8n lists them", () => {
  const names = sendOptions.map((option) => option.displayName);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
});

test('the node (and so the Musique Tool) starts on an operation an AI agent can use: no binary input', () => {
  const operation = find(musique.properties, 'operation', undefined);
  expect(operation.default).toBe('getMany');
});
