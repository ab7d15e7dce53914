/**
 * A small, strict argument parser: every command declares its flags, and anything else is a usage
 * error with one clear line rather than a silently ignored typo (`--exti` must not admit a guest).
 */
import { ArrivalsError } from '../../common/contract/errors';

export type FlagKind = 'boolean' | 'string' | 'list';
export type FlagSpec = Record<string, FlagKind>;

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

export const globalFlags: FlagSpec = { data: 'string', json: 'boolean', debug: 'boolean', help: 'boolean' };

export class UsageError extends ArrivalsError {
  constructor(message: string) {
    super('bad_input', message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const all: FlagSpec = { ...globalFlags, ...spec };
  const result: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('--') || token === '--') {
      result.positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const kind = all[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      result.flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = token.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') {
      const list = (result.flags[name] as string[] | undefined) ?? [];
      list.push(value);
      result.flags[name] = list;
    } else {
      if (result.flags[name] !== undefined) throw new UsageError(`--${name} given twice`);
      result.flags[name] = value;
    }
  }
  return result;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  return Array.isArray(value) ? value : [];
}

export function intFlag(args: ParsedArgs, name: string, range: { min: number; max: number }): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < range.min || value > range.max) throw new UsageError(`--${name} must be between ${range.min} and ${range.max}`);
  return value;
}
