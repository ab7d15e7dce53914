/**
 * The messages between a face and a kiosk core that runs off the face's thread: in a
 * worker_thread (browser host, tests, benches) or in an Electron utilityProcess. They are the
 * router's own call envelope, so a call through the hop answers exactly what an in-process
 * `router.envelope` answers:
 *
 *   face → core   {start}                      first message: which data directory, which face
 *                 {id, method, input}          a contract call
 *                 {osPrintReply}               the face's answer to an OS print request
 *                 {sealReply}                  the face's sealed or unsealed sync token
 *                 {stop: true}                 close the kiosk (the face then ends the thread)
 *   core → face   {ready} | {failed}           the kiosk opened, or why it could not
 *                 {id, envelope}               a call's answer, never a thrown error
 *                 {event, payload}             a bus event (import progress, printer status…)
 *                 {osPrint}                    print on an OS printer, which only the face can reach
 *                 {seal}                       seal/unseal the sync token (Electron safeStorage lives in main)
 *                 {stopped: true}              the kiosk is closed
 *
 * Every message is plain data, copied by structured clone on both transports.
 */
import type { CallEnvelope } from '../../../common/api-client';
import type { ErrorPayload, EventName } from '../../../common/contract/index';
import type { Face } from '../kiosk';
import type { OsPrintDevice, OsPrintRequest } from '../print/transports/os';

export interface CoreStart {
  dataDir: string;
  face: Face;
  /** A better-sqlite3 addon built for this runtime (an unpackaged Electron app); see db/native-binding.ts. */
  sqliteBinding?: string | undefined;
  /** The face can print to OS printers: the core sends it {osPrint} requests. */
  osPrinting?: boolean | undefined;
  /** The face seals the sync token (Electron safeStorage, in main): the core sends it {seal} requests. */
  tokenSealing?: boolean | undefined;
}

/** Who the core is, sent once it has opened the kiosk. */
export interface CoreIdentity {
  kioskId: string;
  dataDir: string;
  version: string;
  face: Face;
}

export type OsPrintCall = { id: number; op: 'list' } | { id: number; op: 'print'; request: OsPrintRequest };
export type OsPrintReply =
  | { id: number; ok: true; devices?: OsPrintDevice[] }
  | { id: number; ok: false; message: string; retryable: boolean };

export type CallMessage = { id: number; method: string; input: unknown };
export type ReplyMessage = { id: number; envelope: CallEnvelope };
export type EventMessage = { event: EventName; payload: unknown };

/** Seal or unseal the sync engine's device token with the face's safe storage (Electron's safeStorage). */
export type SealCall = { id: number; op: 'seal' | 'unseal'; text: string };
export type SealReply = { id: number; ok: true; text: string } | { id: number; ok: false; message: string };

export type ToCore = { start: CoreStart } | CallMessage | { osPrintReply: OsPrintReply } | { sealReply: SealReply } | { stop: true };
export type FromCore =
  | { ready: CoreIdentity }
  | { failed: ErrorPayload }
  | ReplyMessage
  | EventMessage
  | { osPrint: OsPrintCall }
  | { seal: SealCall }
  | { stopped: true };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export const isCall = (m: unknown): m is CallMessage => isObject(m) && typeof m.id === 'number' && typeof m.method === 'string';
export const isReply = (m: unknown): m is ReplyMessage => isObject(m) && typeof m.id === 'number' && isObject(m.envelope);
export const isEvent = (m: unknown): m is EventMessage => isObject(m) && typeof m.event === 'string' && 'payload' in m;

/** The answer every call in flight gets when the core is gone: the face stays up and says why. */
export function unavailable(message: string): CallEnvelope {
  return { ok: false, error: { code: 'unavailable', message } };
}
