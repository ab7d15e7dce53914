import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  decodeTicketCode,
  encodeTicketPayload,
  formatTicketCode,
  maxTicketCodeLength,
  normalizeTicketCode,
  type TicketFields,
} from './ticket-code';

const fields: TicketFields = {
  keyId: 'K1',
  eventId: 'evt-2026-berlin',
  ticketId: 'T-000123',
  ticketType: 'Conférence',
  validFrom: 1_790_000_000,
  validUntil: 1_790_086_400,
};
const fakeSignature = new Uint8Array(64).fill(7);

function codeOf(payload: Uint8Array): string {
  return formatTicketCode(payload, fakeSignature);
}

describe('base32', () => {
  it('matches the RFC 4648 test vectors without padding', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(encoded)!)).toBe(plain);
    }
  });

  it('round-trips every length up to 40 bytes', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it('refuses padding, lowercase, impossible lengths and non-zero trailing bits', () => {
    expect(base32Decode('MY======')).toBeNull();
    expect(base32Decode('my')).toBeNull();
    expect(base32Decode('M')).toBeNull();
    expect(base32Decode('MZX')).toBeNull();
    expect(base32Decode('MZ')).toBeNull(); // 'MY' is canonical for "f"; 'MZ' has a stray bit
  });
});

describe('ticket code text', () => {
  it('round-trips the fields, and the text uses only QR alphanumeric characters', () => {
    const text = codeOf(encodeTicketPayload(fields));
    expect(text).toMatch(/^AR1:[A-Z2-7]+$/);
    const parsed = decodeTicketCode(text);
    expect(parsed.ok && parsed.code.fields).toEqual(fields);
    expect(parsed.ok && parsed.code.signature).toEqual(fakeSignature);
  });

  it('accepts lowercase and surrounding whitespace', () => {
    const text = codeOf(encodeTicketPayload(fields));
    const parsed = decodeTicketCode(`  ${text.toLowerCase()}\r\n`);
    expect(parsed.ok && parsed.code.fields).toEqual(fields);
    expect(normalizeTicketCode(` ${text.toLowerCase()} `)).toBe(text);
    expect(normalizeTicketCode(' plain-Code-7 ')).toBe('plain-Code-7');
  });

  it('refuses a wrong version, trailing bytes, bad lengths and truncation', () => {
    const payload = encodeTicketPayload(fields);
    const wrongVersion = payload.slice();
    wrongVersion[0] = 2;
    expect(decodeTicketCode(codeOf(wrongVersion))).toMatchObject({ ok: false, reason: expect.stringContaining('version') });

    const trailing = new Uint8Array(payload.length + 1);
    trailing.set(payload);
    expect(decodeTicketCode(codeOf(trailing))).toMatchObject({ ok: false, reason: 'trailing bytes' });

    const zeroLength = payload.slice();
    zeroLength[1] = 0;
    expect(decodeTicketCode(codeOf(zeroLength)).ok).toBe(false);

    const tooLong = payload.slice();
    tooLong[1] = 65;
    expect(decodeTicketCode(codeOf(tooLong)).ok).toBe(false);

    expect(decodeTicketCode(codeOf(payload.subarray(0, payload.length - 3))).ok).toBe(false);
    expect(decodeTicketCode('AR1:').ok).toBe(false);
  });

  it('refuses invalid UTF-8 inside a field', () => {
    const payload = encodeTicketPayload({ ...fields, keyId: 'ab' });
    payload[2] = 0xff;
    expect(decodeTicketCode(codeOf(payload))).toMatchObject({ ok: false, reason: 'keyId is not UTF-8' });
  });

  it('refuses input longer than the limit before decoding it', () => {
    const long = 'AR1:' + 'A'.repeat(maxTicketCodeLength);
    expect(decodeTicketCode(long)).toEqual({ ok: false, reason: 'too long' });
    expect(decodeTicketCode('x'.repeat(10_000))).toEqual({ ok: false, reason: 'too long' });
  });

  it('refuses fields the format cannot carry when encoding', () => {
    expect(() => encodeTicketPayload({ ...fields, ticketId: '' })).toThrow(RangeError);
    expect(() => encodeTicketPayload({ ...fields, ticketId: 'é'.repeat(33) })).toThrow(RangeError);
    expect(() => encodeTicketPayload({ ...fields, validUntil: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeTicketPayload({ ...fields, validFrom: 10, validUntil: 5 })).toThrow(RangeError);
    const longest = { ...fields, keyId: 'k'.repeat(64), eventId: 'e'.repeat(64), ticketId: 't'.repeat(64), ticketType: 'y'.repeat(64) };
    expect(() => codeOf(encodeTicketPayload(longest))).toThrow(RangeError);
  });
});
