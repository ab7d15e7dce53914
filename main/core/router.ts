/**
 * The one router that serves the contract. Every face (Electron IPC, the browser host, the CLI)
 * hands it a method name and an untrusted input; it validates the input with the contract's zod
 * schema, runs the handler, and checks the result against the contract too, so a handler that
 * drifts from the contract fails loudly in tests instead of surprising the renderer.
 */
import { z } from 'zod';
import { ArrivalsError, isMethodName, methods, type MethodInput, type MethodName, type MethodParsedInput, type MethodResult } from '../../common/contract/index';
import type { CallEnvelope } from '../../common/api-client';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export interface Router {
  /** Validates, runs and returns the result; throws ArrivalsError on bad input or failure. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Typed call for code inside the Node process (CLI commands, start-up seeding). */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  /** The same as call, but never throws: what crosses IPC and HTTP. */
  envelope(method: string, input: unknown): Promise<CallEnvelope>;
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function toErrorPayload(error: unknown) {
  if (error instanceof ArrivalsError) return error.toPayload();
  return { code: 'internal' as const, message: error instanceof Error ? error.message : String(error) };
}

export function createRouter(handlers: Handlers): Router {
  async function call(method: string, input: unknown): Promise<unknown> {
    if (!isMethodName(method)) throw new ArrivalsError('unknown_method', `unknown method "${method}"`);
    const spec = methods[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) throw new ArrivalsError('bad_input', `${method}: ${describeZodError(parsed.error)}`);
    const handler = handlers[method] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    const checked = spec.output.safeParse(result);
    if (!checked.success) {
      throw new ArrivalsError('internal', `${method} returned a result outside the contract: ${describeZodError(checked.error)}`);
    }
    return checked.data;
  }
  return {
    call,
    invoke: (method, input) => call(method, input) as Promise<never>,
    async envelope(method, input) {
      try {
        return { ok: true, result: await call(method, input) };
      } catch (error) {
        return { ok: false, error: toErrorPayload(error) };
      }
    },
  };
}
