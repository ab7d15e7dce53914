/**
 * Errors that cross a process boundary. Every face (IPC, HTTP, CLI) turns a thrown ArrivalsError
 * into the same `{code, message}` shape, so the renderer and the command line show one clear line.
 */
export type ErrorCode =
  | 'bad_input'
  | 'not_found'
  | 'conflict'
  | 'unknown_method'
  | 'forbidden'
  | 'unavailable'
  | 'internal';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Structured detail, e.g. the per-row errors of a rejected import. */
  details?: unknown;
}

export class ArrivalsError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ArrivalsError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).message === 'string'
  );
}
