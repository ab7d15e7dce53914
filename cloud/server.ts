/**
 * The cloud server: Fastify with the shared zod schemas (common/cloud-api.ts) validating every
 * input and generating /openapi.json, over a Kysely store on SQLite or PostgreSQL.
 */
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema, type RouteOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import pino from 'pino';
import type { Clock } from '../common/clock';
import { arrivalsVersion } from '../common/version';
import { registerAuth } from './auth';
import { prettyLogStream, type LogFormat } from './log-format';
import type { CloudDb } from './db/connect';
import { Mailer } from './mailer';
import { ChangeNotifier } from './notifier';
import { consoleApiRoutes } from './routes/console-api';
import { consoleStaticRoutes, findConsoleDir } from './routes/console-static';
import { csvPreviewRoute } from './routes/csv-preview';
import { registrationPageRoutes } from './routes/registration-page';
import { kioskRoutes } from './routes/kiosk';
import { manageRoutes } from './routes/manage';
import { publicRoutes } from './routes/public';
import { cloudError } from '../common/cloud-api';
import { CloudStoreError } from './store/errors';
import { RegistrationQueue } from './store/registration-queue';

export interface CloudServerOptions {
  cdb: CloudDb;
  adminTokenHash: string;
  /** The URL kiosks reach this server at (put in setup QR codes); known only after listen. */
  publicUrl: () => string;
  logLevel?: string;
  /** `pretty`: one human line per request, for a terminal; default `json` (pino's lines). */
  logFormat?: LogFormat;
  /** Requests per minute per client address: all routes together, and tighter for public ones. */
  rateLimits?: Partial<RateLimits>;
  /**
   * Behind a reverse proxy, which X-Forwarded-For hops to believe (Fastify's trustProxy: true, a
   * hop count, or the proxies' addresses). Without it every guest shares the proxy's address and
   * so one registration allowance; with it set wrongly, anyone can claim any address. Off by default.
   */
  trustProxy?: TrustProxy;
  /** Check-ins whose `at` is further than this from the server's clock are refused (default 365 days). */
  checkinWindowDays?: number;
  /** A signed-in manager's session ends after this long without a call (default 30 minutes). */
  sessionIdleMinutes?: number;
  /** Where mail goes out (ARRIVALS_SMTP_URL); without it mail waits in the outbox. */
  smtp?: { url: string; from?: string | undefined; pollMs?: number; baseBackoffMs?: number; maxAttempts?: number } | undefined;
  /** The built console (dist/console); default: found beside the code. */
  consoleDir?: string | undefined;
}

export const defaultSessionIdleMinutes = 30;

declare module 'fastify' {
  interface FastifyInstance {
    /** The email outbox's sender, when SMTP is configured (tests wait on its `idle()`). */
    mailer: Mailer | undefined;
  }
}

export const defaultCheckinWindowDays = 365;

export type TrustProxy = boolean | number | string;

/** A hop count as the function Fastify's types take (the first N proxies are believed). */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  if (typeof trust === 'string') return trust.split(',').map((a) => a.trim()).filter(Boolean);
  return trust;
}

/** Reads a trust-proxy setting as written in ARRIVALS_TRUST_PROXY or --trust-proxy. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | undefined {
  const value = raw?.trim();
  if (!value || value === 'false' || value === '0') return undefined;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[0-9A-Fa-f.:/,\s]+$/.test(value)) {
    throw new Error(`trust proxy must be true, a hop count, or proxy addresses (e.g. 10.0.0.1,10.0.0.0/8), not "${value}"`);
  }
  return value;
}

export interface RateLimits {
  perAddressPerMinute: number;
  registrationsPerMinute: number;
  enrollPerMinute: number;
  qrPerMinute: number;
  /** Sign-in attempts per address (POST /v1/session). */
  signInPerMinute: number;
}

export const defaultRateLimits: RateLimits = { perAddressPerMinute: 60_000, registrationsPerMinute: 20, enrollPerMinute: 10, qrPerMinute: 120, signInPerMinute: 10 };

export interface RouteContext {
  cdb: CloudDb;
  /** The cloud's clock (the same as cdb.clock): route code reads the time only here. */
  clock: Clock;
  notifier: ChangeNotifier;
  publicUrl: () => string;
  limits: RateLimits;
  /** How far a check-in's `at` may be from the clock's now, either way. */
  checkinWindowMs: number;
  /** Sends the email outbox; undefined when no SMTP server is configured (mail waits). */
  mailer: Mailer | undefined;
  /** Public registrations, merged per event into one transaction when they arrive together. */
  registrations: RegistrationQueue;
}

export async function buildCloudServer(options: CloudServerOptions): Promise<FastifyInstance> {
  const limits = { ...defaultRateLimits, ...options.rateLimits };
  const app = Fastify({
    bodyLimit: 64 * 1024,
    logger: {
      level: options.logLevel ?? 'info',
      // stderr: stdout belongs to the CLI, whose first line (with --json) is the machine-readable one.
      stream: options.logFormat === 'pretty' ? prettyLogStream(process.stderr) : pino.destination(2),
      // Only the method, the route pattern and the status: URLs can hold ticket codes, bodies names.
      serializers: {
        req: (req) => ({ method: req.method, route: (req as unknown as { routeOptions?: { url?: string } }).routeOptions?.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    ...(options.trustProxy === undefined ? {} : { trustProxy: fastifyTrustProxy(options.trustProxy) }),
    // Signed ticket codes (~200 characters) travel as path parameters.
    routerOptions: { maxParamLength: 600 },
    // Errors the router raises before any route runs (a 10 kB code in a path, a malformed escape):
    // our error shape, and a message that does not echo the path back (it may hold a code).
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return reply
        .code(tooLong ? 414 : 400)
        .send({ error: tooLong ? { code: 'uri_too_long', message: 'a path segment is too long' } : { code: 'bad_input', message: 'the URL is not valid' } });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Arrivals cloud API',
        version: arrivalsVersion,
        description: 'Registration, kiosk enrollment, the kiosk feed and check-in ingest of an Arrivals event.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => jsonSchemaTransform({ ...input, schema: withStandardAnswers(input.schema as FastifySchema | undefined, input.route) as typeof input.schema }),
  });
  await app.register(compress, { global: true, encodings: ['gzip'], threshold: 1024 });
  await app.register(rateLimit, {
    global: true,
    max: limits.perAddressPerMinute,
    timeWindow: 60_000,
    // Per client address, not per token: a caller inventing a new token per request must not get
    // a fresh allowance each time (and every kiosk of a venue behind one NAT fits well within it).
    keyGenerator: (request) => `ip:${request.ip}`,
  });
  registerAuth(app, options.cdb, options.adminTokenHash, (options.sessionIdleMinutes ?? defaultSessionIdleMinutes) * 60_000);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const detail = error.validation.slice(0, 5).map((v) => `${v.instancePath || '(body)'} ${v.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'bad_input', message: `${error.validationContext ?? 'request'}: ${detail}` } });
    }
    if (error instanceof CloudStoreError) return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      // The message may quote a stored value (a driver error can), so it is logged only at debug.
      request.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
      request.log.debug({ err: { message: error.message } }, 'request failed (detail)');
      return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
    }
    const code = status === 413 ? 'too_large' : status === 429 ? 'rate_limited' : status === 415 ? 'unsupported_media_type' : 'bad_input';
    return reply.code(status).send({ error: { code, message: error.message } });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'no such route' } }));

  const context: RouteContext = {
    cdb: options.cdb,
    clock: options.cdb.clock,
    notifier: new ChangeNotifier(),
    publicUrl: options.publicUrl,
    limits,
    checkinWindowMs: (options.checkinWindowDays ?? defaultCheckinWindowDays) * 86_400_000,
    registrations: new RegistrationQueue(options.cdb),
    mailer: options.smtp
      ? new Mailer(options.cdb, {
          smtpUrl: options.smtp.url,
          from: options.smtp.from,
          publicUrl: options.publicUrl,
          log: app.log,
          ...(options.smtp.pollMs === undefined ? {} : { pollMs: options.smtp.pollMs }),
          ...(options.smtp.baseBackoffMs === undefined ? {} : { baseBackoffMs: options.smtp.baseBackoffMs }),
          ...(options.smtp.maxAttempts === undefined ? {} : { maxAttempts: options.smtp.maxAttempts }),
        })
      : undefined,
  };
  const mailer = context.mailer;
  app.decorate('mailer', mailer);
  if (mailer) {
    app.addHook('onReady', async () => mailer.start());
    app.addHook('onClose', async () => mailer.stop());
  }

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(options.cdb.db);
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });
  await app.register(publicRoutes(context));
  await app.register(manageRoutes(context));
  await app.register(kioskRoutes(context));
  await app.register(consoleApiRoutes(context));
  await app.register(csvPreviewRoute(context));
  await app.register(registrationPageRoutes(context));
  await app.register(consoleStaticRoutes(options.consoleDir ?? findConsoleDir()));
  // The server's own address, known only after listen (and behind a proxy: ARRIVALS_PUBLIC_URL).
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ ...app.swagger(), servers: [{ url: options.publicUrl() || '/' }] }));
  return app;
}

const answer = (description: string) => cloudError.describe(description);

/**
 * The answers every route can give besides its own, added to the OpenAPI document only (the error
 * handler above sends them all in the `cloudError` shape): 400 for a malformed URL or input, 401 and
 * 403 where a token is needed, 404 and 414 where the path names something, 413 and 415 where a
 * body is read, and 429 from the rate limits.
 */
function withStandardAnswers(schema: FastifySchema | undefined, route: RouteOptions): FastifySchema | undefined {
  if (!schema || (schema as { hide?: boolean }).hide) return schema;
  const declared = (schema.response ?? {}) as Record<string, unknown>;
  const isPublic = route.config?.auth === 'public';
  const hasPath = route.url.includes(':');
  const hasBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
  const standard: Record<string, unknown> = {
    400: answer('The URL, query or body is not valid (the message says which field and why)'),
    ...(isPublic ? {} : { 401: answer('No token or an unknown one (code unauthorized), or a revoked device (code device_revoked)'), 403: answer('The token may not do this (a device token at another event or a manager route)') }),
    ...(hasPath ? { 404: answer('No such event, ticket or device'), 414: answer('A path segment is too long') } : {}),
    ...(hasBody ? { 413: answer('The body is larger than this route takes'), 415: answer('The body is not of a type this route reads') } : {}),
    429: answer('Too many requests from this address; retry after the Retry-After seconds'),
  };
  return { ...schema, response: { ...standard, ...declared } };
}
