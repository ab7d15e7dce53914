/**
 * Who is calling: the manager (admin token), a kiosk (device token scoped to one event) or nobody.
 * Each route declares what it needs in `config.auth`; a route that declares nothing needs the admin
 * token, so forgetting the declaration fails closed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deviceRevokedCode } from '../common/cloud-api';
import type { CloudDb } from './db/connect';
import type { DevicesTable } from './db/schema';
import { DeviceLookup, touchDevice } from './store/devices';
import { hashSecret, sameHash } from './store/secrets';

/** public: anyone; admin: the manager; event: the manager or a device of the route's :id event. */
export type RouteAuth = 'public' | 'admin' | 'event';

export type Caller = { kind: 'public' } | { kind: 'admin' } | { kind: 'device'; device: DevicesTable };

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

export function registerAuth(app: FastifyInstance, cdb: CloudDb, adminTokenHash: string): void {
  const devices = new DeviceLookup(cdb.db);
  app.decorateRequest('caller', null as never);
  // onRequest, before the body is read: an unauthenticated caller cannot make us parse anything.
  app.addHook('onRequest', async (request, reply) => {
    const need: RouteAuth = request.routeOptions.config.auth ?? 'admin';
    (request as { caller: Caller }).caller = { kind: 'public' };
    if (need === 'public') return;
    const token = bearerToken(request);
    if (!token) return deny(reply, 401, 'an Authorization: Bearer token is required');
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
