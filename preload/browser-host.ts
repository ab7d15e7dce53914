/**
 * The browser face's counterpart of the Electron preload: loaded by the host's index.html before
 * the app, it gives the page the same `window.arrivalsTransport` over HTTP and a WebSocket, and the
 * page builds `window.arrivals` from it (common/api-client.ts, installArrivalsApi), exactly as under
 * Electron. Calls and the socket carry the host's key cookie, which the browser sends by itself.
 * The socket reconnects on its own, so a host restart does not leave a kiosk page deaf to events.
 */
import { transportGlobal, type CallEnvelope, type Transport } from '../common/api-client';
import type { EventName } from '../common/contract/index';

type Listener = (event: EventName, payload: unknown) => void;
const listeners = new Set<Listener>();

function connect(delayMs: number): void {
  const url = new URL('./api/events', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.onopen = () => {
    delayMs = 250;
    // Visible state of the push channel: lets the UI (and the e2e suite) know events will arrive.
    document.documentElement.dataset.arrivalsEvents = 'connected';
  };
  socket.onmessage = (message) => {
    try {
      const { event, payload } = JSON.parse(String(message.data)) as { event: EventName; payload: unknown };
      for (const listener of listeners) listener(event, payload);
    } catch {
      // A malformed push is dropped; calls still work.
    }
  };
  socket.onclose = () => {
    document.documentElement.dataset.arrivalsEvents = 'reconnecting';
    window.setTimeout(() => connect(Math.min(delayMs * 2, 5000)), delayMs);
  };
}

const transport: Transport = {
  async call(method, input) {
    try {
      const response = await fetch(new URL(`./api/call/${encodeURIComponent(method)}`, window.location.href), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as CallEnvelope;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'the kiosk service is not reachable' } };
    }
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

Object.defineProperty(window, transportGlobal, { value: Object.freeze(transport), enumerable: true, writable: false, configurable: false });
connect(250);
