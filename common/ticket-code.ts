/**
 * The text formats of signed ticket codes (main/core/tickets/README.md):
 *
 * - `AR2:` + base45 (RFC 9285) of a compact payload ‖ Ed25519 signature: what is issued now. The
 *   event is bound through the key (a key index scoped to the event), the ticket is a serial and its
 *   type an index, so a code is 106–121 characters: a QR code of version 5 (37 modules) at level M.
 * - `AR1:` + base32 of a payload that spells out key id, event id, ticket id and type name: legacy
 *   codes, issued before; they keep verifying. Only tests still make them.
 *
 * Pure bytes in, bytes out: signing and verifying live in common/node/signing.ts, because the
 * browser and the preload must be able to parse a code without Node's crypto.
 *
 * Parsing is strict on purpose: a code is read from a camera or a keyboard wedge, so every
 * malformed input must come back as a clean `{ok: false}` and never as an exception or as two
 * different texts meaning the same ticket.
 */
import { base45Decode, base45Encode } from './base45';

export const ticketCodePrefixV1 = 'AR1:';
export const ticketCodePrefixV2 = 'AR2:';
/** Longest code text accepted; a longer input is refused before any decoding work. */
export const maxTicketCodeLength = 512;
/** Longest UTF-8 byte length of each string field of a legacy (v1) code. */
export const maxTicketFieldBytes = 64;
export const signatureBytes = 64;
/** A v2 code's key index: which of its event's keys signed it. */
export const maxKeyIndex = 255;
/** A v2 code's ticket type index. */
export const maxTypeIndex = 127;
/** A v2 code's ticket serial: a varint of at most 3 bytes. */
export const maxTicketSerial = 2 ** 21 - 1;
/** The longest v2 code: 78 bytes (serial of 3 bytes, both validity bounds) in base45, plus the prefix. */
export const maxTicketCodeV2Length = ticketCodePrefixV2.length + Math.ceil((78 * 3) / 2);

/** A legacy (`AR1:`) code's fields. */
export interface TicketFieldsV1 {
  keyId: string;
  eventId: string;
  ticketId: string;
  ticketType: string;
  /** Unix seconds; 0 means no lower bound. */
  validFrom: number;
  /** Unix seconds; 0 means no upper bound. */
  validUntil: number;
}

/** An `AR2:` code's fields. The event is the one whose key with `keyIndex` verifies the signature. */
export interface TicketFieldsV2 {
  /** 0–255: which of the event's keys. */
  keyIndex: number;
  /** 0 … 2^21−1: the ticket, unique within the event; its ticket id is this number in decimal. */
  serial: number;
  /** 0–127: the event's ticket type with this index. */
  typeIndex: number;
  /** Unix seconds; 0 means no lower bound (the field is left out of the code). */
  validFrom: number;
  /** Unix seconds; 0 means no upper bound (the field is left out of the code). */
  validUntil: number;
}

export type DecodedTicketCode =
  | { version: 1; fields: TicketFieldsV1; /** The exact bytes the signature covers. */ payload: Uint8Array; signature: Uint8Array }
  | { version: 2; fields: TicketFieldsV2; payload: Uint8Array; signature: Uint8Array };

export type TicketCodeParse = { ok: true; code: DecodedTicketCode } | { ok: false; reason: string };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const alphabetIndex = new Map([...alphabet].map((char, i) => [char, i]));
const stringFieldNames = ['keyId', 'eventId', 'ticketId', 'ticketType'] as const;
const maxU32 = 0xffffffff;
const versionV2 = 0x20;
const hasValidFrom = 0x01;
const hasValidUntil = 0x02;

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

function signedPrefixOf(text: string): string | undefined {
  const head = text.slice(0, ticketCodePrefixV2.length).toUpperCase();
  return head === ticketCodePrefixV1 || head === ticketCodePrefixV2 ? head : undefined;
}

/** True when the text claims to be a signed code (`AR1:` or `AR2:`, whatever its validity); plain codes are not. */
export function looksLikeSignedCode(text: string): boolean {
  return signedPrefixOf(text.trim()) !== undefined;
}

/** The canonical form of a code as typed or scanned: trimmed, and signed codes uppercased. */
export function normalizeTicketCode(text: string): string {
  const trimmed = text.trim();
  return looksLikeSignedCode(trimmed) ? trimmed.toUpperCase() : trimmed;
}

/** Parses a signed code's text (either version) without checking its signature. */
export function decodeTicketCode(text: string): TicketCodeParse {
  if (text.length > maxTicketCodeLength * 4) return fail('too long');
  const normal = text.trim().toUpperCase();
  if (normal.length > maxTicketCodeLength) return fail('too long');
  const prefix = signedPrefixOf(normal);
  if (prefix === ticketCodePrefixV2) return decodeV2(normal.slice(prefix.length));
  if (prefix === ticketCodePrefixV1) return decodeV1(normal.slice(prefix.length));
  return fail(`not a signed code (no ${ticketCodePrefixV2} or ${ticketCodePrefixV1} prefix)`);
}

function splitSignature(bytes: Uint8Array): { payload: Uint8Array; signature: Uint8Array } {
  return { payload: bytes.subarray(0, bytes.length - signatureBytes), signature: bytes.subarray(bytes.length - signatureBytes) };
}

function joinSignature(payload: Uint8Array, signature: Uint8Array): Uint8Array {
  if (signature.length !== signatureBytes) throw new RangeError(`a signature is ${signatureBytes} bytes`);
  const bytes = new Uint8Array(payload.length + signature.length);
  bytes.set(payload, 0);
  bytes.set(signature, payload.length);
  return bytes;
}

function checkWindow(validFrom: number, validUntil: number): void {
  for (const value of [validFrom, validUntil]) {
    if (!Number.isInteger(value) || value < 0 || value > maxU32) throw new RangeError('validity bounds must be unix seconds (u32)');
  }
  if (validFrom !== 0 && validUntil !== 0 && validUntil < validFrom) throw new RangeError('validUntil is before validFrom');
}

function checkInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer from 0 to ${max}`);
}

// ---- version 2 (AR2:) -------------------------------------------------------------------------

/** The bytes an `AR2:` code's signature covers. Throws RangeError on fields the format cannot carry. */
export function encodeTicketPayloadV2(fields: TicketFieldsV2): Uint8Array {
  checkInteger('keyIndex', fields.keyIndex, maxKeyIndex);
  checkInteger('serial', fields.serial, maxTicketSerial);
  checkInteger('typeIndex', fields.typeIndex, maxTypeIndex);
  checkWindow(fields.validFrom, fields.validUntil);
  const bytes: number[] = [versionV2 | (fields.validFrom ? hasValidFrom : 0) | (fields.validUntil ? hasValidUntil : 0), fields.keyIndex];
  // Unsigned LEB128: seven bits at a time, lowest first; the high bit says another byte follows.
  let serial = fields.serial;
  while (serial >= 0x80) {
    bytes.push((serial & 0x7f) | 0x80);
    serial >>>= 7;
  }
  bytes.push(serial, fields.typeIndex);
  for (const bound of [fields.validFrom, fields.validUntil]) {
    if (bound) bytes.push(bound >>> 24, (bound >>> 16) & 0xff, (bound >>> 8) & 0xff, bound & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Joins a v2 payload and its signature into the code text. */
export function formatTicketCodeV2(payload: Uint8Array, signature: Uint8Array): string {
  return ticketCodePrefixV2 + base45Encode(joinSignature(payload, signature));
}

function decodeV2(body: string): TicketCodeParse {
  if (body.length > maxTicketCodeV2Length - ticketCodePrefixV2.length) return fail('too long for an AR2 code');
  const bytes = base45Decode(body);
  if (!bytes) return fail('not valid base45');
  if (bytes.length < 4 + signatureBytes) return fail('too short');
  const { payload, signature } = splitSignature(bytes);
  const fields = parsePayloadV2(payload);
  if (typeof fields === 'string') return fail(fields);
  return { ok: true, code: { version: 2, fields, payload, signature } };
}

function parsePayloadV2(payload: Uint8Array): TicketFieldsV2 | string {
  const head = payload[0]!;
  if ((head & 0xf0) !== versionV2) return `unsupported version ${head >> 4}`;
  if ((head & 0x0c) !== 0) return 'unknown flags';
  const keyIndex = payload[1]!;
  let at = 2;
  let serial = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = payload[at++];
    if (byte === undefined) return 'serial runs past the end';
    serial += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      // Canonical only: a last byte of 0 after the first would be a redundant continuation.
      if (byte === 0 && shift > 0) return 'serial is not a canonical varint';
      break;
    }
    if (shift === 14) return 'serial is longer than 3 bytes';
  }
  const typeIndex = payload[at++];
  if (typeIndex === undefined) return 'ticket type missing';
  if (typeIndex > maxTypeIndex) return 'ticket type index is longer than 1 byte';
  const bounds = [0, 0];
  for (const [i, flag] of [hasValidFrom, hasValidUntil].entries()) {
    if ((head & flag) === 0) continue;
    if (at + 4 > payload.length) return 'validity window runs past the end';
    const value = ((payload[at]! << 24) >>> 0) + (payload[at + 1]! << 16) + (payload[at + 2]! << 8) + payload[at + 3]!;
    // A bound that is present is never 0 ("no bound" is said by leaving it out), so one window has one text.
    if (value === 0) return 'a validity bound of 0 must be left out';
    bounds[i] = value;
    at += 4;
  }
  if (at !== payload.length) return 'trailing bytes';
  const [validFrom, validUntil] = bounds as [number, number];
  if (validFrom !== 0 && validUntil !== 0 && validUntil < validFrom) return 'validity window ends before it starts';
  return { keyIndex, serial, typeIndex, validFrom, validUntil };
}

// ---- version 1 (AR1:, legacy) -----------------------------------------------------------------

/** The bytes a legacy `AR1:` code's signature covers. Throws on fields the format cannot carry. */
export function encodeTicketPayloadV1(fields: TicketFieldsV1): Uint8Array {
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
  payload[0] = 1;
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

/** Joins a legacy payload and its signature into the `AR1:` code text. */
export function formatTicketCodeV1(payload: Uint8Array, signature: Uint8Array): string {
  const text = ticketCodePrefixV1 + base32Encode(joinSignature(payload, signature));
  if (text.length > maxTicketCodeLength) throw new RangeError(`the code would be longer than ${maxTicketCodeLength} characters`);
  return text;
}

function decodeV1(body: string): TicketCodeParse {
  const bytes = base32Decode(body);
  if (!bytes) return fail('not valid base32');
  if (bytes.length < 1 + 4 + 8 + signatureBytes) return fail('too short');
  const { payload, signature } = splitSignature(bytes);
  const fields = parsePayloadV1(payload);
  if (typeof fields === 'string') return fail(fields);
  return { ok: true, code: { version: 1, fields, payload, signature } };
}

function parsePayloadV1(payload: Uint8Array): TicketFieldsV1 | string {
  if (payload[0] !== 1) return `unsupported version ${payload[0]}`;
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
