/**
 * The supervisor PIN, stored as a scrypt hash (node:crypto) with its own random salt in the
 * replica's settings; the PIN itself is never written anywhere. Checking compares in constant time.
 * Wrong PINs are counted in memory: after `maxWrongPins` in a row, unlocking is refused for
 * `pinLockoutSeconds` of the kiosk's clock, so a 4-digit PIN cannot be tried through in a minute.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Clock } from '../../../common/clock';
import { maxWrongPins, pinLockoutSeconds } from '../../../common/contract/desk';
import { ArrivalsError } from '../../../common/contract/errors';
import type { Database } from '../db/open';
import { getSetting, setSetting, settingKeys } from '../db/settings-queries';

interface StoredPin {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

const params = { N: 16_384, r: 8, p: 1 };
const keyLength = 32;

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function storedPin(db: Database): StoredPin | undefined {
  const value = getSetting(db, settingKeys.supervisorPin) as Partial<StoredPin> | undefined;
  if (!value || value.algorithm !== 'scrypt' || typeof value.salt !== 'string' || typeof value.hash !== 'string') return undefined;
  return value as StoredPin;
}

export function pinIsSet(db: Database): boolean {
  return storedPin(db) !== undefined;
}

async function matches(stored: StoredPin, pin: string): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(pin, Buffer.from(stored.salt, 'base64'), { N: stored.N, r: stored.r, p: stored.p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Stores `pin` as a fresh salted scrypt hash, replacing any PIN set before. */
export async function writePin(db: Database, pin: string): Promise<void> {
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, params);
  const value: StoredPin = { algorithm: 'scrypt', ...params, salt: salt.toString('base64'), hash: hash.toString('base64') };
  setSetting(db, settingKeys.supervisorPin, value);
}

export interface PinGuard {
  /** Sets the PIN; when one is set already, `currentPin` must match it. */
  set(pin: string, currentPin: string | undefined): Promise<void>;
  /** Resolves when `pin` is the supervisor PIN; throws `forbidden` otherwise. */
  check(pin: string): Promise<void>;
}

export function pinGuard(db: () => Database, clock: Clock): PinGuard {
  let wrongInARow = 0;
  let lockedUntil = 0;

  async function verify(pin: string, what: string): Promise<void> {
    const now = clock.now();
    if (now < lockedUntil) {
      throw new ArrivalsError('forbidden', `too many wrong PINs: try again in ${Math.ceil((lockedUntil - now) / 1000)} s`);
    }
    const stored = storedPin(db());
    if (!stored) throw new ArrivalsError('forbidden', 'no supervisor PIN is set on this kiosk: set one with "arrivals config --pin"');
    if (await matches(stored, pin)) {
      wrongInARow = 0;
      return;
    }
    wrongInARow += 1;
    if (wrongInARow >= maxWrongPins) {
      wrongInARow = 0;
      lockedUntil = clock.now() + pinLockoutSeconds * 1000;
      throw new ArrivalsError('forbidden', `wrong ${what}; too many wrong PINs: try again in ${pinLockoutSeconds} s`);
    }
    throw new ArrivalsError('forbidden', `wrong ${what}`);
  }

  return {
    async set(pin, currentPin) {
      if (pinIsSet(db())) {
        if (currentPin === undefined) throw new ArrivalsError('forbidden', 'a supervisor PIN is set: give the current PIN to change it');
        await verify(currentPin, 'current PIN');
      }
      await writePin(db(), pin);
    },
    check: (pin) => verify(pin, 'PIN'),
  };
}
