import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeTicketPayload, formatTicketCode, type TicketFields } from '../ticket-code';
import { generateEventKey, privateKeyObject, signTicket, verifyTicketCode, type EventKey, type PublicKeyLookup } from './signing';

const eventKey = generateEventKey();
const otherKey = generateEventKey();
const fields: TicketFields = {
  keyId: eventKey.keyId,
  eventId: 'evt-berlin',
  ticketId: 'T-42',
  ticketType: 'General',
  validFrom: 0,
  validUntil: 0,
};

function lookupFor(eventId: string, key: EventKey): PublicKeyLookup {
  return (e, k) => (e === eventId && k === key.keyId ? key.publicKey : null);
}
const lookup = lookupFor('evt-berlin', eventKey);

describe('event keys', () => {
  it('makes a raw 32-byte public key and a PKCS#8 private key, both base64url', () => {
    expect(Buffer.from(eventKey.publicKey, 'base64url')).toHaveLength(32);
    expect(eventKey.publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(privateKeyObject(eventKey.privateKey).asymmetricKeyType).toBe('ed25519');
    expect(eventKey.keyId).not.toBe(otherKey.keyId);
  });
});

describe('signed ticket codes', () => {
  it('round-trips: a signed code verifies and yields its fields', () => {
    const code = signTicket(fields, eventKey.privateKey);
    expect(verifyTicketCode(code, lookup)).toEqual({ ok: true, fields });
    expect(verifyTicketCode(` ${code.toLowerCase()}\n`, lookup)).toEqual({ ok: true, fields });
  });

  it('fails when any single character is altered', () => {
    const code = signTicket(fields, eventKey.privateKey);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    for (let i = 0; i < code.length; i++) {
      const current = code[i]!;
      const replacement = alphabet[(alphabet.indexOf(current) + 1 + (i % 31)) % 32]!;
      const altered = code.slice(0, i) + (replacement === current ? 'B' : replacement) + code.slice(i + 1);
      expect(altered).not.toBe(code);
      expect(verifyTicketCode(altered, lookup).ok, `position ${i}`).toBe(false);
    }
  });

  it('fails for a forged signature and for a signature by another key', () => {
    const payload = encodeTicketPayload(fields);
    const forged = formatTicketCode(payload, new Uint8Array(64).fill(1));
    expect(verifyTicketCode(forged, lookup)).toMatchObject({ ok: false, reason: 'bad_signature' });

    const wrongKey = formatTicketCode(payload, new Uint8Array(sign(null, payload, privateKeyObject(otherKey.privateKey))));
    expect(verifyTicketCode(wrongKey, lookup)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('asks for the key of the event named in the code, so one event cannot vouch for another', () => {
    // Signed with evt-berlin's key but claiming evt-paris: the lookup finds no such key for Paris.
    const claimsParis = signTicket({ ...fields, eventId: 'evt-paris' }, eventKey.privateKey);
    expect(verifyTicketCode(claimsParis, lookup)).toMatchObject({ ok: false, reason: 'unknown_key' });

    // Paris holds the same key id by coincidence but a different key: the signature fails.
    const parisLookup: PublicKeyLookup = (e, k) => (e === 'evt-paris' && k === eventKey.keyId ? otherKey.publicKey : null);
    expect(verifyTicketCode(claimsParis, parisLookup)).toMatchObject({ ok: false, reason: 'bad_signature' });

    const asked: Array<[string, string]> = [];
    verifyTicketCode(signTicket(fields, eventKey.privateKey), (e, k) => (asked.push([e, k]), null));
    expect(asked).toEqual([['evt-berlin', eventKey.keyId]]);
  });

  it('reports malformed text without throwing', () => {
    for (const text of ['', 'AR1:', 'AR1:!!!!', 'hello', 'AR1:' + 'A'.repeat(600)]) {
      expect(verifyTicketCode(text, lookup)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});
