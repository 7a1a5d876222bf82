import { ValidationError } from '../errors.js';
import {
  audioField,
  categoryField,
  categoryFilterField,
  descriptionField,
  type Field,
  type FieldValue,
  fileField,
  limitField,
  nameField,
  nameFilterField,
  type ParseContext,
  priorityField,
  repeatField,
  scheduleAtField,
  searchTextField,
  storesField,
  volumeField,
} from './fields.js';

/** One field of an operation's result, for Zapier's outputFields, an MCP output schema or a card. */
export interface ResultField {
  key: string;
  label: string;
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'time' | 'list' | 'object';
  meaning: string;
  /** Absent (null) in some results, such as the schedule of a send that plays now. */
  nullable?: boolean;
}

export type OperationKey =
  | 'listAudio'
  | 'findAudio'
  | 'getAudio'
  | 'uploadAudio'
  | 'sendAudio'
  | 'deleteAudio'
  | 'health'
  | 'limits';

/** What an operation is, whichever surface offers it. */
export interface Operation {
  key: OperationKey;
  title: string;
  description: string;
  /** read: changes nothing; write: adds something; destructive: removes something or plays in stores. */
  effect: 'read' | 'write' | 'destructive';
  /** Repeating the same call has no further effect. */
  idempotent: boolean;
  /** When a person should confirm first: every time, or when more than one store would play it. */
  confirm?: 'always' | 'several-stores';
  fields: readonly Field[];
  result: readonly ResultField[];
  /** A result as the API gives it, for samples and documentation. */
  sample: Record<string, unknown>;
}

/** An operation whose fields keep their own types, so `parseInput` can infer its input from them. */
function defineOperation<const F extends readonly Field[]>(
  operation: Operation & { fields: F },
): Operation & { fields: F } {
  return operation;
}

const AUDIO_RESULT: readonly ResultField[] = [
  { key: 'audioId', label: 'Audio ID', kind: 'string', meaning: 'The ID to send, get or delete it by.' },
  { key: 'name', label: 'Name', kind: 'string', meaning: 'The name people find it by.' },
  { key: 'url', label: 'Download URL', kind: 'string', meaning: 'Where the file can be downloaded.' },
  { key: 'duration', label: 'Duration (Seconds)', kind: 'number', meaning: 'Its length in seconds.' },
  { key: 'size', label: 'Size (Bytes)', kind: 'integer', meaning: 'The file size in bytes.' },
  {
    key: 'format',
    label: 'Format',
    kind: 'string',
    meaning: 'mp3, wav, ogg or aac, as read from its content.',
  },
  { key: 'createdAt', label: 'Uploaded At', kind: 'time', meaning: 'When it was uploaded.' },
];

const LIBRARY_RESULT: readonly ResultField[] = [
  ...AUDIO_RESULT,
  {
    key: 'description',
    label: 'Description',
    kind: 'string',
    meaning: 'The note given at upload.',
    nullable: true,
  },
  {
    key: 'category',
    label: 'Category',
    kind: 'string',
    meaning: 'Its group, such as promotion.',
    nullable: true,
  },
  {
    key: 'stats',
    label: 'Play Statistics',
    kind: 'object',
    meaning: 'timesPlayed, lastPlayedAt, totalRecipients.',
  },
];

const UPLOADED_SAMPLE = {
  audioId: 'aud_9x8y7z6w5v4u3t',
  name: 'Store Announcement',
  url: 'https://cdn.musique.app/audio/aud_9x8y7z6w5v4u3t.mp3',
  duration: 45.2,
  size: 1024000,
  format: 'mp3',
  createdAt: '2024-01-15T10:30:00Z',
};

const AUDIO_SAMPLE = {
  ...UPLOADED_SAMPLE,
  description: 'New product launch announcement',
  category: 'announcement',
  stats: { timesPlayed: 150, lastPlayedAt: '2024-01-20T15:30:00Z', totalRecipients: 45 },
};

const PAGE_RESULT: readonly ResultField[] = [
  {
    key: 'data',
    label: 'Audio Files',
    kind: 'list',
    meaning: 'The audio files, newest first (each as Get Audio returns it).',
  },
  {
    key: 'hasMore',
    label: 'Has More',
    kind: 'boolean',
    meaning: 'More audio files match than were returned.',
  },
];

export const listAudio = defineOperation({
  key: 'listAudio',
  title: 'List Audio',
  description:
    'Lists the audio library, newest first, optionally only one category or names containing a text.',
  effect: 'read',
  idempotent: true,
  fields: [nameFilterField, categoryFilterField, limitField],
  result: PAGE_RESULT,
  sample: { data: [AUDIO_SAMPLE], hasMore: false },
});

export const findAudio = defineOperation({
  key: 'findAudio',
  title: 'Find Audio',
  description:
    'Finds audio files by name, best match first: exact names, then names that start with it, then the rest.',
  effect: 'read',
  idempotent: true,
  fields: [searchTextField, categoryFilterField],
  result: PAGE_RESULT,
  sample: { data: [AUDIO_SAMPLE], hasMore: false },
});

export const getAudio = defineOperation({
  key: 'getAudio',
  title: 'Get Audio',
  description: 'Gets one audio file with its play statistics.',
  effect: 'read',
  idempotent: true,
  fields: [audioField],
  result: LIBRARY_RESULT,
  sample: AUDIO_SAMPLE,
});

export const uploadAudio = defineOperation({
  key: 'uploadAudio',
  title: 'Upload Audio',
  description: 'Uploads an audio file (MP3, WAV, OGG or AAC, at most 10 MB) to the library, ready to send.',
  effect: 'write',
  idempotent: false,
  fields: [fileField, nameField, descriptionField, categoryField],
  result: AUDIO_RESULT,
  sample: UPLOADED_SAMPLE,
});

export const sendAudio = defineOperation({
  key: 'sendAudio',
  title: 'Send Audio to Stores',
  description:
    'Plays an audio file on the players of one store, several or all of them, now or at a set time. A send to several stores reaches all of them or none.',
  effect: 'destructive',
  idempotent: false,
  confirm: 'several-stores',
  fields: [audioField, storesField, scheduleAtField, priorityField, repeatField, volumeField],
  result: [
    { key: 'sendId', label: 'Send ID', kind: 'string', meaning: 'Identifies this send.' },
    { key: 'audioId', label: 'Audio ID', kind: 'string', meaning: 'The audio that was sent.' },
    { key: 'status', label: 'Status', kind: 'string', meaning: 'sent, scheduled, queued or failed.' },
    { key: 'scheduled', label: 'Scheduled', kind: 'boolean', meaning: 'It plays later, at Plays At.' },
    {
      key: 'scheduleAt',
      label: 'Plays At',
      kind: 'time',
      meaning: 'When it plays, if scheduled.',
      nullable: true,
    },
    {
      key: 'destinations',
      label: 'Stores',
      kind: 'list',
      meaning: 'Each store (externalId) with its own status.',
    },
  ],
  sample: {
    sendId: 'snd_abc123def456',
    audioId: 'aud_9x8y7z6w5v4u3t',
    destinations: [
      { externalId: 'store_012', userId: 4312, status: 'queued' },
      { externalId: 'store_042', userId: 4342, status: 'queued' },
    ],
    scheduled: false,
    scheduleAt: null,
    status: 'sent',
  },
});

export const deleteAudio = defineOperation({
  key: 'deleteAudio',
  title: 'Delete Audio',
  description: 'Deletes an audio file from the library for good; stores can no longer be sent it.',
  effect: 'destructive',
  idempotent: true,
  confirm: 'always',
  fields: [audioField],
  result: [
    { key: 'deleted', label: 'Deleted', kind: 'boolean', meaning: 'The audio file is gone.' },
    { key: 'audioId', label: 'Audio ID', kind: 'string', meaning: 'The audio that was deleted.' },
  ],
  sample: { deleted: true, audioId: 'aud_9x8y7z6w5v4u3t' },
});

export const health = defineOperation({
  key: 'health',
  title: 'Check Health',
  description: 'Tells whether the Musique API and its services are working.',
  effect: 'read',
  idempotent: true,
  fields: [],
  result: [
    { key: 'status', label: 'Status', kind: 'string', meaning: 'healthy, degraded or down.' },
    { key: 'version', label: 'Version', kind: 'string', meaning: 'The API version.' },
    { key: 'timestamp', label: 'Checked At', kind: 'time', meaning: 'When the API answered.' },
    { key: 'services', label: 'Services', kind: 'object', meaning: 'The status of each service.' },
  ],
  sample: {
    status: 'healthy',
    version: '1.0.0',
    timestamp: '2024-01-20T15:30:45Z',
    services: { database: 'healthy', storage: 'healthy', messaging: 'healthy' },
  },
});

export const limits = defineOperation({
  key: 'limits',
  title: 'Rate Limits',
  description:
    'How many requests this API key may make per minute, hour and day, how many it has used and left.',
  effect: 'read',
  idempotent: true,
  fields: [],
  result: [
    {
      key: 'limits',
      label: 'Limits',
      kind: 'object',
      meaning: 'Requests allowed perMinute, perHour, perDay.',
    },
    { key: 'usage', label: 'Used', kind: 'object', meaning: 'Requests made in each window.' },
    { key: 'remaining', label: 'Remaining', kind: 'object', meaning: 'Requests left in each window.' },
    { key: 'resetAt', label: 'Resets At', kind: 'object', meaning: 'When each window starts again.' },
  ],
  sample: {
    limits: { perMinute: 100, perHour: 1000, perDay: 10000 },
    usage: { perMinute: 23, perHour: 156, perDay: 1234 },
    remaining: { perMinute: 77, perHour: 844, perDay: 8766 },
    resetAt: {
      perMinute: '2024-01-20T15:31:00Z',
      perHour: '2024-01-20T16:00:00Z',
      perDay: '2024-01-21T00:00:00Z',
    },
  },
});

/** Every operation, in the order a surface lists them. */
export const operations = {
  listAudio,
  findAudio,
  getAudio,
  uploadAudio,
  sendAudio,
  deleteAudio,
  health,
  limits,
} as const satisfies Record<OperationKey, Operation>;

/**
 * A surface's raw input read through an operation's fields: each value parsed, blanks dropped, and a key the
 * operation does not have refused by name (a misspelt option would otherwise be dropped without a word).
 */
type FieldsOf<O extends Operation> = O['fields'][number];

/**
 * What `parseInput` returns for an operation, inferred from its fields (as Zapier's template infers input from
 * `inputFields`): required fields present, the rest optional. The one declaration of each operation's input.
 */
export type InputOf<O extends Operation> = {
  [F in FieldsOf<O> as F['required'] extends true ? F['key'] : never]: FieldValue<F>;
} & {
  [F in FieldsOf<O> as F['required'] extends true ? never : F['key']]?: FieldValue<F>;
};

export function parseInput<O extends Operation>(
  operation: O,
  input: Record<string, unknown>,
  context: ParseContext = {},
): InputOf<O> {
  const keys = operation.fields.map((field) => field.key);
  const unknown = Object.keys(input).filter((key) => !keys.includes(key));
  if (unknown.length > 0)
    throw new ValidationError({
      code: 'invalid_format',
      param: unknown[0] ?? '',
      type: 'validation_error',
      message: `${operation.title} has no field ${unknown.join(', ')}; its fields are ${keys.join(', ') || 'none'}.`,
    });
  const values: Record<string, unknown> = {};
  for (const field of operation.fields) {
    const value = field.parse(input[field.key], context);
    if (value !== undefined) values[field.key] = value;
  }
  return values as InputOf<O>;
}
