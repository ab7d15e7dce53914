/** Starts the cloud server on a database location: what `arrivals cloud`, the tests and the bench call. */
import type { FastifyInstance } from 'fastify';
import { networkInterfaces } from 'node:os';
import type { Clock } from '../common/clock';
import { openCloudDb, type CloudDb } from './db/connect';
import { seedDemo, type DemoSeed } from './demo';
import type { LogFormat } from './log-format';
import { buildCloudServer, type RateLimits, type TrustProxy } from './server';
import { createSetupCode, resolveAdminToken } from './store/devices';

export interface StartCloudOptions {
  /** A SQLite file path or a postgres:// URL. */
  db: string;
  port: number;
  host: string;
  /** Serve this demo event (the kiosk demo's, from the CLI) and print a fresh admin token. */
  demo?: DemoSeed | undefined;
  /** Defaults to ARRIVALS_ADMIN_TOKEN. */
  adminToken?: string | undefined;
  logLevel?: string;
  /** `pretty`: one human line per request (for a terminal); default JSON lines. */
  logFormat?: LogFormat;
  rateLimits?: Partial<RateLimits>;
  poolSize?: number;
  /** The URL put in setup QR codes and registration links; defaults to ARRIVALS_PUBLIC_URL or a guess. */
  publicUrl?: string | undefined;
  /** Which reverse proxies' X-Forwarded-For to believe (see CloudServerOptions.trustProxy). */
  trustProxy?: TrustProxy | undefined;
  /** Where the cloud reads the time; default the system clock (tests pass a manual one). */
  clock?: Clock;
  /** Check-ins further than this from the server's clock are refused; default 365. */
  checkinWindowDays?: number | undefined;
  /** Where mail goes out; default ARRIVALS_SMTP_URL (and ARRIVALS_SMTP_FROM). Null: none (mail waits). */
  smtp?: { url: string; from?: string | undefined; pollMs?: number; baseBackoffMs?: number; maxAttempts?: number } | null;
  /** A manager's session ends after this long idle; default ARRIVALS_SESSION_IDLE_MINUTES or 30. */
  sessionIdleMinutes?: number | undefined;
}

function smtpFromEnvironment(): StartCloudOptions['smtp'] {
  const url = process.env.ARRIVALS_SMTP_URL?.trim();
  return url ? { url, from: process.env.ARRIVALS_SMTP_FROM?.trim() || undefined } : null;
}

export interface RunningCloud {
  url: string;
  app: FastifyInstance;
  cdb: CloudDb;
  /** The admin token when this run knows it (given, or generated now); null if only its hash is stored. */
  adminToken: string | null;
  adminTokenGenerated: boolean;
  demo?: { eventId: string; setupCode: string };
  close(): Promise<void>;
}

export async function startCloud(options: StartCloudOptions): Promise<RunningCloud> {
  const cdb = await openCloudDb(options.db, { ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }), ...(options.clock ? { clock: options.clock } : {}) });
  try {
    // A demo must print a working admin token, so it replaces a stored one it cannot know.
    const admin = await resolveAdminToken(cdb.db, { envToken: options.adminToken, regenerate: options.demo !== undefined });
    let url = '';
    let publicUrl = '';
    const app = await buildCloudServer({
      cdb,
      adminTokenHash: admin.hash,
      publicUrl: () => publicUrl,
      logLevel: options.logLevel ?? 'info',
      ...(options.logFormat ? { logFormat: options.logFormat } : {}),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      ...(options.checkinWindowDays === undefined ? {} : { checkinWindowDays: options.checkinWindowDays }),
      smtp: (options.smtp === undefined ? smtpFromEnvironment() : options.smtp) ?? undefined,
      ...(options.sessionIdleMinutes === undefined ? {} : { sessionIdleMinutes: options.sessionIdleMinutes }),
    });
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
    url = `http://${shownHost}:${port}`;
    publicUrl = (options.publicUrl ?? process.env.ARRIVALS_PUBLIC_URL ?? guessPublicUrl(options.host, port) ?? url).replace(/\/+$/, '');
    let demo: RunningCloud['demo'];
    if (options.demo) {
      const eventId = await seedDemo(cdb, options.demo);
      demo = { eventId, setupCode: (await createSetupCode(cdb, eventId, 24 * 60)).setupCode };
    }
    return {
      url,
      app,
      cdb,
      adminToken: admin.token,
      adminTokenGenerated: admin.generated,
      ...(demo ? { demo } : {}),
      async close() {
        await app.close();
        await cdb.close();
      },
    };
  } catch (error) {
    await cdb.close();
    throw error;
  }
}

/**
 * Bound to every interface, the server is meant for kiosks on the venue's network: the address
 * they can reach is the machine's LAN address, not the loopback one the CLI prints.
 */
function guessPublicUrl(host: string, port: number): string | undefined {
  if (host !== '0.0.0.0' && host !== '::') return undefined;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return lan ? `http://${lan.address}:${port}` : undefined;
}
