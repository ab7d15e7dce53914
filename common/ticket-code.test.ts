import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  decodeTicketCode,
  encodeTicketPayloadV1,
  encodeTicketPayloadV2,
  formatTicketCodeV1,
  formatTicketCodeV2,
  looksLikeSignedCode,
  maxTicketCodeLength,
  maxTicketCodeV2Length,
  maxTicketSerial,
  normalizeTicketCode,
  type TicketFieldsV1,
  type TicketFieldsV2,
} from './ticket-code';

const fields: TicketFieldsV1 = {
  keyId: 'K1',
  eventId: 'evt-2026-berlin',
  ticketId: 'T-000123',
  ticketType: 'Conférence',
  validFrom: 1_790_000_000,
  validUntil: 1_790_086_400,
};
const fakeSignature = new Uint8Array(64).fill(7);

function codeOf(payload: Uint8Array): string {
  return formatTicketCodeV1(payload, fakeSignature);
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

describe('legacy AR1 code text', () => {
  it('round-trips the fields, and the text uses only QR alphanumeric characters', () => {
    const text = codeOf(encodeTicketPayloadV1(fields));
    expect(text).toMatch(/^AR1:[A-Z2-7]+$/);
    const parsed = decodeTicketCode(text);
    expect(parsed.ok && parsed.code.fields).toEqual(fields);
    expect(parsed.ok && parsed.code.signature).toEqual(fakeSignature);
  });

  it('accepts lowercase and surrounding whitespace', () => {
    const text = codeOf(encodeTicketPayloadV1(fields));
    const parsed = decodeTicketCode(`  ${text.toLowerCase()}\r\n`);
    expect(parsed.ok && parsed.code.fields).toEqual(fields);
    expect(normalizeTicketCode(` ${text.toLowerCase()} `)).toBe(text);
    expect(normalizeTicketCode(' plain-Code-7 ')).toBe('plain-Code-7');
  });

  it('refuses a wrong version, trailing bytes, bad lengths and truncation', () => {
    const payload = encodeTicketPayloadV1(fields);
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
    const payload = encodeTicketPayloadV1({ ...fields, keyId: 'ab' });
    payload[2] = 0xff;
    expect(decodeTicketCode(codeOf(payload))).toMatchObject({ ok: false, reason: 'keyId is not UTF-8' });
  });

  it('refuses input longer than the limit before decoding it', () => {
    const long = 'AR1:' + 'A'.repeat(maxTicketCodeLength);
    expect(decodeTicketCode(long)).toEqual({ ok: false, reason: 'too long' });
    expect(decodeTicketCode('x'.repeat(10_000))).toEqual({ ok: false, reason: 'too long' });
  });

  it('refuses fields the format cannot carry when encoding', () => {
    expect(() => encodeTicketPayloadV1({ ...fields, ticketId: '' })).toThrow(RangeError);
    expect(() => encodeTicketPayloadV1({ ...fields, ticketId: 'é'.repeat(33) })).toThrow(RangeError);
    expect(() => encodeTicketPayloadV1({ ...fields, validUntil: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeTicketPayloadV1({ ...fields, validFrom: 10, validUntil: 5 })).toThrow(RangeError);
    const longest = { ...fields, keyId: 'k'.repeat(64), eventId: 'e'.repeat(64), ticketId: 't'.repeat(64), ticketType: 'y'.repeat(64) };
    expect(() => codeOf(encodeTicketPayloadV1(longest))).toThrow(RangeError);
  });
});

const v2: TicketFieldsV2 = { keyIndex: 3, serial: 9001, typeIndex: 2, validFrom: 1_790_000_000, validUntil: 1_790_086_400 };
const codeV2 = (payload: Uint8Array) => formatTicketCodeV2(payload, fakeSignature);
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('AR2 code text', () => {
  it('lays the payload out as the README says: flags, key index, varint serial, type index, then only the bounds that are set', () => {
    expect(encodeTicketPayloadV2({ keyIndex: 0, serial: 1, typeIndex: 0, validFrom: 0, validUntil: 0 })).toEqual(bytes(0x20, 0, 1, 0));
    // 300 = 0b10_0101100: low seven bits first with the continuation bit, then 0b10.
    expect(encodeTicketPayloadV2({ keyIndex: 7, serial: 300, typeIndex: 5, validFrom: 0, validUntil: 0 })).toEqual(bytes(0x20, 7, 0xac, 0x02, 5));
    expect(encodeTicketPayloadV2({ keyIndex: 1, serial: 127, typeIndex: 127, validFrom: 0x01020304, validUntil: 0 })).toEqual(bytes(0x21, 1, 127, 127, 1, 2, 3, 4));
    expect(encodeTicketPayloadV2({ keyIndex: 255, serial: maxTicketSerial, typeIndex: 0, validFrom: 0, validUntil: 0xfffffffe })).toEqual(
      bytes(0x22, 255, 0xff, 0xff, 0x7f, 0, 0xff, 0xff, 0xff, 0xfe),
    );
    expect(encodeTicketPayloadV2(v2)).toHaveLength(1 + 1 + 2 + 1 + 8);
  });

  it('round-trips, in the QR alphanumeric set, and reads lowercase with surrounding whitespace', () => {
    for (const fields of [v2, { ...v2, validFrom: 0 }, { ...v2, validUntil: 0 }, { ...v2, validFrom: 0, validUntil: 0 }, { ...v2, serial: 0 }, { ...v2, serial: maxTicketSerial }]) {
      const text = codeV2(encodeTicketPayloadV2(fields));
      expect(text).toMatch(/^AR2:[0-9A-Z $%*+\-./:]+$/);
      expect(decodeTicketCode(text)).toMatchObject({ ok: true, code: { version: 2, fields, signature: fakeSignature } });
      expect(decodeTicketCode(`  ${text.toLowerCase()}\r\n`)).toMatchObject({ ok: true, code: { fields } });
      expect(normalizeTicketCode(` ${text.toLowerCase()}\t`)).toBe(text);
      expect(looksLikeSignedCode(text)).toBe(true);
    }
    expect(looksLikeSignedCode('ar2:x')).toBe(true);
    expect(looksLikeSignedCode('AR3:x')).toBe(false);
  });

  it('is 106 to 121 characters: at most the 122 of a version 5 QR code at level M', () => {
    const length = (fields: Partial<TicketFieldsV2>) => codeV2(encodeTicketPayloadV2({ ...v2, validFrom: 0, validUntil: 0, ...fields })).length;
    expect(length({ serial: 127 })).toBe(106);
    expect(length({ serial: 128 })).toBe(108);
    expect(length({ serial: 16_383 })).toBe(108);
    expect(length({ serial: 16_384 })).toBe(109);
    expect(length({ serial: maxTicketSerial, validFrom: 1, validUntil: 2 })).toBe(121);
    expect(maxTicketCodeV2Length).toBe(121);
  });

  it('refuses fields the format cannot carry when encoding', () => {
    for (const bad of [{ keyIndex: 256 }, { keyIndex: -1 }, { serial: maxTicketSerial + 1 }, { serial: 1.5 }, { typeIndex: 128 }, { validUntil: 2 ** 32 }, { validFrom: 10, validUntil: 5 }]) {
      expect(() => encodeTicketPayloadV2({ ...v2, ...bad }), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => formatTicketCodeV2(encodeTicketPayloadV2(v2), new Uint8Array(63))).toThrow(RangeError);
  });

  it('refuses every payload that is not the one canonical encoding of its fields', () => {
    const refused: Array<[string, Uint8Array, RegExp]> = [
      ['version 1 in an AR2 code', bytes(0x10, 0, 1, 0), /version/],
      ['version 3', bytes(0x30, 0, 1, 0), /version/],
      ['flag bit 2', bytes(0x24, 0, 1, 0), /flags/],
      ['flag bit 3', bytes(0x28, 0, 1, 0), /flags/],
      ['a redundant continuation byte', bytes(0x20, 0, 0x81, 0x00, 0), /canonical/],
      ['a serial of four bytes', bytes(0x20, 0, 0x80, 0x80, 0x80, 0x01, 0), /longer than 3 bytes/],
      ['a serial cut off', bytes(0x20, 0, 0x80, 0x80), /serial|type/],
      ['a type index of two bytes', bytes(0x20, 0, 1, 0x80, 0x01), /type index/],
      ['a validFrom flag without its bytes', bytes(0x21, 0, 1, 0, 1, 2, 3), /validity window/],
      ['a validFrom of 0 written out', bytes(0x21, 0, 1, 0, 0, 0, 0, 0), /bound of 0/],
      ['a validUntil of 0 written out', bytes(0x22, 0, 1, 0, 0, 0, 0, 0), /bound of 0/],
      ['a window that ends before it starts', bytes(0x23, 0, 1, 0, 0, 0, 0, 9, 0, 0, 0, 8), /ends before it starts/],
      ['a trailing byte', bytes(0x20, 0, 1, 0, 0), /trailing/],
      ['bounds without their flags', bytes(0x20, 0, 1, 0, 1, 2, 3, 4), /trailing/],
    ];
    for (const [name, payload, reason] of refused) {
      const parsed = decodeTicketCode(codeV2(payload));
      expect(parsed.ok, name).toBe(false);
      expect(!parsed.ok && parsed.reason, name).toMatch(reason);
    }
  });

  it('refuses text that is not strict base45, too short or too long', () => {
    const text = codeV2(encodeTicketPayloadV2(v2));
    expect(decodeTicketCode('AR2:')).toMatchObject({ ok: false, reason: 'too short' });
    expect(decodeTicketCode(text.slice(0, -1))).toMatchObject({ ok: false, reason: 'not valid base45' });
    expect(decodeTicketCode(text.slice(0, -3))).toMatchObject({ ok: false });
    expect(decodeTicketCode(text + '=')).toMatchObject({ ok: false, reason: 'not valid base45' });
    expect(decodeTicketCode('AR2:' + ':'.repeat(105))).toMatchObject({ ok: false, reason: 'not valid base45' });
    expect(decodeTicketCode('AR2:' + '0'.repeat(120))).toMatchObject({ ok: false, reason: 'too long for an AR2 code' });
    expect(decodeTicketCode('AR2:' + '0'.repeat(600))).toEqual({ ok: false, reason: 'too long' });
  });
});
