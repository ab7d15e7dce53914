/**
 * The Electron preload (sandboxed, context-isolated). It exposes exactly one object,
 * `window.arrivalsTransport`: `call(method, input)` answers the `{ok, result | error}` envelope and
 * `subscribe(listener)` delivers push events. The page builds the typed `window.arrivals` from it
 * (common/api-client.ts, installArrivalsApi), as it does on the browser host.
 *
 * Why an envelope and not a thrown error: everything crossing the contextBridge is cloned, and a
 * cloned Error loses its custom properties, so an ArrivalsError's `code` and `details` would not
 * reach the page. A plain `{ok: false, error: {code, message, details}}` crosses intact.
 *
 * The page never sees ipcRenderer itself, and only channels named by the contract can be invoked.
 * No secret is needed here (unlike the browser host): IPC is not reachable from other processes or
 * pages, and main answers only our own page's main frame (main/electron/ipc-bridge.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { transportGlobal, type CallEnvelope, type Transport } from '../common/api-client';
import { isMethodName, type EventName } from '../common/contract/index';
import { ipcCallChannel, ipcEventChannel } from '../common/ipc';

const transport: Transport = {
  async call(method, input) {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method)}"` } };
    }
    try {
      return (await ipcRenderer.invoke(ipcCallChannel(method), input)) as CallEnvelope;
    } catch (error) {
      // main answers with an envelope; a rejection means the bridge itself failed (main is gone).
      return { ok: false, error: { code: 'unavailable', message: `the kiosk service did not answer: ${(error as Error).message}` } };
    }
  },
  subscribe(listener) {
    const wrapped = (_event: unknown, message: { event: EventName; payload: unknown }) => listener(message.event, message.payload);
    ipcRenderer.on(ipcEventChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(ipcEventChannel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(transportGlobal, transport);
