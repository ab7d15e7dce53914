/** `arrivals cloud`: the registration and sync server kiosks enroll with (cloud/). */
import { join, resolve } from 'node:path';
import { engineOf } from '../../../cloud/db/connect';
import { parseTrustProxy } from '../../../cloud/server';
import { startCloud } from '../../../cloud/start';
import { intFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { waitForSignal } from './host';

export const cloudCommand: Command = {
  name: 'cloud',
  usage: 'arrivals cloud [--db FILE.db | --db postgres://…] [--port N] [--host ADDR] [--trust-proxy true|HOPS|ADDRS] [--demo] [--json]',
  summary: 'Run the cloud server (registration, kiosk feed, check-in ingest, reports)',
  flags: { db: 'string', port: 'string', host: 'string', demo: 'boolean', 'trust-proxy': 'string' },
  async run(args, io) {
    let trustProxy;
    try {
      trustProxy = parseTrustProxy(stringFlag(args, 'trust-proxy') ?? process.env.ARRIVALS_TRUST_PROXY);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let db = stringFlag(args, 'db') ?? join(io.dataDir(), 'cloud.db');
    // A SQLite file's folder is made (0700) by the cloud itself.
    if (engineOf(db) === 'sqlite') db = resolve(db);
    const cloud = await startCloud({
      db,
      port: intFlag(args, 'port', { min: 0, max: 65535 }) ?? 5790,
      host: stringFlag(args, 'host') ?? '127.0.0.1',
      demo: args.flags.demo === true,
      adminToken: process.env.ARRIVALS_ADMIN_TOKEN || undefined,
      logLevel: process.env.ARRIVALS_LOG_LEVEL ?? 'info',
      trustProxy,
    });
    const summary = {
      url: cloud.url,
      adminToken: cloud.adminToken,
      eventId: cloud.demo?.eventId ?? null,
      setupCode: cloud.demo?.setupCode ?? null,
    };
    // One line, first: scripts read it with `head -1`.
    if (io.json) io.out(JSON.stringify(summary));
    else {
      io.out(`Arrivals cloud is serving at ${cloud.url} (${cloud.cdb.engine === 'pg' ? 'PostgreSQL' : `SQLite ${db}`}); press Ctrl+C to stop.`);
      if (cloud.adminTokenGenerated) io.out(`admin token: ${cloud.adminToken}  (shown once; only its hash is stored — keep it, or set ARRIVALS_ADMIN_TOKEN)`);
      else if (!cloud.adminToken) io.out('admin token: the one printed on first run (or set ARRIVALS_ADMIN_TOKEN)');
      if (cloud.demo) {
        io.out(`demo event: ${cloud.demo.eventId}`);
        io.out(`setup code: ${cloud.demo.setupCode}  (POST ${cloud.url}/v1/devices/enroll {"setupCode","name"})`);
      }
      io.out(`API description: ${cloud.url}/openapi.json`);
    }
    await waitForSignal();
    await cloud.close();
  },
};
