/**
 * Ed25519 keys, signing and verification of ticket codes (format: ./README.md, bytes:
 * common/ticket-code.ts). Kiosks verify with public keys only; private keys live where codes are
 * issued (the cloud, or a standalone demo kiosk).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import {
  base32Encode,
  decodeTicketCode,
  encodeTicketPayload,
  formatTicketCode,
  type TicketFields,
} from '../ticket-code';

export interface EventKey {
  /** Short, because it is inside every code. */
  keyId: string;
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** base64url of the PKCS#8 DER private key. */
  privateKey: string;
}

export type TicketVerification =
  | { ok: true; fields: TicketFields }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature'; message: string };

/**
 * Finds the public key (base64url raw) of an event's key id, or nothing. Keyed by the event as well
 * as the key id, so that one event's key can never vouch for another event's tickets.
 */
export type PublicKeyLookup = (eventId: string, keyId: string) => string | null | undefined;

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

/** Signs a ticket; throws RangeError when a field does not fit the format. */
export function signTicket(fields: TicketFields, privateKey: string | KeyObject): string {
  const key = typeof privateKey === 'string' ? privateKeyObject(privateKey) : privateKey;
  const payload = encodeTicketPayload(fields);
  return formatTicketCode(payload, new Uint8Array(sign(null, payload, key)));
}

export function privateKeyObject(privateKey: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(privateKey, 'base64url'), format: 'der', type: 'pkcs8' });
}

/** Checks a code's structure and signature. Validity window and revocation are the caller's rules. */
export function verifyTicketCode(code: string, lookupPublicKey: PublicKeyLookup): TicketVerification {
  const parsed = decodeTicketCode(code);
  if (!parsed.ok) return { ok: false, reason: 'malformed', message: parsed.reason };
  const { fields, payload, signature } = parsed.code;
  const publicKey = lookupPublicKey(fields.eventId, fields.keyId);
  if (!publicKey) return { ok: false, reason: 'unknown_key', message: `no key ${fields.keyId} for event ${fields.eventId}` };
  let key: KeyObject;
  try {
    key = publicKeyObject(publicKey);
  } catch {
    return { ok: false, reason: 'unknown_key', message: `key ${fields.keyId} is not a valid Ed25519 public key` };
  }
  if (!verify(null, payload, key, signature)) return { ok: false, reason: 'bad_signature', message: 'the signature does not match' };
  return { ok: true, fields };
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
