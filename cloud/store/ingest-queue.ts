/**
 * Application-level group commit for check-in ingest. Requests for one event that arrive while
 * that event's transactions are busy wait here and then go in together, as one set-based batch:
 * sixteen kiosks sending one check-in each cost one transaction, not sixteen. Each request still
 * gets exactly its own results, in its order; items keep their per-item atomicity and idempotency
 * (a merged batch is one transaction, and a repeated id inside it is answered as a replay).
 */
import type { IngestResult } from '../../common/cloud-api';
import { maxCheckinBatch } from '../../common/cloud-api';
import type { CloudDb } from '../db/connect';
import { ingestCheckins, type IngestItem } from './ingest';

/** Check-ins waiting that justify another concurrent transaction for the same event. */
const parallelBacklog = 100;

interface Waiting {
  items: IngestItem[];
  resolve(results: IngestResult[]): void;
  reject(error: unknown): void;
}

interface EventQueue {
  running: number;
  waiting: Waiting[];
}

export class IngestQueue {
  private readonly queues = new Map<string, EventQueue>();
  private idleWaiters: Array<() => void> = [];

  /** @param parallel transactions per event at once; more overlap round trips, fewer merge. */
  constructor(
    private readonly cdb: CloudDb,
    private readonly parallel = 3,
  ) {}

  submit(eventId: string, items: IngestItem[]): Promise<IngestResult[]> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(eventId);
      if (!queue) {
        queue = { running: 0, waiting: [] };
        this.queues.set(eventId, queue);
      }
      queue.waiting.push({ items, resolve, reject });
      this.pump(eventId, queue);
    });
  }

  private backlog(queue: EventQueue): number {
    let items = 0;
    for (const waiting of queue.waiting) items += waiting.items.length;
    return items;
  }

  /** Resolves when nothing is queued or running (so the database can be closed under it). */
  idle(): Promise<void> {
    return this.queues.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(eventId: string, queue: EventQueue): void {
    // A second transaction starts only for a sizeable backlog: small requests are better merged
    // into the next group than sent as one more round trip each.
    while (queue.waiting.length && queue.running < this.parallel && (queue.running === 0 || this.backlog(queue) >= parallelBacklog)) {
      // Whole requests only, up to one batch's worth (a request alone may be a full batch).
      const group: Waiting[] = [queue.waiting.shift()!];
      let size = group[0]!.items.length;
      while (queue.waiting.length && size + queue.waiting[0]!.items.length <= maxCheckinBatch) {
        const next = queue.waiting.shift()!;
        size += next.items.length;
        group.push(next);
      }
      queue.running++;
      void this.run(eventId, group).finally(() => {
        queue.running--;
        if (queue.running === 0 && queue.waiting.length === 0) {
          this.queues.delete(eventId);
          if (this.queues.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        } else this.pump(eventId, queue);
      });
    }
  }

  private async run(eventId: string, group: Waiting[]): Promise<void> {
    try {
      const results = await ingestCheckins(this.cdb, eventId, group.flatMap((w) => w.items));
      let at = 0;
      for (const waiting of group) {
        waiting.resolve(results.slice(at, at + waiting.items.length));
        at += waiting.items.length;
      }
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    }
  }
}
