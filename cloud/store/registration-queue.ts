/**
 * Application-level group commit for public registrations, as ingest-queue.ts does for check-ins:
 * registrations of one event hold its row's lock (the ticket serial), so one at a time would make
 * every guest wait for every other's commit. Registrations that arrive while the event's
 * transaction is busy wait here and then go in together, in arrival order, as one transaction;
 * each still gets exactly its own answer (its attendee, or its own refusal: a badge field guests may
 * not set, no such public type, sold out, already registered). The event, its types and its key
 * are read once per transaction, not once per guest.
 */
import type { Attendee } from '../../common/domain/attendee';
import type { CloudDb } from '../db/connect';
import { commitRegistrations, type RegistrationRequest } from './attendees';
import { CloudStoreError } from './errors';

/** Most registrations one transaction takes. */
const maxBatch = 200;

interface Waiting {
  request: RegistrationRequest;
  resolve(attendee: Attendee): void;
  reject(error: unknown): void;
}

export class RegistrationQueue {
  private readonly queues = new Map<string, { running: boolean; waiting: Waiting[] }>();

  constructor(private readonly cdb: CloudDb) {}

  register(eventId: string, request: RegistrationRequest): Promise<Attendee> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(eventId);
      if (!queue) {
        queue = { running: false, waiting: [] };
        this.queues.set(eventId, queue);
      }
      queue.waiting.push({ request, resolve, reject });
      this.pump(eventId);
    });
  }

  private pump(eventId: string): void {
    const queue = this.queues.get(eventId);
    if (!queue || queue.running) return;
    if (!queue.waiting.length) {
      this.queues.delete(eventId);
      return;
    }
    const batch = queue.waiting.splice(0, maxBatch);
    queue.running = true;
    commitRegistrations(this.cdb, eventId, batch.map((w) => w.request))
      .then(
        (results) => batch.forEach((w, i) => (results[i] instanceof CloudStoreError ? w.reject(results[i]) : w.resolve(results[i] as Attendee))),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.running = false;
        this.pump(eventId);
      });
  }
}
