/**
 * Builds the `window.arrivals` object from the contract over any transport, in the page, once, for
 * both faces. Each face's bridge exposes only a raw transport (`window.arrivalsTransport`: `call`
 * answers the `{ok, result | error}` envelope, `subscribe` delivers push events): the Electron
 * preload over IPC, the browser host's client over HTTP and a WebSocket. The page then builds the
 * typed API with installArrivalsApi, so a refused call throws the same ArrivalsError, with its
 * `code` and `details`, on both faces. (Electron's contextBridge clones what crosses it and drops
 * the custom properties of a thrown Error; a plain envelope crosses intact.)
 */
import {
  isErrorPayload,
  methodNames,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodResult,
} from './contract/index';
import { ArrivalsError, type ErrorPayload } from './contract/errors';

/** What crosses the wire for every call, on every face: never a bare thrown error. */
export type CallEnvelope = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export interface Transport {
  call(method: MethodName, input: unknown): Promise<CallEnvelope>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** The page global under which a face's bridge exposes its Transport. */
export const transportGlobal = 'arrivalsTransport';

/** What a page holds: the face's raw transport, and the typed API built from it. */
export interface PageGlobals {
  arrivalsTransport?: Transport;
  arrivals?: ArrivalsApi;
}

type Namespace<N> = N extends `${infer NS}.${string}` ? NS : never;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "{}" is exactly "a call with no arguments is valid"
type Args<M extends MethodName> = {} extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>];

export type ArrivalsApi = {
  [NS in Namespace<MethodName>]: {
    [M in MethodName as M extends `${NS}.${infer F}` ? F : never]: (...args: Args<M>) => Promise<MethodResult<M>>;
  };
} & {
  /** Subscribe to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function unwrap(envelope: CallEnvelope): unknown {
  if (envelope.ok) return envelope.result;
  const error = isErrorPayload(envelope.error)
    ? envelope.error
    : { code: 'internal' as const, message: 'malformed error from the kiosk service' };
  throw new ArrivalsError(error.code, error.message, error.details);
}

export function createArrivalsApi(transport: Transport): ArrivalsApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of methodNames) {
    const [ns, fn] = name.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][fn] = async (input: unknown = {}) => unwrap(await transport.call(name, input));
  }
  const on = (event: EventName, listener: (payload: unknown) => void) =>
    transport.subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  return Object.assign(api, { on }) as unknown as ArrivalsApi;
}

/**
 * Builds `page.arrivals` from `page.arrivalsTransport`, once; a read-only property, so page code
 * cannot swap the API out from under the app. Returns the API, or undefined when the page was not
 * opened through a face (no transport).
 */
export function installArrivalsApi(page: PageGlobals): ArrivalsApi | undefined {
  if (page.arrivals) return page.arrivals;
  const transport = page.arrivalsTransport;
  if (!transport) return undefined;
  const api = createArrivalsApi(transport);
  for (const value of Object.values(api)) if (typeof value === 'object') Object.freeze(value);
  Object.freeze(api);
  Object.defineProperty(page, 'arrivals', { value: api, enumerable: true, writable: false, configurable: false });
  return api;
}
