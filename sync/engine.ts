/**
 * The sync engine: a kiosk service that reconciles the replica with the cloud in the background
 * and never stands between a scan and its verdict (the door decides from the replica alone).
 *
 * - One run at a time (Actual Budget's `once`): `run()` while a run is going returns that run's
 *   promise and asks for one more after it, so a burst of check-ins costs at most two runs.
 * - A run pushes first, then pulls (libpretixsync's order: the cloud judges our check-ins before
 *   we read its view). Push: the outbox oldest first in batches; a transient failure schedules
 *   the batch's retry (exponential backoff with jitter and a cap, at least Retry-After); a
 *   permanent refusal is split until the refused item alone is dead-lettered, never blocking the
 *   items behind it. Pull: feed pages after the stored cursor, each applied with its cursor in one
 *   transaction (apply-feed.ts), the next page fetched while this one is written, a turn of the
 *   event loop between pages.
 * - Live: after a good run the engine follows the cloud's SSE stream; when it breaks it polls at
 *   once, and keeps polling until the stream is back (with backoff).
 * - In-memory state (online, state, the first pull's progress) changes only after the replica
 *   committed what it reports; every change is emitted as `sync.status` (and `app.online`).
 * - A 401 `device_revoked` wipes the event's personal data and stops: state `revoked`.
 *
 * Everything that varies in tests and drills is injected: the clock (timers too), the transport
 * factory (a base URL through a proxy, or a stand-in), batch and page sizes, delays, randomness.
 */
import { nowIso, type Clock } from '../common/clock';
import {
  ingestCheckin,
  ingestUndo,
  ingestWalkIn,
  maxCheckinBatch,
  maxFeedLimit,
  type FeedPage,
  type IngestCheckin,
  type IngestResponse,
  type IngestUndo,
  type IngestWalkIn,
} from '../common/cloud-api';
import { ArrivalsError } from '../common/contract/errors';
import type { SyncEnrollInput, SyncStatus } from '../common/contract/sync';
import { arrivalsVersion } from '../common/version';
import type { Database } from '../main/core/db/open';
import {
  ackOutbox,
  deadLetterOutbox,
  failOutbox,
  nextOutboxAttempt,
  pendingOutbox,
  readSyncState,
  recordDuplicate,
  saveLastError,
  savePushTime,
  type OutboxRow,
} from '../main/core/db/sync-queries';
import type { KioskContext } from '../main/core/kiosk';
import type { SyncPort } from '../main/core/sync/port';
import { leaveCloud, listDeadLetters, listDuplicates, notToldNote, replicaSyncStatus, unsentNote } from '../main/core/sync/status';
import type { TokenStore } from '../main/core/sync/token-store';
import { applyFeedPage } from './apply-feed';
import { enrollKiosk } from './enroll';
import { httpTransport, isTransportError, TransportError, type CloudTransport } from './transport';

export interface SyncTimings {
  /** First retry delay after a failure; doubles per attempt. Default 1 s. */
  backoffBaseMs: number;
  /** Longest retry delay while the cloud answers with errors (5xx, 429). Default 60 s. */
  backoffCapMs: number;
  /**
   * Longest retry delay while the cloud cannot be reached at all (no answer: refused, reset, timed
   * out). Trying costs the cloud nothing then, and the sooner a kiosk notices the network is back,
   * the sooner the doors agree again. Default 2 s.
   */
  unreachableCapMs: number;
  /** How often to poll while the stream is down, and to look for outbox items other processes wrote. Default 5 s. */
  pollMs: number;
  /** A stream that sends nothing (not even the cloud's 15 s heartbeat) this long is dropped. Default 45 s. */
  streamIdleMs: number;
  /** How long an unenroll waits for the cloud to retire the device before leaving without it. Default 5 s. */
  leaveTimeoutMs: number;
}

export interface SyncEngineOptions {
  context: Pick<KioskContext, 'replica' | 'clock' | 'bus' | 'identity' | 'online'>;
  tokens: TokenStore;
  /** How to reach the cloud; default HTTP (axios) to the enrolled server. */
  transport?: (server: string, token: string) => CloudTransport;
  /** Check-ins per ingest request (≤ maxCheckinBatch). */
  batchSize?: number;
  /** Changes per feed page (≤ maxFeedLimit). */
  pageLimit?: number;
  /** Follow the SSE stream while online (default true); off: poll every pollMs. */
  stream?: boolean;
  timings?: Partial<SyncTimings>;
  /** For jitter; default Math.random. */
  random?: () => number;
  /** The device's name when `sync.enroll` gives none. */
  deviceName?: string;
  /**
   * Manual: no background loop, stream or pushes on outbox changes; only `run()` syncs (tests, and
   * `arrivals sync --once`). Default false.
   */
  manual?: boolean;
}

export interface RunOutcome {
  ok: boolean;
  /** Pushed items acknowledged, feed changes applied in this run. */
  pushed: number;
  deadLettered: number;
  pulled: number;
  /** Why it stopped short; null when ok. */
  error: string | null;
  /** When to try again (after a transient failure). */
  retryInMs: number | null;
}

export interface SyncEngine extends SyncPort {
  /** Starts following the cloud (when enrolled); idempotent. */
  start(): void;
  /** Stops every timer and request; resolves when the engine is quiet. */
  stop(): Promise<void>;
  /** One push and pull now (coalesced with a run already going). */
  run(): Promise<RunOutcome>;
  /** Whether the live stream is connected now. */
  streaming(): boolean;
}

/** Refusals of a batch that point at its items (found by splitting the batch) rather than at the request. */
const itemLevelStatuses = new Set([400, 403, 413, 422]);

const defaults: SyncTimings = { backoffBaseMs: 1000, backoffCapMs: 60_000, unreachableCapMs: 2000, pollMs: 5000, streamIdleMs: 45_000, leaveTimeoutMs: 5000 };

/** Exponential backoff with "equal jitter": half the delay fixed, half random; never below Retry-After. */
export function backoffDelay(attempt: number, timings: Pick<SyncTimings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(timings.backoffCapMs, timings.backoffBaseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** The retry delay after `error`: the lower cap when nothing answered, the full backoff otherwise. */
export function retryDelay(attempt: number, error: TransportError, timings: Pick<SyncTimings, 'backoffBaseMs' | 'backoffCapMs' | 'unreachableCapMs'>, random: () => number): number {
  const cap = error.unreachable ? Math.min(timings.unreachableCapMs, timings.backoffCapMs) : timings.backoffCapMs;
  return backoffDelay(attempt, { backoffBaseMs: timings.backoffBaseMs, backoffCapMs: cap }, random, error.retryAfterMs);
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { context, tokens } = options;
  const clock: Clock = context.clock;
  const timings: SyncTimings = { ...defaults, ...options.timings };
  const random = options.random ?? Math.random;
  const batchSize = Math.min(options.batchSize ?? maxCheckinBatch, maxCheckinBatch);
  const pageLimit = Math.min(options.pageLimit ?? maxFeedLimit, maxFeedLimit);
  const makeTransport = options.transport ?? ((server: string, token: string) => httpTransport({ server, token, clock }));
  const db = (): Database => context.replica();

  // ---- in-memory state: changed only after the replica committed what it reflects -------------
  let online = false;
  let syncing = false;
  let offline = false;
  let initialPull: { done: number; total: number | null } | null = null;
  let lastEmitted = '';
  let started = false;
  let stopped = false;
  let transport: { server: string; token: string; api: CloudTransport } | undefined;
  let controller = new AbortController();
  let loopDone: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let streamLive = false;
  let failures = 0;
  /** What the cloud was last told (queue/dead letters): a report is sent only when it changed. */
  let lastReport = '';

  const statusWithState = (): SyncStatus => {
    const base = replicaSyncStatus(db(), context.identity.kioskId);
    if (!base.enrolled) return base;
    const state = syncing ? 'syncing' : offline ? 'offline' : base.lastError ? 'error' : 'idle';
    return { ...base, state, online, initialPull };
  };

  const emit = () => {
    const s = statusWithState();
    const text = JSON.stringify(s);
    if (text !== lastEmitted) {
      lastEmitted = text;
      context.bus.emit('sync.status', s);
    }
  };

  const setOnline = (value: boolean) => {
    if (value) {
      offline = false;
      context.online.lastContactAt = nowIso(clock);
    }
    if (online === value) return;
    online = value;
    context.online.online = value;
    context.bus.emit('app.online', { online: value, lastContactAt: context.online.lastContactAt });
  };

  // ---- one run at a time ------------------------------------------------------------------------
  let running: Promise<RunOutcome> | undefined;
  let again = false;
  /** Serialises every write of cloud data (runs and stream pages) on this replica. */
  let exclusive: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = exclusive.then(fn, fn);
    exclusive = next.catch(() => undefined);
    return next;
  };

  /** While the stream is followed: times the outbox poller's next tick afresh (startOutboxPoller). */
  let rearmPoller: (() => void) | undefined;

  const run = (): Promise<RunOutcome> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let outcome: RunOutcome;
      try {
        do {
          again = false;
          outcome = await serial(runBody);
        } while (again && !stopped && outcome.ok);
        return outcome;
      } finally {
        running = undefined;
        rearmPoller?.();
      }
    })();
    return running;
  };

  const noRun = (error: string | null): RunOutcome => ({ ok: error === null, pushed: 0, deadLettered: 0, pulled: 0, error, retryInMs: null });

  async function connection(): Promise<{ api: CloudTransport; eventId: string } | null> {
    const state = readSyncState(db());
    if (state.server === null || state.event_id === null) return null;
    if (!transport || transport.server !== state.server) {
      const token = await tokens.load();
      if (!token) throw new TransportError('unauthorized', 'this kiosk is enrolled but its device token is missing; unenroll and enroll again');
      transport = { server: state.server, token, api: makeTransport(state.server, token) };
    }
    return { api: transport.api, eventId: state.event_id };
  }

  async function runBody(): Promise<RunOutcome> {
    if (stopped) return noRun('stopped');
    const outcome: RunOutcome = { ok: true, pushed: 0, deadLettered: 0, pulled: 0, error: null, retryInMs: null };
    let target: { api: CloudTransport; eventId: string } | null;
    try {
      target = await connection();
    } catch (error) {
      return failed(outcome, error);
    }
    if (!target) return noRun(null);
    syncing = true;
    emit();
    try {
      await push(target.api, target.eventId, outcome);
      await pull(target.api, target.eventId, outcome);
      failures = 0;
      setOnline(true);
      saveLastError(db(), null);
      await report(target.api, target.eventId);
      return outcome;
    } catch (error) {
      return failed(outcome, error);
    } finally {
      syncing = false;
      if (!stopped) emit();
    }
  }

  async function failed(outcome: RunOutcome, error: unknown): Promise<RunOutcome> {
    // Not the network's or the cloud's doing (the replica refused a write): an error, not offline.
    const e = isTransportError(error) ? error : new TransportError('permanent', `this kiosk could not sync: ${(error as Error).message ?? String(error)}`);
    outcome.ok = false;
    outcome.error = e.message;
    if (e.kind === 'aborted') return outcome;
    if (e.kind === 'revoked') {
      await revoke(e.message);
      return outcome;
    }
    failures++;
    outcome.retryInMs = retryDelay(failures, e, timings, random);
    if (e.kind === 'transient') {
      offline = true;
      setOnline(false);
    }
    if (!stopped) saveLastError(db(), e.message);
    return outcome;
  }

  // ---- push ---------------------------------------------------------------------------------------
  /** Drains the outbox, oldest first; `now` decides which retries are due (everyRetryDue: all of them). */
  async function push(api: CloudTransport, eventId: string, outcome: RunOutcome, now = () => nowIso(clock), signal: AbortSignal = controller.signal): Promise<void> {
    for (;;) {
      const rows = pendingOutbox(db(), now(), batchSize);
      if (rows.length === 0) return;
      await pushRows(api, eventId, rows, outcome, signal);
      emit();
    }
  }

  /**
   * Pushes rows (oldest first, any mix of kinds: the cloud applies a batch's walk-ins, then its
   * check-ins, then its undos). A permanent refusal of several rows is split in halves, in order,
   * until the refused row stands alone and is dead-lettered; the rest go through.
   */
  async function pushRows(api: CloudTransport, eventId: string, rows: OutboxRow[], outcome: RunOutcome, signal: AbortSignal = controller.signal): Promise<void> {
    const batch = toBatch(rows);
    let response: IngestResponse;
    try {
      if (batch.unreadable.length) throw new TransportError('permanent', 'the outbox item is not a valid ingest item (wiped or damaged)');
      response = await api.push(eventId, { checkins: batch.checkins.map((x) => x.item), undos: batch.undos.map((x) => x.item), walkIns: batch.walkIns.map((x) => x.item) }, signal);
    } catch (error) {
      // 400 (a malformed item, a time far from the cloud's clock) and 403 (an item filed under another
      // kiosk id) are about the items; a 404 or 409 is about the request or the event, so nothing is
      // dead-lettered for it: the run fails and is tried again later.
      if (isTransportError(error) && error.kind === 'permanent' && (error.status === undefined || itemLevelStatuses.has(error.status))) {
        if (rows.length > 1) {
          const half = Math.ceil(rows.length / 2);
          await pushRows(api, eventId, rows.slice(0, half), outcome, signal);
          await pushRows(api, eventId, rows.slice(half), outcome, signal);
          return;
        }
        if (stopped) return;
        deadLetterOutbox(db(), rows[0]!.seq, error.message, nowIso(clock));
        outcome.deadLettered++;
        return;
      }
      if (isTransportError(error) && error.kind === 'transient' && !stopped) {
        const at = clock.now();
        db().transaction(() => {
          for (const row of rows) {
            const delay = retryDelay(row.attempts + 1, error, timings, random);
            failOutbox(db(), row.seq, error.message, new Date(at + delay).toISOString());
          }
        }).immediate();
      }
      throw error;
    }
    if (stopped) return;
    const at = nowIso(clock);
    db().transaction(() => {
      batch.checkins.forEach(({ row, item }, i) => {
        const result = response.results[i]!;
        ackOutbox(db(), row.seq, result.result, at);
        if (result.flagged && result.result === 'duplicate_entry') {
          recordDuplicate(db(), { checkin_id: item.id, event_id: eventId, code: item.code, kiosk_id: item.kioskId, at: item.at, other_kiosk_id: result.otherKioskId ?? null, other_at: result.otherAt ?? null }, at);
        }
      });
      batch.undos.forEach(({ row }, i) => {
        const result = response.undos[i]!;
        if (result.result === 'unknown_checkin') {
          deadLetterOutbox(db(), row.seq, `the cloud refused the undo: ${result.message ?? 'it knows no such check-in'}`, at);
          outcome.deadLettered++;
        } else ackOutbox(db(), row.seq, result.result, at);
      });
      batch.walkIns.forEach(({ row }, i) => {
        const result = response.walkIns[i]!;
        if (result.result === 'created' || result.result === 'duplicate') ackOutbox(db(), row.seq, result.result, at);
        else {
          deadLetterOutbox(db(), row.seq, `the cloud refused the walk-in (${result.result}): ${result.message ?? ''}`.trim(), at);
          outcome.deadLettered++;
        }
      });
      savePushTime(db(), at);
    }).immediate();
    outcome.pushed += rows.length;
  }

  // ---- pull ---------------------------------------------------------------------------------------
  async function pull(api: CloudTransport, eventId: string, outcome: RunOutcome): Promise<void> {
    const signal = controller.signal;
    const state = readSyncState(db());
    const first = state.initial_done === 0;
    if (first) {
      initialPull = { done: 0, total: null };
      emit();
    }
    let next: Promise<FeedPage> = api.pullFeed(eventId, state.cursor, pageLimit, signal);
    for (;;) {
      const page = await next;
      // The next page is on its way while this one is written.
      if (page.hasMore) {
        next = api.pullFeed(eventId, page.nextCursor, pageLimit, signal);
        next.catch(() => undefined);
        // axios sends the request a few promise turns later: let it leave before the page is
        // written, or the cloud starts on it only after (the first pull of 100k waited 1.3 s so).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const applied = applyFeedPage(db(), page, nowIso(clock));
      outcome.pulled += applied.applied;
      setOnline(true);
      if (first) initialPull = { done: (initialPull?.done ?? 0) + applied.applied, total: totalOf(page) };
      emit();
      if (!page.hasMore) break;
      // A turn of the event loop between pages: calls to the core are answered meanwhile.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stopped) throw new TransportError('aborted', 'stopped');
    }
    if (first) {
      initialPull = null;
      emit();
    }
  }

  /** Tells the cloud the queue and dead letters (its device list shows them); best effort, after a good run. */
  async function report(api: CloudTransport, eventId: string): Promise<void> {
    const s = replicaSyncStatus(db(), context.identity.kioskId);
    const text = `${s.queue}/${s.deadLetters}`;
    if (text === lastReport) return;
    try {
      await api.report(eventId, { queue: s.queue, deadLetters: s.deadLetters, appVersion: arrivalsVersion }, controller.signal);
      lastReport = text;
    } catch (error) {
      // A revoked token shows on the next run; anything else is not worth failing a good run for.
      if (isTransportError(error) && error.kind === 'revoked') throw error;
    }
  }

  /**
   * Before an unenroll: everything this kiosk recorded goes to the cloud first, items waiting out a
   * retry delay included, for at most `leaveTimeoutMs` (the clock's time). Returns how many items
   * are still unsent (offline, or the time ran out): they stay in the outbox, and the status says so.
   */
  async function pushBeforeLeaving(): Promise<number> {
    const leaving = new AbortController();
    const cancel = clock.setTimer(timings.leaveTimeoutMs, () => leaving.abort());
    try {
      await serial(async () => {
        const target = await connection();
        if (target) await push(target.api, target.eventId, noRun(null), () => everyRetryDue, leaving.signal);
      });
    } catch {
      // Unreachable, refused or out of time: what is left is counted below.
    } finally {
      cancel();
    }
    return replicaSyncStatus(db(), context.identity.kioskId).queue;
  }

  /**
   * POST …/devices/self/leave with this kiosk's token, for at most `leaveTimeoutMs` (the clock's
   * time). Null when the cloud retired the device (or had already: revoked, unknown token); else
   * the note for the status.
   */
  async function tellCloudWeLeft(server: string, eventId: string, deviceId: string | null): Promise<string | null> {
    const token = await tokens.load();
    if (!token) return notToldNote(server, deviceId, 'the device token is missing');
    const leaving = new AbortController();
    const cancel = clock.setTimer(timings.leaveTimeoutMs, () => leaving.abort());
    try {
      await makeTransport(server, token).leave(eventId, leaving.signal);
      return null;
    } catch (error) {
      if (isTransportError(error) && (error.kind === 'revoked' || error.kind === 'unauthorized')) return null;
      const why = isTransportError(error) && error.kind === 'aborted' ? `no answer within ${timings.leaveTimeoutMs / 1000} s` : (error as Error).message;
      return notToldNote(server, deviceId, why);
    } finally {
      cancel();
    }
  }

  // ---- live stream ----------------------------------------------------------------------------------
  async function follow(): Promise<void> {
    const target = await connection();
    if (!target) return;
    const streamController = new AbortController();
    const stopOnStop = () => streamController.abort();
    controller.signal.addEventListener('abort', stopOnStop);
    let cancelIdle = () => {};
    const armIdle = () => {
      cancelIdle();
      cancelIdle = clock.setTimer(timings.streamIdleMs, () => streamController.abort(), { background: true });
    };
    armIdle();
    try {
      await target.api.stream(
        target.eventId,
        readSyncState(db()).cursor,
        streamController.signal,
        (page) =>
          serial(async () => {
            if (stopped) return;
            if (!streamLive) {
              streamLive = true;
            }
            applyFeedPage(db(), page, nowIso(clock));
            setOnline(true);
            emit();
          }),
        () => {
          if (!streamLive) streamLive = true;
          armIdle();
        },
      );
    } finally {
      cancelIdle();
      streamLive = false;
      controller.signal.removeEventListener('abort', stopOnStop);
    }
  }

  // ---- the supervisor ---------------------------------------------------------------------------
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const cancel = clock.setTimer(ms, () => {
        wake = undefined;
        resolve();
      }, { background: true });
      wake = () => {
        cancel();
        wake = undefined;
        resolve();
      };
    });

  async function loop(): Promise<void> {
    const useStream = options.stream ?? true;
    let streamFailures = 0;
    let streamRetryAt = 0;
    while (!stopped) {
      const outcome = await run();
      if (stopped || !isEnrolledHere()) break;
      if (!outcome.ok) {
        await sleep(outcome.retryInMs ?? timings.backoffCapMs);
        continue;
      }
      const due = nextOutboxAttempt(db());
      if (useStream && clock.now() >= streamRetryAt) {
        const began = clock.now();
        let error: unknown;
        const poller = startOutboxPoller();
        try {
          await follow();
        } catch (e) {
          error = e;
        } finally {
          poller();
        }
        if (stopped) break;
        if (isTransportError(error) && error.kind === 'revoked') {
          await revoke(error.message);
          break;
        }
        // A stream that lived a while was healthy; one that keeps failing at once backs off.
        streamFailures = clock.now() - began > 30_000 ? 1 : streamFailures + 1;
        streamRetryAt = clock.now() + backoffDelay(streamFailures, timings, random);
        continue; // poll at once
      }
      const untilRetry = due ? Math.max(0, Date.parse(due) - clock.now()) : timings.pollMs;
      await sleep(Math.min(timings.pollMs, untilRetry, useStream ? Math.max(0, streamRetryAt - clock.now()) : timings.pollMs));
    }
  }

  /** While the stream is followed: push what other processes (the CLI) put in the outbox, and retries that fall due. */
  function startOutboxPoller(): () => void {
    let cancel = () => {};
    // Every pollMs, or when the oldest waiting item's retry falls due if that is sooner: a retry
    // scheduled while the network was down goes as soon as it may, not at the next poll (convergence
    // after a partition waited up to 5 s for it). Never sooner than 50 ms apart.
    const next = () => {
      const due = nextOutboxAttempt(db());
      return due === null ? timings.pollMs : Math.max(50, Math.min(timings.pollMs, Date.parse(due) - clock.now()));
    };
    const arm = () => {
      cancel();
      cancel = clock.setTimer(next(), tick, { background: true });
    };
    const tick = () => {
      if (stopped) return;
      if (pendingOutbox(db(), nowIso(clock), 1).length > 0) void run();
      arm();
    };
    arm();
    // A run that ends (a push that failed schedules its retry) sets the next tick again.
    rearmPoller = arm;
    return () => {
      cancel();
      rearmPoller = undefined;
    };
  }

  function isEnrolledHere(): boolean {
    return readSyncState(db()).server !== null;
  }

  async function revoke(reason: string): Promise<void> {
    await leaveCloud(db(), tokens, nowIso(clock), { reason });
    transport = undefined;
    offline = false;
    initialPull = null;
    setOnline(false);
    controller.abort();
    emit();
  }

  function start(): void {
    if (started && !stopped && loopDone) return;
    started = true;
    stopped = false;
    if (controller.signal.aborted) controller = new AbortController();
    if (options.manual || !isEnrolledHere()) {
      emit();
      return;
    }
    loopDone = loop().catch((error: Error) => {
      if (stopped) return;
      try {
        saveLastError(db(), `the sync engine stopped: ${error.message}`);
        emit();
      } catch {
        // The replica is closing: nothing left to tell.
      }
    });
  }

  async function stop(): Promise<void> {
    stopped = true;
    controller.abort();
    wake?.();
    await loopDone;
    await running?.catch(() => undefined);
    await exclusive;
    loopDone = undefined;
  }

  return {
    start,
    stop,
    run,
    streaming: () => streamLive,
    status: statusWithState,
    async enroll(input: SyncEnrollInput) {
      // After an unenroll or a revocation the old calls were aborted; this enrollment starts afresh.
      if (controller.signal.aborted) controller = new AbortController();
      const state = readSyncState(db());
      if (state.server !== null) throw new ArrivalsError('conflict', `this kiosk is already enrolled to ${state.server} (event ${state.event_id}); unenroll first`);
      await enrollKiosk({ db: db(), clock, tokens, kioskId: context.identity.kioskId, input, defaultName: options.deviceName, signal: controller.signal });
      transport = undefined;
      failures = 0;
      offline = false;
      setOnline(true);
      stopped = false;
      loopDone = undefined;
      start();
      return statusWithState();
    },
    async unenroll() {
      const state = readSyncState(db());
      const enrolledHere = state.server !== null && state.event_id !== null;
      // No check-in is lost to a hand-over: the outbox goes to the cloud before the token is forgotten.
      const unsent = enrolledHere ? await pushBeforeLeaving() : 0;
      await stop();
      // Best effort: the cloud retires this device, so the kiosk id may enroll again (also to
      // another event). Offline, the kiosk still leaves; its status says the cloud was not told.
      const notTold = enrolledHere ? await tellCloudWeLeft(state.server!, state.event_id!, state.device_id) : null;
      const note = [notTold, unsentNote(unsent, state.event_id)].filter((n) => n !== null).join('; ') || null;
      await serial(async () => leaveCloud(db(), tokens, nowIso(clock), null, note));
      transport = undefined;
      offline = false;
      initialPull = null;
      setOnline(false);
      emit();
      return statusWithState();
    },
    now() {
      wake?.();
      if (started && !stopped && !options.manual) void run();
      return statusWithState();
    },
    outboxChanged() {
      if (started && !stopped && online && !options.manual) void run();
    },
    deadLetters: (limit) => listDeadLetters(db(), limit),
    duplicates: (limit) => listDuplicates(db(), limit),
  };
}

interface Batch {
  checkins: Array<{ row: OutboxRow; item: IngestCheckin }>;
  undos: Array<{ row: OutboxRow; item: IngestUndo }>;
  walkIns: Array<{ row: OutboxRow; item: IngestWalkIn }>;
  unreadable: OutboxRow[];
}

/** Outbox rows as the cloud's ingest items, checked against the same schemas the cloud uses. */
/** An outbox read with this as "now" takes items still waiting out a retry delay too. */
const everyRetryDue = '9999-12-31T23:59:59.999Z';

function toBatch(rows: OutboxRow[]): Batch {
  const batch: Batch = { checkins: [], undos: [], walkIns: [], unreadable: [] };
  for (const row of rows) {
    let json: unknown;
    try {
      json = JSON.parse(row.payload);
    } catch {
      batch.unreadable.push(row);
      continue;
    }
    if (row.kind === 'checkin') {
      const item = ingestCheckin.safeParse(json);
      if (item.success) batch.checkins.push({ row, item: item.data });
      else batch.unreadable.push(row);
    } else if (row.kind === 'undo') {
      const item = ingestUndo.safeParse(json);
      if (item.success) batch.undos.push({ row, item: item.data });
      else batch.unreadable.push(row);
    } else {
      const item = ingestWalkIn.safeParse(json);
      if (item.success) batch.walkIns.push({ row, item: item.data });
      else batch.unreadable.push(row);
    }
  }
  return batch;
}

function totalOf(page: FeedPage): number | null {
  const total = (page as { total?: unknown }).total;
  return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null;
}
