/**
 * Manager accounts and their browser sessions. Passwords are hashed with scrypt (Node's crypto,
 * N=2^15, r=8, p=1, a 16-byte salt); a session is a random cookie value stored as its SHA-256 with a
 * CSRF token beside it, and it ends when idle for longer than the server's idle limit, read on the
 * cloud's clock.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { isoFromNow, nowIso } from '../../common/clock';
import type { CloudDb } from '../db/connect';
import type { UsersTable } from '../db/schema';
import { CloudStoreError } from './errors';
import { hashSecret, newId, newToken } from './secrets';

const scryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };
export const minPasswordLength = 10;
export const maxPasswordLength = 1024;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const scryptOptions = (n: number, r: number, p: number): ScryptOptions => ({ N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength } = scryptParams;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keyLength, scryptOptions(N, r, p));
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, scryptOptions(Number(n), Number(r), Number(p)));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Compared against when no account has the email, so a wrong email takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function checkPasswordRules(password: string): void {
  if (password.length < minPasswordLength) throw new CloudStoreError(400, 'bad_input', `a password needs at least ${minPasswordLength} characters`);
  if (password.length > maxPasswordLength) throw new CloudStoreError(400, 'bad_input', `a password has at most ${maxPasswordLength} characters`);
}

export async function createUser(cdb: CloudDb, email: string, password: string): Promise<{ id: string; email: string }> {
  const address = email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) || address.length > 254) throw new CloudStoreError(400, 'bad_input', `"${email}" is not an email address`);
  checkPasswordRules(password);
  const key = address.toLowerCase();
  const existing = await cdb.db.selectFrom('users').select('id').where('email_key', '=', key).executeTakeFirst();
  if (existing) throw new CloudStoreError(409, 'conflict', `an account for ${address} exists already`);
  const now = nowIso(cdb.clock);
  const row: UsersTable = { id: newId('U', 8), email: address, email_key: key, password_hash: await hashPassword(password), created_at: now, updated_at: now };
  await cdb.db.insertInto('users').values(row).execute();
  return { id: row.id, email: row.email };
}

export interface SessionUser {
  userId: string;
  email: string;
  csrfToken: string;
  tokenHash: string;
}

/** Signs in: the new session's cookie value and CSRF token, or undefined for a wrong email or password. */
export async function signIn(cdb: CloudDb, email: string, password: string): Promise<{ token: string; csrfToken: string; email: string } | undefined> {
  const user = await cdb.db.selectFrom('users').selectAll().where('email_key', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user) {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, user.password_hash))) return undefined;
  const token = newToken('ses_');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = nowIso(cdb.clock);
  await cdb.db.insertInto('sessions').values({ token_hash: hashSecret(token), user_id: user.id, csrf_token: csrfToken, created_at: now, last_seen_at: now }).execute();
  return { token, csrfToken, email: user.email };
}

/** The session a cookie value stands for, if it exists and has not been idle longer than `idleMs`. */
export async function findSession(cdb: CloudDb, token: string, idleMs: number): Promise<SessionUser | undefined> {
  const tokenHash = hashSecret(token);
  const row = await cdb.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.token_hash', 'sessions.user_id', 'sessions.csrf_token', 'sessions.last_seen_at', 'users.email'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const idle = cdb.clock.now() - Date.parse(row.last_seen_at);
  if (idle > idleMs) {
    await cdb.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return undefined;
  }
  // Written at most once a minute: the idle limit is minutes, not milliseconds.
  if (idle >= 60_000) await cdb.db.updateTable('sessions').set({ last_seen_at: isoFromNow(cdb.clock, 0) }).where('token_hash', '=', tokenHash).execute();
  return { userId: row.user_id, email: row.email, csrfToken: row.csrf_token, tokenHash };
}

export async function endSession(cdb: CloudDb, tokenHash: string): Promise<void> {
  await cdb.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
