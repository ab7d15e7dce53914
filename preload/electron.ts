/**
 * The Electron preload (sandboxed, context-isolated). It exposes exactly one object,
 * `window.arrivals`, built from the contract; the page never sees ipcRenderer itself, and only
 * channels named by the contract can be invoked.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createArrivalsApi, type CallEnvelope, type Transport } from '../common/api-client';
import type { EventName } from '../common/contract/index';
import { ipcCallChannel, ipcEventChannel } from '../common/ipc';

const transport: Transport = {
  call: (method, input) => ipcRenderer.invoke(ipcCallChannel(method), input) as Promise<CallEnvelope>,
  subscribe(listener) {
    const wrapped = (_event: unknown, message: { event: EventName; payload: unknown }) => listener(message.event, message.payload);
    ipcRenderer.on(ipcEventChannel, wrapped);
    return () => ipcRenderer.removeListener(ipcEventChannel, wrapped);
  },
};

contextBridge.exposeInMainWorld('arrivals', createArrivalsApi(transport));
