/**
 * Builds the `window.arrivals` object from the contract over any transport. The Electron preload
 * passes an IPC transport, the browser host's client an HTTP/WebSocket one; the renderer sees the
 * same object either way and cannot tell which face it is on.
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
