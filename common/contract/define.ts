/**
 * The building blocks of the API contract. A method is a zod schema for its input and one for
 * its result; the result schema is what the browser host and the CLI print, and what the cloud's
 * OpenAPI document is generated from, so it is a schema rather than a bare TypeScript type.
 */
import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help`, the OpenAPI summary and the reader of the contract. */
  summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

/** Methods that take nothing still validate: a stray argument is a caller's bug worth catching. */
export const noInput = z.object({}).strict();
