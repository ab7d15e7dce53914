/**
 * The text format of signed ticket codes (`AR1:` + base32 of payload ‖ Ed25519 signature); see
 * main/core/tickets/README.md. Pure bytes in, bytes out: signing and verifying live in
 * main/core/tickets/signing.ts, because the browser and the preload must be able to parse a code
 * without Node's crypto.
 *
 * Parsing is strict on purpose: a code is read from a camera or a keyboard wedge, so every
 * malformed input must come back as a clean `{ok: false}` and never as an exception or as two
 * different texts meaning the same ticket.
 */

export const ticketCodePrefix = 'AR1:';
export const ticketCodeVersion = 1;
/** Longest code text accepted; a longer input is refused before any decoding work. */
export const maxTicketCodeLength = 512;
/** Longest UTF-8 byte length of each string field. */
export const maxTicketFieldBytes = 64;
export const signatureBytes = 64;

export interface TicketFields {
  keyId: string;
  eventId: string;
  ticketId: string;
  ticketType: string;
  /** Unix seconds; 0 means no lower bound. */
  validFrom: number;
  /** Unix seconds; 0 means no upper bound. */
  validUntil: number;
}

export interface DecodedTicketCode {
  fields: TicketFields;
  /** The exact bytes the signature covers. */
  payload: Uint8Array;
  signature: Uint8Array;
}

export type TicketCodeParse = { ok: true; code: DecodedTicketCode } | { ok: false; reason: string };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const alphabetIndex = new Map([...alphabet].map((char, i) => [char, i]));
const stringFieldNames = ['keyId', 'eventId', 'ticketId', 'ticketType'] as const;
const maxU32 = 0xffffffff;

/** RFC 4648 base32, uppercase, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Strict base32 decoding: uppercase alphabet only, no padding, a length that a byte string can
 * produce, and zero bits after the last byte. The last rule matters for signed codes: without it
 * two texts differing in their final character could decode to the same signed bytes.
 */
export function base32Decode(text: string): Uint8Array | null {
  const tail = text.length % 8;
  if (tail === 1 || tail === 3 || tail === 6) return null;
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const char of text) {
    const value = alphabetIndex.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (buffer >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** True when the text claims to be a signed code (whatever its validity); plain codes are not. */
export function looksLikeSignedCode(text: string): boolean {
  return text.trim().slice(0, ticketCodePrefix.length).toUpperCase() === ticketCodePrefix;
}

/** The bytes a ticket's signature covers. Throws on fields the format cannot carry. */
export function encodeTicketPayload(fields: TicketFields): Uint8Array {
  const encoder = new TextEncoder();
  const strings = stringFieldNames.map((name) => {
    const bytes = encoder.encode(fields[name]);
    if (bytes.length < 1 || bytes.length > maxTicketFieldBytes) {
      throw new RangeError(`${name} must be 1 to ${maxTicketFieldBytes} UTF-8 bytes`);
    }
    return bytes;
  });
  checkWindow(fields.validFrom, fields.validUntil);
  const size = 1 + strings.reduce((sum, s) => sum + 1 + s.length, 0) + 8;
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  payload[0] = ticketCodeVersion;
  let at = 1;
  for (const bytes of strings) {
    payload[at++] = bytes.length;
    payload.set(bytes, at);
    at += bytes.length;
  }
  view.setUint32(at, fields.validFrom);
  view.setUint32(at + 4, fields.validUntil);
  return payload;
}

function checkWindow(validFrom: number, validUntil: number): void {
  for (const value of [validFrom, validUntil]) {
    if (!Number.isInteger(value) || value < 0 || value > maxU32) throw new RangeError('validity bounds must be unix seconds (u32)');
  }
  if (validFrom !== 0 && validUntil !== 0 && validUntil < validFrom) throw new RangeError('validUntil is before validFrom');
}

/** Joins a payload and its signature into the code text. */
export function formatTicketCode(payload: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== signatureBytes) throw new RangeError(`a signature is ${signatureBytes} bytes`);
  const bytes = new Uint8Array(payload.length + signature.length);
  bytes.set(payload, 0);
  bytes.set(signature, payload.length);
  const text = ticketCodePrefix + base32Encode(bytes);
  if (text.length > maxTicketCodeLength) throw new RangeError(`the code would be longer than ${maxTicketCodeLength} characters`);
  return text;
}

/** The canonical form of a code as typed or scanned: trimmed, and signed codes uppercased. */
export function normalizeTicketCode(text: string): string {
  const trimmed = text.trim();
  return looksLikeSignedCode(trimmed) ? trimmed.toUpperCase() : trimmed;
}

/** Parses a signed code's text without checking its signature. */
export function decodeTicketCode(text: string): TicketCodeParse {
  if (text.length > maxTicketCodeLength * 4) return fail('too long');
  const normal = text.trim().toUpperCase();
  if (normal.length > maxTicketCodeLength) return fail('too long');
  if (!normal.startsWith(ticketCodePrefix)) return fail(`not a signed code (no ${ticketCodePrefix} prefix)`);
  const bytes = base32Decode(normal.slice(ticketCodePrefix.length));
  if (!bytes) return fail('not valid base32');
  if (bytes.length < 1 + 4 + 8 + signatureBytes) return fail('too short');
  const payload = bytes.subarray(0, bytes.length - signatureBytes);
  const signature = bytes.subarray(bytes.length - signatureBytes);
  const fields = parsePayload(payload);
  if (typeof fields === 'string') return fail(fields);
  return { ok: true, code: { fields, payload, signature } };
}

function parsePayload(payload: Uint8Array): TicketFields | string {
  if (payload[0] !== ticketCodeVersion) return `unsupported version ${payload[0]}`;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const strings: string[] = [];
  let at = 1;
  for (const name of stringFieldNames) {
    const length = payload[at];
    if (length === undefined) return `${name} missing`;
    if (length < 1 || length > maxTicketFieldBytes) return `${name} has a bad length`;
    if (at + 1 + length > payload.length) return `${name} runs past the end`;
    try {
      strings.push(decoder.decode(payload.subarray(at + 1, at + 1 + length)));
    } catch {
      return `${name} is not UTF-8`;
    }
    at += 1 + length;
  }
  if (payload.length !== at + 8) return payload.length < at + 8 ? 'validity window missing' : 'trailing bytes';
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const validFrom = view.getUint32(at);
  const validUntil = view.getUint32(at + 4);
  if (validFrom !== 0 && validUntil !== 0 && validUntil < validFrom) return 'validity window ends before it starts';
  const [keyId, eventId, ticketId, ticketType] = strings as [string, string, string, string];
  return { keyId, eventId, ticketId, ticketType, validFrom, validUntil };
}

function fail(reason: string): TicketCodeParse {
  return { ok: false, reason };
}
