/**
 * The face's side of the hop: an object with the shape the faces already use (`envelope`,
 * `subscribe`, and `router`/`bus` views of them, so main/host and the IPC bridge take it or an
 * in-process Kiosk alike), over any channel to a core that runs elsewhere (a worker_thread in
 * thread.ts, an Electron utility process in main/electron/core-utility.ts).
 *
 * When the core dies (an uncaught error, out of memory, killed), every call in flight answers
 * `unavailable` at once, the face is told through `onCoreExit`, and a new core is started. A core
 * that cannot open its kiosk is not retried in a loop: calls then answer `unavailable` with the
 * reason until the face is restarted.
 */
import type { CallEnvelope } from '../../../common/api-client';
import { systemClock } from '../../../common/clock';
import { ArrivalsError } from '../../../common/contract/index';
import type { EventListener } from '../event-bus';
import type { KioskPort } from '../kiosk';
import type { OsPrinting } from '../print/transports/os';
import { PrintError } from '../print/transports/print-error';
import { isEvent, isReply, unavailable, type CoreIdentity, type CoreStart, type FromCore, type OsPrintCall, type OsPrintReply, type SealCall, type SealReply, type ToCore } from './protocol';
import type { TokenSealer } from '../sync/token-store';

/** One running core. `exit` is called once, when it has ended for any reason. */
export interface CoreChannel {
  post(message: ToCore): void;
  listen(handlers: { message(message: FromCore): void; exit(reason: string): void }): void;
  /** Ends the core now (it is told to stop first when the face closes). */
  kill(): void;
}

export type SpawnCore = () => CoreChannel;

export interface CoreExitReport {
  /** One sentence for the face's log: "the kiosk core crashed (…); it was restarted". */
  message: string;
  /** A new core was started; false when it could not be (calls answer `unavailable`). */
  restarted: boolean;
}

export interface CoreClientOptions {
  start: Omit<CoreStart, 'osPrinting' | 'tokenSealing'>;
  /** The face's OS printers (Electron); the core's print jobs for them come back here. */
  osPrinting?: OsPrinting | undefined;
  /** The face's sealing of the sync token (Electron safeStorage); the core's requests come back here. */
  tokenSealer?: TokenSealer | undefined;
  /** Told when the core ended unexpectedly, and again if its restart failed. */
  onCoreExit?: (report: CoreExitReport) => void;
  /** How long close() waits for the core to close its replica before ending it. Default 5 s. */
  closeGraceMs?: number;
}

export interface CoreClient extends KioskPort {
  /** The kiosk the core opened (from its ready message; a restart opens the same one). */
  readonly identity: CoreIdentity;
  envelope(method: string, input: unknown): Promise<CallEnvelope>;
  subscribe(listener: EventListener): () => void;
  /** Closes the kiosk in the core, then ends it. Calls after this answer `unavailable`. */
  close(): Promise<void>;
}

interface Running {
  channel: CoreChannel;
  ready: boolean;
  ended: boolean;
  pending: Map<number, (envelope: CallEnvelope) => void>;
}

/** Starts a core and resolves once its kiosk is open; rejects with the reason it could not open. */
export async function connectCore(spawn: SpawnCore, options: CoreClientOptions): Promise<CoreClient> {
  const listeners = new Set<EventListener>();
  let nextId = 0;
  let current: Running;
  let down: string | undefined;
  let closing: Promise<void> | undefined;
  let onStopped: (() => void) | undefined;
  let closed: (() => void) | undefined;

  function launch(): { running: Running; opened: Promise<CoreIdentity> } {
    const channel = spawn();
    const running: Running = { channel, ready: false, ended: false, pending: new Map() };
    const opened = new Promise<CoreIdentity>((resolve, reject) => {
      channel.listen({
        message(message) {
          if (isReply(message)) {
            const settle = running.pending.get(message.id);
            running.pending.delete(message.id);
            settle?.(message.envelope);
          } else if (isEvent(message)) {
            for (const listener of listeners) {
              try {
                listener(message.event, message.payload);
              } catch {
                // As on the bus: one face failing to deliver must not stop the others.
              }
            }
          } else if ('osPrint' in message) {
            void answerOsPrint(message.osPrint).then((reply) => {
              if (!running.ended) channel.post({ osPrintReply: reply });
            });
          } else if ('seal' in message) {
            void answerSeal(message.seal).then((reply) => {
              if (!running.ended) channel.post({ sealReply: reply });
            });
          } else if ('ready' in message) {
            running.ready = true;
            resolve(message.ready);
          } else if ('failed' in message) {
            reject(new ArrivalsError(message.failed.code, message.failed.message, message.failed.details));
            channel.kill();
          } else if ('stopped' in message) {
            onStopped?.();
          }
        },
        exit(reason) {
          running.ended = true;
          reject(new ArrivalsError('unavailable', `the kiosk core ${reason} before it opened the kiosk`));
          const answer = closing
            ? unavailable('the kiosk core was closed during this call')
            : running.ready
              ? unavailable(`the kiosk core ${reason} during this call; it is being restarted`)
              : unavailable(`the kiosk core ${reason} while it was starting`);
          for (const settle of running.pending.values()) settle(answer);
          running.pending.clear();
          if (closing) {
            if (running === current) closed?.();
          } else if (running === current && running.ready) restart(reason);
        },
      });
    });
    channel.post({ start: { ...options.start, osPrinting: options.osPrinting !== undefined, tokenSealing: options.tokenSealer !== undefined } });
    return { running, opened };
  }

  function restart(reason: string): void {
    const next = launch();
    current = next.running;
    next.opened.then(
      () => options.onCoreExit?.({ message: `the kiosk core ${reason}; calls in flight failed, and it was restarted`, restarted: true }),
      (error: Error) => {
        if (current !== next.running || closing) return;
        down = `the kiosk core ${reason} and could not be restarted (${error.message})`;
        options.onCoreExit?.({ message: down, restarted: false });
      },
    );
  }

  async function answerOsPrint(call: OsPrintCall): Promise<OsPrintReply> {
    const printing = options.osPrinting;
    try {
      if (!printing) throw new PrintError('this face has no OS printers', false);
      if (call.op === 'list') return { id: call.id, ok: true, devices: await printing.list() };
      await printing.print(call.request);
      return { id: call.id, ok: true };
    } catch (error) {
      const retryable = error instanceof PrintError ? error.retryable : true;
      return { id: call.id, ok: false, message: (error as Error).message, retryable };
    }
  }

  async function answerSeal(call: SealCall): Promise<SealReply> {
    try {
      if (!options.tokenSealer) throw new Error('this face cannot seal tokens');
      const text = call.op === 'seal' ? await options.tokenSealer.seal(call.text) : await options.tokenSealer.unseal(call.text);
      return { id: call.id, ok: true, text };
    } catch (error) {
      return { id: call.id, ok: false, message: (error as Error).message };
    }
  }

  const first = launch();
  current = first.running;
  const identity = await first.opened;

  function envelope(method: string, input: unknown): Promise<CallEnvelope> {
    if (closing) return Promise.resolve(unavailable('the kiosk core is closed'));
    if (down) return Promise.resolve(unavailable(down));
    const running = current;
    const id = ++nextId;
    return new Promise<CallEnvelope>((resolve) => {
      running.pending.set(id, resolve);
      try {
        running.channel.post({ id, method, input });
      } catch (error) {
        // An input structured clone cannot copy (a function, a symbol) never reaches the core.
        running.pending.delete(id);
        resolve({ ok: false, error: { code: 'bad_input', message: `${method}: the input cannot be sent to the kiosk core (${(error as Error).message})` } });
      }
    });
  }

  function subscribe(listener: EventListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      const running = current;
      if (running.ended) return resolve();
      closed = resolve;
      // The core closes its replica and says so; one that does not answer in time is ended.
      const cancelGrace = systemClock.setTimer(options.closeGraceMs ?? 5000, () => running.channel.kill());
      onStopped = () => {
        cancelGrace();
        running.channel.kill();
      };
      running.channel.post({ stop: true });
    });
    return closing;
  }

  return {
    identity,
    envelope,
    subscribe,
    close,
    router: { envelope },
    bus: { subscribe },
  };
}
