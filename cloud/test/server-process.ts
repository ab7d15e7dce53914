/**
 * One cloud server as a child process, for the multi-process tests and the bench:
 *   node --import tsx cloud/test/server-process.ts <db> [logLevel]
 * Prints {"url"} as its first line and runs until SIGTERM. The admin token is ARRIVALS_ADMIN_TOKEN;
 * ARRIVALS_REGISTRATIONS_PER_MINUTE raises the registration limit (the bench).
 */
import { startCloud } from '../start';

const [db, logLevel = 'silent'] = process.argv.slice(2);
if (!db) throw new Error('usage: server-process.ts <db> [logLevel]');
const cloud = await startCloud({
  db,
  port: 0,
  host: '127.0.0.1',
  adminToken: process.env.ARRIVALS_ADMIN_TOKEN,
  logLevel,
  rateLimits: { perAddressPerMinute: 10_000_000, enrollPerMinute: 1000, registrationsPerMinute: Number(process.env.ARRIVALS_REGISTRATIONS_PER_MINUTE ?? 20) },
  poolSize: Number(process.env.ARRIVALS_PG_POOL ?? 10),
});
process.stdout.write(JSON.stringify({ url: cloud.url }) + '\n');
const stop = () => void cloud.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
