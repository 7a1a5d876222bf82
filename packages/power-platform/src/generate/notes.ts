/**
 * The only sentences the connector writes itself: where it differs from the core's surfaces because Power
 * Platform calls the API directly and cannot run the core (its send plan reads store numbers, names, groups and
 * times; here the API takes what the flow gives). Everything else in the definitions is the catalog's or the
 * contract's text.
 */

const MCP_ROUTE = 'The Musique MCP connector in Copilot Studio reads them as the other Musique surfaces do.';

export const CONNECTOR_NOTES = {
  connector:
    'Upload audio, send it to store players now or at a set time, and start a flow when an audio file is added.',
  stores: `Give each store's external ID as Musique knows it, such as store_042: this connector sends them as written. Store numbers, names, groups and "all" are not read here. ${MCP_ROUTE}`,
  storeId: 'One external ID, such as store_042.',
  pastTime:
    'Give an ISO 8601 date and time with its offset, such as 2030-06-01T09:00:00+02:00 (utcNow() and addHours() write them); the connector refuses a time too far past before the API sees it, showing both times in UTC, and a late time plays now without a note in the answer. Words such as "tomorrow 9:00" are read by the Musique MCP connector in Copilot Studio.',
  send: 'Choose the audio from the list (or give its ID) and the stores by external ID.',
  upload:
    'Pass the file content from another action, such as SharePoint Get file content or OneDrive Get file content, with its file name.',
  fileContent: 'The file content another action hands over.',
  fileName: 'The file name, such as summer-sale.mp3; Name defaults to it without its extension.',
  find: 'Finds audio files whose name contains the text, newest first, in one request. The API does not rank them; the Musique MCP connector and the other surfaces put exact names first.',
  delete:
    'Nothing asks before it is gone: put a condition or an approval before this action where a person should decide.',
  idempotency:
    'Leave empty and the connector derives one from the flow run, the action and the request, so Power Automate retrying a failed call replays the answer instead of playing the audio twice.',
  error: "The API's refusal: its sentence (message) and its request ID (requestId) for Musique support.",
  trigger:
    'Starts the flow once for each audio file uploaded since the last check. The first check only notes where the library stands.',
  cursor: 'Where the last check stopped; the trigger keeps it itself.',
} as const;
