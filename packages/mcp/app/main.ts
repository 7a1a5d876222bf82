/**
 * The Musique MCP App: one page, three views, chosen by the structured result of the tool the host ran it for
 * (send_audio asking to confirm → the preview; a send → its stores; list_audio or find_audio → the library).
 * The page talks only to its host through the ext-apps bridge: the server calls the API, never the page, so
 * no key or token for the API ever reaches it.
 */
import {
  App,
  applyDocumentTheme,
  applyHostStyleVariables,
  type McpUiHostContext,
} from '@modelcontextprotocol/ext-apps';
import type { AudioSummary } from './audio-player.js';
import { h, show } from './dom.js';
import { libraryView } from './views/library.js';
import { type PendingSend, sendPreview } from './views/send-preview.js';
import { type SentView, type StoreStatusView, storeView } from './views/store-status.js';

type ToolResult = Awaited<ReturnType<App['callServerTool']>>;

const root = document.getElementById('app') as HTMLElement;
const app = new App({ name: 'Musique', version: '0.1.0' });
/** The arguments of the call this view shows: a confirmation repeats them exactly, with the token. */
let toolArguments: Record<string, unknown> = {};

const textOf = (result: ToolResult) =>
  result.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('\n')
    .trim();

const isPending = (value: Record<string, unknown>): value is PendingSend & Record<string, unknown> =>
  value.status === 'needs_confirmation' && typeof value.confirmationToken === 'string' && !!value.plan;
const isSent = (value: Record<string, unknown>): value is SentView & Record<string, unknown> =>
  typeof value.sendId === 'string' && Array.isArray(value.destinations);

function message(title: string, text: string, kind = 'info') {
  show(
    root,
    h('article', { class: `view message ${kind}`, 'data-view': kind }, h('h1', {}, title), h('p', {}, text)),
  );
}

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult | string> {
  try {
    const result = await app.callServerTool({ name, arguments: args });
    return result.isError ? textOf(result) || `${name} failed.` : result;
  } catch (error) {
    return `${name} could not be reached: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function render(result: ToolResult) {
  const data = (result.structuredContent ?? {}) as Record<string, unknown>;
  if (result.isError) return message('That did not work', textOf(result), 'error');
  if (isPending(data)) return show(root, preview(data));
  if (isSent(data)) return show(root, stores(data));
  if (Array.isArray(data.data)) return show(root, library(data.data as AudioSummary[]));
  message('Musique', textOf(result));
}

function preview(pending: PendingSend) {
  return sendPreview(pending, {
    async confirm() {
      // The click is the confirmation: the same arguments with the server's token, whose idempotency key makes
      // any repeat of this call the same single send.
      const answer = await call('send_audio', {
        ...toolArguments,
        confirmationToken: pending.confirmationToken,
      });
      if (typeof answer === 'string') message('Nothing was sent', answer, 'error');
      else render(answer);
    },
    cancel() {
      message('Cancelled', 'Nothing was sent.', 'cancelled');
      void app
        .updateModelContext({
          content: [{ type: 'text', text: 'The person cancelled this send; nothing was sent.' }],
        })
        .catch(() => undefined); // a host that keeps no model context: the view already says it
    },
  });
}

function stores(sent: SentView) {
  return storeView(sent, {
    async refresh() {
      const externalIds = sent.destinations.map((destination) => destination.externalId);
      const answer = await call('store_status', { sendId: sent.sendId, stores: externalIds });
      return typeof answer === 'string' ? answer : (answer.structuredContent as unknown as StoreStatusView);
    },
  });
}

function library(first: AudioSummary[]) {
  return libraryView(first, {
    async search(text) {
      const answer = await call(text ? 'find_audio' : 'list_audio', text ? { text } : {});
      if (typeof answer === 'string') return answer;
      return ((answer.structuredContent as { data?: AudioSummary[] })?.data ?? []) as AudioSummary[];
    },
    choose(audio) {
      void app
        .sendMessage({
          role: 'user',
          content: [{ type: 'text', text: `Use "${audio.name}" (${audio.audioId}).` }],
        })
        .catch(() => undefined);
    },
  });
}

function applyHost(context: McpUiHostContext) {
  if (context.theme) applyDocumentTheme(context.theme);
  if (context.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

app.ontoolinput = ({ arguments: args }) => {
  toolArguments = args ?? {};
};
app.ontoolresult = (result) => render(result as ToolResult);
app.ontoolcancelled = () =>
  message('Cancelled', 'The assistant cancelled this call; nothing was sent.', 'cancelled');
app.onhostcontextchanged = applyHost;
app.onerror = () => undefined; // a page opened outside a host keeps its "open this in an assistant" line

void app.connect().then(() => {
  const context = app.getHostContext();
  if (context) applyHost(context);
});
