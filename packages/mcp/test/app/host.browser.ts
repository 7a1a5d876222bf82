/**
 * A minimal MCP Apps host, built on ext-apps' own host-side bridge (AppBridge): it renders the app's HTML in a
 * sandboxed iframe, answers the app's initialize, hands it a tool's input and result, and forwards the app's
 * tool calls to the Node side (`hostCallTool`, exposed by the test), where a real MCP client calls the real
 * server. It records what the app asked of the host, so tests can say what crossed the bridge.
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

interface Opening {
  html: string;
  arguments: Record<string, unknown>;
  result: Record<string, unknown>;
}

declare global {
  interface Window {
    hostCallTool(params: unknown): Promise<unknown>;
    openApp(opening: Opening): Promise<void>;
    hostLog: { method: string; params: unknown }[];
  }
}

window.hostLog = [];

window.openApp = async (opening) => {
  document.querySelector('iframe')?.remove();
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.style.cssText = 'width: 760px; height: 700px; border: 0;';
  frame.srcdoc = opening.html;
  document.body.append(frame);
  const bridge = new AppBridge(
    null,
    { name: 'musique-test-host', version: '1.0.0' },
    { serverTools: {}, message: { text: {} }, updateModelContext: { text: {} } },
  );
  bridge.oncalltool = async (params) => {
    window.hostLog.push({ method: 'tools/call', params });
    return (await window.hostCallTool(params)) as Awaited<ReturnType<NonNullable<AppBridge['oncalltool']>>>;
  };
  bridge.onmessage = async (params) => {
    window.hostLog.push({ method: 'ui/message', params });
    return {};
  };
  bridge.onupdatemodelcontext = async (params) => {
    window.hostLog.push({ method: 'ui/update-model-context', params });
    return {};
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  const target = frame.contentWindow as Window;
  await bridge.connect(new PostMessageTransport(target, target));
  await initialized;
  await bridge.sendToolInput({ arguments: opening.arguments });
  await bridge.sendToolResult(opening.result as Parameters<AppBridge['sendToolResult']>[0]);
};
