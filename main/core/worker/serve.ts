/**
 * The core's side of the hop: opens the kiosk when the face says {start}, answers each call with
 * the router's envelope, forwards every bus event, and asks the face to print on OS printers.
 * Transport-free: the worker_thread entry (core-worker.ts) and the Electron utility process
 * (main/electron/core-process.ts) each hand it their port.
 */
import type { CallEnvelope } from '../../../common/api-client';
import { useSqliteNativeBinding } from '../db/native-binding';
import { openKiosk, type Kiosk, type OpenKioskOptions } from '../kiosk';
import { toErrorPayload } from '../router';
import type { OsPrintDevice, OsPrinting } from '../print/transports/os';
import { PrintError } from '../print/transports/print-error';
import { arrivalsVersion } from '../../../common/version';
import type { TokenSealer } from '../sync/token-store';
import { isCall, unavailable, type FromCore, type OsPrintCall, type OsPrintReply, type SealCall, type SealReply, type ToCore } from './protocol';

export interface CoreEndpoint {
  post(message: FromCore): void;
  listen(listener: (message: ToCore) => void): void;
}

/** Opens the kiosk; tests pass a stand-in that wraps the real one. */
export type OpenCore = (options: OpenKioskOptions) => Kiosk;

export function serveCore(endpoint: CoreEndpoint, open: OpenCore = openKiosk): void {
  let kiosk: Kiosk | undefined;
  const printing = remoteOsPrinting((call) => endpoint.post({ osPrint: call }));
  const sealer = remoteTokenSealer((call) => endpoint.post({ seal: call }));

  const reply = (id: number, envelope: CallEnvelope) => {
    try {
      endpoint.post({ id, envelope });
    } catch (error) {
      // A result that structured clone cannot copy must still answer the call.
      endpoint.post({ id, envelope: { ok: false, error: { code: 'internal', message: `the answer could not reach the face: ${(error as Error).message}` } } });
    }
  };

  endpoint.listen((message) => {
    if (isCall(message)) {
      if (!kiosk) return reply(message.id, unavailable('the kiosk core is not open'));
      void kiosk.router.envelope(message.method, message.input).then((envelope) => reply(message.id, envelope));
    } else if ('start' in message) {
      if (kiosk) return;
      const { dataDir, face, sqliteBinding, osPrinting, tokenSealing } = message.start;
      try {
        if (sqliteBinding) useSqliteNativeBinding(sqliteBinding);
        const opened = open({ dataDir, face, ...(osPrinting ? { osPrinting: printing } : {}), ...(tokenSealing ? { tokenSealer: sealer } : {}) });
        opened.bus.subscribe((event, payload) => endpoint.post({ event, payload }));
        kiosk = opened;
        const { context } = opened;
        endpoint.post({ ready: { kioskId: context.identity.kioskId, dataDir: context.dataDir, version: arrivalsVersion, face } });
      } catch (error) {
        endpoint.post({ failed: toErrorPayload(error) });
      }
    } else if ('osPrintReply' in message) {
      printing.settle(message.osPrintReply);
    } else if ('sealReply' in message) {
      sealer.settle(message.sealReply);
    } else if ('stop' in message) {
      kiosk?.close();
      kiosk = undefined;
      printing.failAll('the kiosk core is closing');
      sealer.failAll('the kiosk core is closing');
      endpoint.post({ stopped: true });
    }
  });
}

/** OS printers reached through the face: each list or print is a request it answers. */
export function remoteOsPrinting(send: (call: OsPrintCall) => void): OsPrinting & {
  settle(reply: OsPrintReply): void;
  failAll(reason: string): void;
} {
  let nextId = 0;
  const pending = new Map<number, { resolve: (devices: OsPrintDevice[]) => void; reject: (error: Error) => void }>();
  const ask = (call: (id: number) => OsPrintCall) =>
    new Promise<OsPrintDevice[]>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      send(call(id));
    });
  return {
    list: () => ask((id) => ({ id, op: 'list' })),
    print: async (request) => {
      await ask((id) => ({ id, op: 'print', request }));
    },
    settle(reply) {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.devices ?? []);
      else waiting.reject(new PrintError(reply.message, reply.retryable));
    },
    failAll(reason) {
      for (const waiting of pending.values()) waiting.reject(new PrintError(reason, true));
      pending.clear();
    },
  };
}

/** The face's token sealing (Electron safeStorage in main), one request per seal or unseal. */
export function remoteTokenSealer(send: (call: SealCall) => void): TokenSealer & { settle(reply: SealReply): void; failAll(reason: string): void } {
  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  const ask = (op: SealCall['op'], text: string) =>
    new Promise<string>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      send({ id, op, text });
    });
  return {
    seal: (token) => ask('seal', token),
    unseal: (sealed) => ask('unseal', sealed),
    settle(reply) {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.text);
      else waiting.reject(new Error(reply.message));
    },
    failAll(reason) {
      for (const waiting of pending.values()) waiting.reject(new Error(reason));
      pending.clear();
    },
  };
}
