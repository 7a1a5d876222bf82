import { validateAppDefinition } from 'zapier-platform-schema';
import { appHandler, sandboxAppHandler } from './helpers.js';

type Field = { key: string; label?: string; helpText?: string; dynamic?: string; search?: string };
type Operation = { inputFields?: Field[]; outputFields?: Field[]; sample?: object };
type Action = {
  key: string;
  display: { label?: string; description?: string; hidden?: boolean };
  operation: Operation;
};

async function definition(): Promise<Record<string, Record<string, Action>>> {
  return (await appHandler({ command: 'definition' })).results as Record<string, Record<string, Action>>;
}

const actionsOf = (app: Record<string, Record<string, Action>>) => [
  ...Object.values(app.triggers ?? {}),
  ...Object.values(app.creates ?? {}),
  ...Object.values(app.searches ?? {}),
];

describe('the app definition', () => {
  it('passes the Zapier platform schema (zapier-platform-schema)', async () => {
    const result = validateAppDefinition(await definition());
    expect(result.errors).toEqual([]);
  });

  it('offers zap authors only what works against the live API; the sandbox build adds New Audio (Instant) after it', async () => {
    const visible = (app: Record<string, Record<string, Action>>) =>
      Object.values(app.triggers ?? {})
        .filter((trigger) => !trigger.display.hidden)
        .map((trigger) => trigger.display.label);
    expect(visible(await definition())).toEqual(['New Audio']);
    const sandbox = (await sandboxAppHandler({ command: 'definition' })).results as Record<
      string,
      Record<string, Action>
    >;
    expect(visible(sandbox)).toEqual(['New Audio', 'New Audio (Instant, Sandbox Only)']);
    expect(validateAppDefinition(sandbox).errors).toEqual([]);
    expect((await sandboxAppHandler({ command: 'validate' })).results).toEqual([]);
  });

  it("passes zapier-platform-core's own validate command, the one `zapier-platform validate` runs", async () => {
    const { results } = await appHandler({ command: 'validate' });
    expect(results).toEqual([]);
  });

  it('points every dropdown at a real hidden trigger and every search link at a real search', async () => {
    const app = await definition();
    const references = actionsOf(app).flatMap((action) => action.operation.inputFields ?? []);
    const dynamic = references.filter((field) => field.dynamic).map((field) => field.dynamic!.split('.'));
    const searches = references.filter((field) => field.search).map((field) => field.search!.split('.'));
    expect(dynamic.length).toBeGreaterThan(0);
    for (const [trigger, idField] of dynamic) {
      expect(app.triggers?.[trigger!]?.display.hidden).toBe(true);
      expect(app.triggers?.[trigger!]?.operation.outputFields?.map((field) => field.key)).toContain(idField);
    }
    for (const [search, idField] of searches) {
      expect(app.searches?.[search!]?.operation.outputFields?.map((field) => field.key)).toContain(idField);
    }
    for (const pair of Object.values(app.searchOrCreates ?? {}) as unknown as Array<{
      search: string;
      create: string;
    }>) {
      expect(app.searches?.[pair.search]).toBeDefined();
      expect(app.creates?.[pair.create]).toBeDefined();
    }
  });

  it('gives every operation a description, sample data and output fields, and every input field help text', async () => {
    const app = await definition();
    const actions = actionsOf(app);
    expect(actions.map((action) => action.key).sort()).toEqual(
      ['audio_list', 'delete_audio', 'find_audio', 'new_audio', 'send_audio', 'upload_audio'].sort(),
    );
    for (const action of actions) {
      expect({ key: action.key, description: action.display.description ?? '' }).toEqual({
        key: action.key,
        description: expect.stringMatching(/\w{3,}.*\.$/),
      });
      expect(action.operation.sample).toBeDefined();
      expect(action.operation.outputFields?.length).toBeGreaterThan(1);
      for (const field of action.operation.inputFields ?? []) {
        expect({ action: action.key, field: field.key, helpText: field.helpText ?? '' }).toEqual({
          action: action.key,
          field: field.key,
          helpText: expect.stringMatching(/\w+/),
        });
      }
    }
  });

  it('keeps the API key a password field and the base URL optional', async () => {
    const app = (await definition()) as unknown as {
      authentication: { type: string; fields: Array<Field & { type?: string; required?: boolean }> };
    };
    expect(app.authentication.type).toBe('custom');
    expect(app.authentication.fields.find((field) => field.key === 'apiKey')).toMatchObject({
      type: 'password',
      required: true,
    });
    expect(app.authentication.fields.find((field) => field.key === 'baseUrl')).toMatchObject({
      required: false,
    });
  });
});
