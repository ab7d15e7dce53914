/**
 * Who is calling: the manager (admin token, or a signed-in manager's session cookie), a kiosk
 * (device token scoped to one event) or nobody. Each route declares what it needs in `config.auth`;
 * a route that declares nothing needs a manager, so forgetting the declaration fails closed.
 *
 * A session is only another way to be the manager: the console calls the same routes with the same
 * schemas as automation does with the admin token. Because a browser sends the cookie by itself,
 * every call made with it that is not GET/HEAD must carry the session's CSRF token in the
 * `x-csrf-token` header (a synchronizer token: the console reads it from the sign-in answer or
 * GET /v1/session); the cookie is also SameSite=Strict. Bearer tokens need no CSRF token: a
 * browser never sends them by itself.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deviceRevokedCode } from '../common/cloud-api';
import type { CloudDb } from './db/connect';
import type { DevicesTable } from './db/schema';
import { DeviceLookup, touchDevice } from './store/devices';
import { hashSecret, sameHash } from './store/secrets';
import { findSession, type SessionUser } from './store/users';

/** public: anyone; admin: the manager; event: the manager or a device of the route's :id event. */
export type RouteAuth = 'public' | 'admin' | 'event';

export type Caller = { kind: 'public' } | { kind: 'admin' } | { kind: 'manager'; session: SessionUser } | { kind: 'device'; device: DevicesTable };

export const sessionCookie = 'arrivals_session';
export const csrfHeader = 'x-csrf-token';

/** One cookie's value from a Cookie header (no cookie library: this is the only one we read). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : undefined;
    }
  }
  return undefined;
}

/** The session cookie: HttpOnly, SameSite=Strict, Secure when the request came over HTTPS. */
export function sessionCookieHeader(request: FastifyRequest, value: string | null): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return value === null
    ? `${sessionCookie}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`
    : `${sessionCookie}=${value}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    caller: Caller;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return undefined;
  const token = header.slice(7).trim();
  return token.length > 0 && token.length <= 200 ? token : undefined;
}

function deny(reply: FastifyReply, status: 401 | 403, message: string, code: string = status === 401 ? 'unauthorized' : 'forbidden') {
  return reply
    .code(status)
    .header(status === 401 ? 'www-authenticate' : 'x-denied', 'Bearer')
    .send({ error: { code, message } });
}

export function registerAuth(app: FastifyInstance, cdb: CloudDb, adminTokenHash: string, sessionIdleMs: number): void {
  const devices = new DeviceLookup(cdb.db);
  app.decorateRequest('caller', null as never);
  // onRequest, before the body is read: an unauthenticated caller cannot make us parse anything.
  app.addHook('onRequest', async (request, reply) => {
    const need: RouteAuth = request.routeOptions.config.auth ?? 'admin';
    (request as { caller: Caller }).caller = { kind: 'public' };
    if (need === 'public') return;
    const token = bearerToken(request);
    if (!token) {
      const cookie = request.headers.authorization ? undefined : readCookie(request, sessionCookie);
      const session = cookie ? await findSession(cdb, cookie, sessionIdleMs) : undefined;
      if (!session) return deny(reply, 401, cookie ? 'the session has ended; sign in again' : 'an Authorization: Bearer token or a signed-in session is required');
      if (!safeMethods.has(request.method)) {
        const sent = request.headers[csrfHeader];
        if (typeof sent !== 'string' || !sameText(sent, session.csrfToken)) {
          return reply.code(403).send({ error: { code: 'csrf', message: `a signed-in call that changes something needs the session's ${csrfHeader} header` } });
        }
      }
      (request as { caller: Caller }).caller = { kind: 'manager', session };
      return;
    }
    if (sameHash(hashSecret(token), adminTokenHash)) {
      (request as { caller: Caller }).caller = { kind: 'admin' };
      return;
    }
    const device = token.startsWith('dev_') ? await devices.find(token) : undefined;
    if (!device) return deny(reply, 401, 'unknown token');
    // Its own code, so the kiosk can tell "revoked: wipe the event's personal data" from a bad token.
    if (device.revoked_at !== null) return deny(reply, 401, 'this device was revoked', deviceRevokedCode);
    if (need === 'admin') return deny(reply, 403, 'this needs the admin token');
    const eventId = (request.params as { id?: string }).id;
    if (eventId !== device.event_id) return deny(reply, 403, 'this device is enrolled for another event');
    (request as { caller: Caller }).caller = { kind: 'device', device };
    await touchDevice(cdb, device);
  });
}
