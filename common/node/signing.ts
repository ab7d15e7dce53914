/**
 * Ed25519 keys, signing and verification of ticket codes (format: main/core/tickets/README.md,
 * bytes: common/ticket-code.ts). Kiosks verify with public keys only; private keys live where codes
 * are issued (the cloud, or a standalone demo kiosk).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import {
  base32Encode,
  decodeTicketCode,
  encodeTicketPayloadV1,
  encodeTicketPayloadV2,
  formatTicketCodeV1,
  formatTicketCodeV2,
  type TicketFieldsV1,
  type TicketFieldsV2,
} from '../ticket-code';

export interface EventKey {
  /** Names the key in the APIs (and inside legacy AR1 codes). */
  keyId: string;
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** base64url of the PKCS#8 DER private key. */
  privateKey: string;
}

/** A public key a verifier holds, with the event it belongs to. */
export interface HeldKey {
  eventId: string;
  keyId: string;
  /** Its index within the event (what AR2 codes carry); null for a key that has none. */
  keyIndex: number | null;
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: string;
}

/**
 * The public keys a verifier holds. Legacy AR1 codes name their event and key id; AR2 codes name
 * only the key's index, and every held key with that index (at most one per event) is tried: the
 * one that verifies says which event the ticket is for. Either way one event's key can never vouch
 * for another event's tickets.
 */
export interface KeyRing {
  byKeyId(eventId: string, keyId: string): string | null | undefined;
  byIndex(keyIndex: number): Iterable<Pick<HeldKey, 'eventId' | 'keyId' | 'publicKey'>>;
}

/** A ticket whose signature verified, with the event its key belongs to. */
export type VerifiedTicket =
  | ({ version: 1 } & TicketFieldsV1)
  | ({
      version: 2;
      eventId: string;
      keyId: string;
      /** The serial in decimal: a v2 ticket's id, unique within its event. */
      ticketId: string;
    } & TicketFieldsV2);

export type TicketVerification =
  | { ok: true; ticket: VerifiedTicket }
  | {
      ok: false;
      /**
       * malformed: not a signed code's structure; unknown_key: no key held under the code's key id
       * (AR1) or index (AR2); bad_signature: the AR1 code's own key refuses it (altered or forged);
       * no_key_verifies: none of the keys held with the AR2 code's index verifies it (altered,
       * forged, or signed by another event's key that this verifier does not hold).
       */
      reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'no_key_verifies';
      message: string;
    };

/** A key ring over a list of keys (tests, tools, an outsider's verifier). */
export function keyRing(keys: readonly HeldKey[]): KeyRing {
  return {
    byKeyId: (eventId, keyId) => keys.find((k) => k.eventId === eventId && k.keyId === keyId)?.publicKey,
    byIndex: (keyIndex) => keys.filter((k) => k.keyIndex === keyIndex),
  };
}

export function generateEventKey(): EventKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('ed25519 key export returned no public key');
  return {
    keyId: base32Encode(randomBytes(5)),
    publicKey: jwk.x,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
  };
}

/** Signs a ticket as an `AR2:` code; throws RangeError when a field does not fit the format. */
export function signTicket(fields: TicketFieldsV2, privateKey: string | KeyObject): string {
  const payload = encodeTicketPayloadV2(fields);
  return formatTicketCodeV2(payload, new Uint8Array(sign(null, payload, keyObject(privateKey))));
}

/** Signs a legacy `AR1:` code. Nothing issues these any more; tests use it to prove old codes still verify. */
export function signLegacyTicket(fields: TicketFieldsV1, privateKey: string | KeyObject): string {
  const payload = encodeTicketPayloadV1(fields);
  return formatTicketCodeV1(payload, new Uint8Array(sign(null, payload, keyObject(privateKey))));
}

function keyObject(privateKey: string | KeyObject): KeyObject {
  return typeof privateKey === 'string' ? privateKeyObject(privateKey) : privateKey;
}

export function privateKeyObject(privateKey: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(privateKey, 'base64url'), format: 'der', type: 'pkcs8' });
}

/** Checks a code's structure and signature. Validity window, revocation and the type index are the caller's rules. */
export function verifyTicketCode(code: string, keys: KeyRing): TicketVerification {
  const parsed = decodeTicketCode(code);
  if (!parsed.ok) return { ok: false, reason: 'malformed', message: parsed.reason };
  const { payload, signature } = parsed.code;
  if (parsed.code.version === 1) {
    const fields = parsed.code.fields;
    const publicKey = keys.byKeyId(fields.eventId, fields.keyId);
    if (!publicKey) return { ok: false, reason: 'unknown_key', message: `no key ${fields.keyId} for event ${fields.eventId}` };
    const verdict = verifies(payload, signature, publicKey);
    if (verdict === 'invalid_key') return { ok: false, reason: 'unknown_key', message: `key ${fields.keyId} is not a valid Ed25519 public key` };
    if (!verdict) return { ok: false, reason: 'bad_signature', message: 'the signature does not match' };
    return { ok: true, ticket: { version: 1, ...fields } };
  }
  const fields = parsed.code.fields;
  let held = 0;
  for (const key of keys.byIndex(fields.keyIndex)) {
    const verdict = verifies(payload, signature, key.publicKey);
    if (verdict === 'invalid_key') continue;
    held++;
    if (verdict) {
      return { ok: true, ticket: { version: 2, eventId: key.eventId, keyId: key.keyId, ticketId: String(fields.serial), ...fields } };
    }
  }
  if (held === 0) return { ok: false, reason: 'unknown_key', message: `no key #${fields.keyIndex} is held` };
  return { ok: false, reason: 'no_key_verifies', message: `none of the ${held} key(s) #${fields.keyIndex} held verifies the signature` };
}

function verifies(payload: Uint8Array, signature: Uint8Array, publicKey: string): boolean | 'invalid_key' {
  let key: KeyObject;
  try {
    key = publicKeyObject(publicKey);
  } catch {
    return 'invalid_key';
  }
  return verify(null, payload, key, signature);
}

// Building a KeyObject costs more than the verification itself; kiosks hold a handful of keys.
const publicKeys = new Map<string, KeyObject>();

function publicKeyObject(publicKey: string): KeyObject {
  let key = publicKeys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    if (publicKeys.size > 1000) publicKeys.clear();
    publicKeys.set(publicKey, key);
  }
  return key;
}
