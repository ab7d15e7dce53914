/**
 * Ids, tokens and their hashes. Tokens are 256-bit random strings, so a plain SHA-256 is enough to
 * store them (no password stretching needed) and lets a request find its device by an index lookup.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Encode } from '../../common/ticket-code';

export function newId(prefix: string, bytes = 6): string {
  return prefix + base32Encode(randomBytes(bytes));
}

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * A short ticket code (an event with `codes: "short"`): 16 characters of RFC 4648 base32, all in the
 * QR alphanumeric set, from 10 random bytes: 80 bits, derived from nothing a guesser could know.
 */
export function newShortCode(): string {
  return base32Encode(randomBytes(10));
}

/** A setup code is typed by hand as often as scanned: 10 base32 characters, grouped for reading. */
export function newSetupCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

export function normalizeSetupCode(code: string): string {
  return code.trim().toUpperCase().replace(/[^A-Z2-7]/g, '');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

