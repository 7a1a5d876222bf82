import { type Field, type Operation, operations } from '@musique/core';
import type { INodeProperties } from 'n8n-workflow';
import { Musique } from '../nodes/Musique/Musique.node';
import { MusiqueTrigger } from '../nodes/MusiqueTrigger/MusiqueTrigger.node';

/** Each n8n operation and the catalog operation it offers. */
const OPERATIONS: Record<string, Operation> = {
  'audio.upload': operations.uploadAudio,
  'audio.get': operations.getAudio,
  'audio.getMany': operations.listAudio,
  'audio.delete': operations.deleteAudio,
  'audio.send': operations.sendAudio,
  'system.health': operations.health,
  'system.limits': operations.limits,
};

/** n8n names kept from before the catalog (saved workflows use them), and the catalog key each one is. */
const RENAMED: Record<string, string> = {
  audioId: 'audio',
  externalIds: 'stores',
  binaryPropertyName: 'file',
};

/** The form's own structure in n8n, which no catalog field describes. */
const N8N_OWN = new Set([
  'resource',
  'operation',
  'event',
  'returnAll',
  'filters',
  'options',
  'additionalFields',
]);

const N8N_TYPE: Record<Field['kind'], string> = {
  text: 'string',
  integer: 'number',
  time: 'dateTime',
  stores: 'string',
  audio: 'resourceLocator',
  file: 'string',
  choice: 'options',
};

interface Exposed {
  where: string;
  key: string;
  property: INodeProperties;
  operation: Operation;
}

/** Every leaf parameter a user can fill in, with the catalog operation it belongs to. */
function exposed(properties: INodeProperties[], where: string, fixed?: Operation): Exposed[] {
  return properties.flatMap((property) => {
    const show = property.displayOptions?.show;
    const key = show ? `${show.resource?.[0]}.${show.operation?.[0]}` : '';
    const operation = fixed ?? OPERATIONS[key];
    if (!operation)
      return N8N_OWN.has(property.name) ? [] : [{ where, key, property, operation: emptyOperation }];
    const inner = property.type === 'collection' ? (property.options as INodeProperties[]) : [];
    return [
      { where: `${where} ${key}`, key, property, operation },
      ...inner.map((child) => ({
        where: `${where} ${key} ${property.name}`,
        key,
        property: child,
        operation,
      })),
    ];
  });
}

const emptyOperation = { ...operations.health, title: '(no operation)' };

/** How an n8n parameter differs from its catalog field; empty when it matches. */
export function differences(property: INodeProperties, field: Field | undefined): string[] {
  if (N8N_OWN.has(property.name)) return [];
  if (!field) return [`${property.name} is not in the catalog`];
  const found: string[] = [];
  const expect = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted))
      found.push(
        `${property.name} ${what}: ${JSON.stringify(actual)}, the catalog says ${JSON.stringify(wanted)}`,
      );
  };
  // n8n takes a file as an item's binary data: the parameter names the binary field, so only its kind matters.
  if (field.kind === 'file')
    return property.type === 'string' ? [] : [`${property.name} is not a binary field name`];
  expect('type', property.type, N8N_TYPE[field.kind]);
  if (field.kind !== 'audio') expect('default', property.default, field.default ?? '');
  expect('required', property.required ?? false, field.required);
  if (field.kind === 'integer')
    expect('range', property.typeOptions, {
      minValue: field.range?.min,
      maxValue: field.range?.max,
      numberPrecision: 0,
    });
  if (field.choices)
    expect(
      'choices',
      (property.options as Array<{ name: string; value: string }>).map(({ name, value }) => ({
        name,
        value,
      })),
      field.choices.map(({ label, value }) => ({ name: label, value })),
    );
  return found;
}

const node = exposed(new Musique().description.properties, 'Musique');
// The trigger's filter is the list's: it polls the library the way Get Many lists it.
const trigger = exposed(
  (new MusiqueTrigger().description.properties.find((p) => p.name === 'filters')?.options ??
    []) as INodeProperties[],
  'Musique Trigger filters',
  operations.listAudio,
);
const rows = [...node, ...trigger].map(({ where, property, operation }) => ({
  where,
  name: property.name,
  property,
  field: operation.fields.find((field) => field.key === (RENAMED[property.name] ?? property.name)),
}));

describe('the n8n nodes expose the catalog', () => {
  test.each(rows)('$where: $name matches its catalog field', ({ property, field }) => {
    expect(differences(property, field)).toEqual([]);
  });

  test.each(Object.entries(OPERATIONS))(
    '%s offers every field of the catalog operation',
    (key, operation) => {
      const names = node
        .filter((row) => row.key === key)
        .map((row) => RENAMED[row.property.name] ?? row.property.name);
      expect(operation.fields.map((field) => field.key).filter((field) => !names.includes(field))).toEqual(
        [],
      );
    },
  );

  test('the check catches a parameter the catalog lacks, another range, default or choices', () => {
    const repeat = rows.find((row) => row.name === 'repeat');
    const priority = rows.find((row) => row.name === 'priority');
    expect(repeat?.field && priority?.field).toBeTruthy();
    if (!repeat?.field || !priority?.field) return;
    const wider = { ...repeat.property, typeOptions: { minValue: 1, maxValue: 11, numberPrecision: 0 } };
    const fractional = { ...repeat.property, typeOptions: { minValue: 1, maxValue: 10 } };
    const otherDefault = { ...repeat.property, default: 2 };
    const fewer = { ...priority.property, options: (priority.property.options ?? []).slice(1) };
    const stray: INodeProperties = { displayName: 'Fade', name: 'fade', type: 'boolean', default: false };
    expect(differences(wider, repeat.field)).toEqual([expect.stringContaining('repeat range')]);
    expect(differences(fractional, repeat.field)).toEqual([expect.stringContaining('repeat range')]);
    expect(differences(otherDefault, repeat.field)).toEqual([expect.stringContaining('repeat default')]);
    expect(differences(fewer, priority.field)).toEqual([expect.stringContaining('priority choices')]);
    expect(differences(stray, undefined)).toEqual(['fade is not in the catalog']);
  });

  test('the table covers the Send options, so a field added to n8n alone cannot slip by', () => {
    const send = rows.filter((row) => row.where.includes('audio.send')).map((row) => row.name);
    expect(send).toEqual(
      expect.arrayContaining(['audioId', 'externalIds', 'priority', 'repeat', 'scheduleAt', 'volume']),
    );
  });
});
