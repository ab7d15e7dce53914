import { sign } from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { base45Alphabet } from '../base45';
import {
  encodeTicketPayloadV1,
  encodeTicketPayloadV2,
  formatTicketCodeV1,
  formatTicketCodeV2,
  maxTicketSerial,
  type TicketFieldsV1,
  type TicketFieldsV2,
} from '../ticket-code';
import { generateEventKey, keyRing, privateKeyObject, signLegacyTicket, signTicket, verifyTicketCode, type HeldKey, type KeyRing } from './signing';

const eventKey = generateEventKey();
const otherKey = generateEventKey();
const berlin: HeldKey = { eventId: 'evt-berlin', keyId: eventKey.keyId, keyIndex: 0, publicKey: eventKey.publicKey };
const ring = keyRing([berlin]);

const fields: TicketFieldsV2 = { keyIndex: 0, serial: 42, typeIndex: 1, validFrom: 0, validUntil: 0 };
const legacy: TicketFieldsV1 = { keyId: eventKey.keyId, eventId: 'evt-berlin', ticketId: 'T-42', ticketType: 'General', validFrom: 0, validUntil: 0 };

/** Every text that differs from `code` in exactly one character of `alphabet` (prefix included). */
function singleCharacterFlips(code: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (const char of alphabet) if (char !== code[i]) out.push(code.slice(0, i) + char + code.slice(i + 1));
  }
  return out;
}

describe('event keys', () => {
  it('makes a raw 32-byte public key and a PKCS#8 private key, both base64url', () => {
    expect(Buffer.from(eventKey.publicKey, 'base64url')).toHaveLength(32);
    expect(eventKey.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(privateKeyObject(eventKey.privateKey).asymmetricKeyType).toBe('ed25519');
    expect(eventKey.keyId).not.toBe(otherKey.keyId);
  });
});

describe('AR2 codes', () => {
  it('round-trip: a signed code verifies, and the key that verified it names the event', () => {
    const code = signTicket(fields, eventKey.privateKey);
    const ticket = { version: 2, eventId: 'evt-berlin', keyId: eventKey.keyId, ticketId: '42', ...fields };
    expect(verifyTicketCode(code, ring)).toEqual({ ok: true, ticket });
    expect(verifyTicketCode(` ${code.toLowerCase()}\n`, ring)).toEqual({ ok: true, ticket });
  });

  it('fails for every single-character change', () => {
    const code = signTicket({ ...fields, validFrom: 1_800_000_000, validUntil: 1_800_086_400 }, eventKey.privateKey);
    const flips = singleCharacterFlips(code, base45Alphabet);
    expect(flips.length).toBe(code.length * 44);
    const passed = flips.filter((altered) => verifyTicketCode(altered, ring).ok);
    expect(passed).toEqual([]);
  });

  it('fails for a forged signature, and for a signature by another key with the same index', () => {
    const payload = encodeTicketPayloadV2(fields);
    const forged = formatTicketCodeV2(payload, new Uint8Array(64).fill(1));
    expect(verifyTicketCode(forged, ring)).toMatchObject({ ok: false, reason: 'no_key_verifies' });
    const wrongKey = signTicket(fields, otherKey.privateKey);
    expect(verifyTicketCode(wrongKey, ring)).toMatchObject({ ok: false, reason: 'no_key_verifies' });
    expect(verifyTicketCode(signTicket({ ...fields, keyIndex: 1 }, eventKey.privateKey), ring)).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it("binds the event through the key: event A's key vouches only for A, whatever keys share its index", () => {
    const paris: HeldKey = { eventId: 'evt-paris', keyId: otherKey.keyId, keyIndex: 0, publicKey: otherKey.publicKey };
    const both = keyRing([paris, berlin]);
    expect(verifyTicketCode(signTicket(fields, eventKey.privateKey), both)).toMatchObject({ ok: true, ticket: { eventId: 'evt-berlin' } });
    expect(verifyTicketCode(signTicket(fields, otherKey.privateKey), both)).toMatchObject({ ok: true, ticket: { eventId: 'evt-paris' } });
    // A verifier that holds only Paris's key cannot take Berlin's code for a Paris ticket.
    expect(verifyTicketCode(signTicket(fields, eventKey.privateKey), keyRing([paris]))).toMatchObject({ ok: false, reason: 'no_key_verifies' });
  });

  it('skips a held key that is not a valid public key', () => {
    const broken: KeyRing = { byKeyId: () => null, byIndex: () => [{ eventId: 'x', keyId: 'bad', publicKey: 'not-a-key' }] };
    expect(verifyTicketCode(signTicket(fields, eventKey.privateKey), broken)).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('fit a version 5 QR code (37 modules) at level M, the worst case included; legacy codes needed version 7', () => {
    const qrVersion = (text: string) => QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
    const typical = signTicket({ keyIndex: 0, serial: 9001, typeIndex: 0, validFrom: 0, validUntil: 0 }, eventKey.privateKey);
    const worst = signTicket({ keyIndex: 255, serial: maxTicketSerial, typeIndex: 127, validFrom: 1_800_000_000, validUntil: 2_000_000_000 }, eventKey.privateKey);
    expect(typical).toHaveLength(108);
    expect(worst).toHaveLength(121);
    expect(worst.length).toBeLessThanOrEqual(122);
    expect(qrVersion(typical)).toBe(5);
    expect(qrVersion(worst)).toBe(5);
    const old = signLegacyTicket({ ...legacy, eventId: 'demo-2026', ticketId: 'T00042' }, eventKey.privateKey);
    expect(qrVersion(old)).toBe(7);
  });
});

describe('legacy AR1 codes', () => {
  const lookup = keyRing([{ ...berlin, keyIndex: null }]);

  it('still verify and yield their fields', () => {
    const code = signLegacyTicket(legacy, eventKey.privateKey);
    expect(code).toMatch(/^AR1:[A-Z2-7]+$/);
    expect(verifyTicketCode(code, lookup)).toEqual({ ok: true, ticket: { version: 1, ...legacy } });
    expect(verifyTicketCode(` ${code.toLowerCase()}\n`, lookup)).toEqual({ ok: true, ticket: { version: 1, ...legacy } });
  });

  it('fail when any single character is altered', () => {
    const code = signLegacyTicket(legacy, eventKey.privateKey);
    // One replacement per position (AR2 codes get every one above); the format is unchanged since it shipped.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const flips = [...code].map((char, i) => code.slice(0, i) + alphabet[(alphabet.indexOf(char) + 1 + (i % 31)) % 32] + code.slice(i + 1));
    const passed = flips.filter((altered) => altered === code || verifyTicketCode(altered, lookup).ok);
    expect(passed).toEqual([]);
  });

  it('fail for a forged signature and for a signature by another key', () => {
    const payload = encodeTicketPayloadV1(legacy);
    const forged = formatTicketCodeV1(payload, new Uint8Array(64).fill(1));
    expect(verifyTicketCode(forged, lookup)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const wrongKey = formatTicketCodeV1(payload, new Uint8Array(sign(null, payload, privateKeyObject(otherKey.privateKey))));
    expect(verifyTicketCode(wrongKey, lookup)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('ask for the key of the event named in the code, so one event cannot vouch for another', () => {
    // Signed with evt-berlin's key but claiming evt-paris: no such key for Paris.
    const claimsParis = signLegacyTicket({ ...legacy, eventId: 'evt-paris' }, eventKey.privateKey);
    expect(verifyTicketCode(claimsParis, lookup)).toMatchObject({ ok: false, reason: 'unknown_key' });
    // Paris holds the same key id by coincidence but a different key: the signature fails.
    const parisLookup = keyRing([{ eventId: 'evt-paris', keyId: eventKey.keyId, keyIndex: null, publicKey: otherKey.publicKey }]);
    expect(verifyTicketCode(claimsParis, parisLookup)).toMatchObject({ ok: false, reason: 'bad_signature' });

    const asked: Array<[string, string]> = [];
    verifyTicketCode(signLegacyTicket(legacy, eventKey.privateKey), { byKeyId: (e, k) => (asked.push([e, k]), null), byIndex: () => [] });
    expect(asked).toEqual([['evt-berlin', eventKey.keyId]]);
  });
});

it('reports malformed text without throwing', () => {
  for (const text of ['', 'AR1:', 'AR1:!!!!', 'AR2:', 'AR2:!!!', 'AR2:' + '0'.repeat(104), 'hello', 'AR1:' + 'A'.repeat(600), 'AR2:' + 'A'.repeat(600)]) {
    expect(verifyTicketCode(text, ring), text).toMatchObject({ ok: false, reason: 'malformed' });
  }
});
