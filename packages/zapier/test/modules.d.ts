// The two untyped packages the tests use, as far as they use them.
declare module 'zapier-platform-schema' {
  export function validateAppDefinition(definition: object): { errors: unknown[] };
}

declare module 'adm-zip' {
  export default class AdmZip {
    constructor(path?: string);
    getEntries(): Array<{ entryName: string }>;
    extractAllTo(target: string): void;
  }
}
