/**
 * Typed push events from the core services to whichever faces are listening (IPC to the Electron
 * window, WebSocket to browser pages, progress lines on the CLI). Payloads are validated against
 * the contract when emitted, so a listener never receives a shape the renderer does not expect.
 */
import { events, type EventName, type EventPayload } from '../../common/contract/index';

export type EventListener = (event: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(event, checked);
      } catch {
        // A face that fails to deliver (a closed socket, a destroyed window) must not stop the
        // others, nor the service that emitted.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
