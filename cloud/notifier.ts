/**
 * Wakes this process's feed streams when an event changes here, and ends a device's streams when
 * it is revoked here. Changes (and revocations) written by other server processes are picked up by
 * the streams' polling instead, so this is only a latency shortcut.
 */
import { EventEmitter } from 'node:events';

export class ChangeNotifier {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  changed(eventId: string): void {
    this.emitter.emit(eventId);
  }
  subscribe(eventId: string, listener: () => void): () => void {
    this.emitter.on(eventId, listener);
    return () => this.emitter.off(eventId, listener);
  }
  revoked(deviceId: string): void {
    this.emitter.emit(`revoked:${deviceId}`);
  }
  onRevoked(deviceId: string, listener: () => void): () => void {
    this.emitter.on(`revoked:${deviceId}`, listener);
    return () => this.emitter.off(`revoked:${deviceId}`, listener);
  }
}
