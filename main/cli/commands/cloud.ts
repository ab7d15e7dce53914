/** `arrivals cloud`: the registration and sync server kiosks enroll with (cloud/). */
import { join, resolve } from 'node:path';
import { arrivalsVersion } from '../../../common/version';
import type { DemoSeed } from '../../../cloud/demo';
import type { LogFormat } from '../../../cloud/log-format';
import type { AttendeeRow } from '../../core/db/attendee-queries';
import { intFlag, stringFlag, UsageError, type ParsedArgs } from '../args';
import type { CliIO, Command } from '../command';
import { waitForSignal } from './host';

/** As many attendees as `npm start` gives the kiosk demo. */
const demoAttendees = 500;

export const cloudCommand: Command = {
  name: 'cloud',
  usage:
    'arrivals cloud [--db FILE.db | --db postgres://…] [--port N] [--host ADDR] [--trust-proxy true|HOPS|ADDRS] [--checkin-window DAYS] [--demo] [--json]\n' +
    '       arrivals cloud user add EMAIL [--db FILE.db | --db postgres://…]   (the password from stdin, or asked for)',
  summary: 'Run the cloud server (registration, console, kiosk feed, check-in ingest, reports), or add a manager account',
  flags: { db: 'string', port: 'string', host: 'string', demo: 'boolean', 'trust-proxy': 'string', 'checkin-window': 'string' },
  async run(args, io) {
    if (args.positionals[0] === 'user') return addUser(args, io);
    if (args.positionals.length > 0) throw new UsageError(`cloud takes no argument "${args.positionals[0]}"; usage: ${cloudCommand.usage}`);
    // Fastify, Kysely, pg and pino load only here, so the kiosk's own commands start fast.
    const [{ engineOf }, { parseTrustProxy }, { startCloud }] = await Promise.all([
      import('../../../cloud/db/connect'),
      import('../../../cloud/server'),
      import('../../../cloud/start'),
    ]);
    let trustProxy;
    try {
      trustProxy = parseTrustProxy(stringFlag(args, 'trust-proxy') ?? process.env.ARRIVALS_TRUST_PROXY);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const windowText = stringFlag(args, 'checkin-window') ?? process.env.ARRIVALS_CHECKIN_WINDOW_DAYS;
    const checkinWindowDays = windowText === undefined ? undefined : Number(windowText);
    if (checkinWindowDays !== undefined && !(Number.isInteger(checkinWindowDays) && checkinWindowDays >= 1 && checkinWindowDays <= 36_500)) {
      throw new UsageError(`--checkin-window takes whole days from 1 to 36500, not "${windowText}"`);
    }
    // A SQLite file's folder is made (0700) by the cloud itself.
    let db = stringFlag(args, 'db') ?? join(io.dataDir(), 'cloud.db');
    if (engineOf(db) === 'sqlite') db = resolve(db);
    const demo = args.flags.demo === true ? await kioskDemoSeed(io) : undefined;
    const cloud = await startCloud({
      db,
      port: intFlag(args, 'port', { min: 0, max: 65535 }) ?? 5790,
      host: stringFlag(args, 'host') ?? '127.0.0.1',
      demo,
      adminToken: process.env.ARRIVALS_ADMIN_TOKEN || undefined,
      logLevel: process.env.ARRIVALS_LOG_LEVEL ?? 'info',
      logFormat: logFormat(io),
      trustProxy,
      checkinWindowDays,
      sessionIdleMinutes: sessionIdleMinutes(),
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
      io.out(`Arrivals cloud ${arrivalsVersion} is serving at ${cloud.url}; press Ctrl+C to stop.`);
      io.out(`  database:    ${cloud.cdb.engine === 'pg' ? 'PostgreSQL' : `SQLite ${db}`}`);
      if (cloud.adminTokenGenerated) io.out(`  admin token: ${cloud.adminToken}  (shown once; only its hash is stored — keep it, or set ARRIVALS_ADMIN_TOKEN)`);
      else if (!cloud.adminToken) io.out('  admin token: the one printed on first run (or set ARRIVALS_ADMIN_TOKEN)');
      if (cloud.demo && demo) {
        io.out(`  demo event:  ${demo.event.id} "${demo.event.name}", the kiosk demo's event in ${io.dataDir()} (same tickets and signing key)`);
        io.out(`  setup code:  ${cloud.demo.setupCode}  (POST ${cloud.url}/v1/devices/enroll {"setupCode", "name", "kioskId"})`);
        io.out(`  register:    POST ${cloud.url}/v1/events/${demo.event.id}/registrations {"firstName", "lastName", "email"}`);
      }
      io.out(`  console:     ${cloud.url}/console/  (add a manager: arrivals cloud user add EMAIL --db …)`);
      io.out(`  API:         ${cloud.url}/openapi.json`);
    }
    await waitForSignal();
    await cloud.close();
  },
};

function sessionIdleMinutes(): number | undefined {
  const text = process.env.ARRIVALS_SESSION_IDLE_MINUTES;
  if (text === undefined || text === '') return undefined;
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) throw new UsageError(`ARRIVALS_SESSION_IDLE_MINUTES takes whole minutes from 1 to 10080, not "${text}"`);
  return minutes;
}

/** `arrivals cloud user add EMAIL`: a manager account for the console, the password from stdin or a prompt. */
async function addUser(args: ParsedArgs, io: CliIO): Promise<void> {
  const [, verb, email, ...rest] = args.positionals;
  if (verb !== 'add' || !email || rest.length) throw new UsageError('usage: arrivals cloud user add EMAIL [--db FILE.db | --db postgres://…]');
  const [{ engineOf, openCloudDb }, { createUser, checkPasswordRules }, { CloudStoreError }] = await Promise.all([
    import('../../../cloud/db/connect'),
    import('../../../cloud/store/users'),
    import('../../../cloud/store/errors'),
  ]);
  let db = stringFlag(args, 'db') ?? join(io.dataDir(), 'cloud.db');
  if (engineOf(db) === 'sqlite') db = resolve(db);
  const password = await readPassword(io);
  try {
    checkPasswordRules(password);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const cdb = await openCloudDb(db);
  try {
    const user = await createUser(cdb, email, password);
    if (io.json) io.printJson({ userId: user.id, email: user.email });
    else io.out(`Added manager ${user.email}; sign in at the cloud's /console/.`);
  } catch (error) {
    if (error instanceof CloudStoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    await cdb.close();
  }
}

/** The first line of stdin when it is piped; at a terminal, asked for twice without echo. */
async function readPassword(io: CliIO): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolvePassword, reject) => {
      const stdin = process.stdin;
      process.stderr.write(prompt);
      stdin.setRawMode(true);
      stdin.resume();
      let typed = '';
      const done = (error?: Error) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        if (error) reject(error);
        else resolvePassword(typed);
      };
      const onData = (data: Buffer) => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') return done();
          if (char === '\u0003') return done(new UsageError('cancelled'));
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else typed += char;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Password for the new manager: ');
  const second = await ask('The same password again: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was stored');
  void io;
  return first;
}

/** Human lines when a person watches (stdout is a terminal), JSON lines otherwise; ARRIVALS_LOG_FORMAT decides if set. */
function logFormat(io: CliIO): LogFormat {
  const chosen = process.env.ARRIVALS_LOG_FORMAT;
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  if (chosen) throw new UsageError(`ARRIVALS_LOG_FORMAT is json or pretty, not "${chosen}"`);
  return process.stdout.isTTY && !io.json ? 'pretty' : 'json';
}

/**
 * The kiosk demo's event (`arrivals demo` in the same data directory, made now if there is none), as
 * the cloud's demo: same event, doors, ticket types, signing key and tickets. Guests may register for
 * General tickets; VIP and Crew stay staff-only.
 */
async function kioskDemoSeed(io: CliIO): Promise<DemoSeed> {
  const [{ attendeeColumns, rowToAttendee }, { getEvent, signingKey }, { demoEventId }] = await Promise.all([
    import('../../core/db/attendee-queries'),
    import('../../core/db/event-queries'),
    import('../../core/demo/demo'),
  ]);
  const kiosk = io.kiosk();
  const replica = kiosk.context.replica();
  if (!getEvent(replica, demoEventId)) await kiosk.router.invoke('demo.create', { attendees: demoAttendees });
  const event = getEvent(replica, demoEventId);
  const key = signingKey(replica, demoEventId);
  if (!event || !key?.private_key || key.key_index === null) throw new Error(`the kiosk demo in ${io.dataDir()} has no event "${demoEventId}" with a signing key`);
  const ticketTypes = replica
    .prepare('SELECT name, color, multi_entry, type_index FROM ticket_types WHERE event_id = ? ORDER BY rowid')
    .all(demoEventId) as Array<{ name: string; color: string; multi_entry: number; type_index: number | null }>;
  const attendees = replica
    .prepare(`SELECT ${attendeeColumns}, a.ticket_id FROM attendees a WHERE a.event_id = ? ORDER BY a.id`)
    .all(demoEventId) as Array<AttendeeRow & { ticket_id: string | null }>;
  return {
    event: { id: event.id, name: event.name, timeZone: event.time_zone, doorsOpen: event.doors_open, doorsClose: event.doors_close },
    ticketTypes: ticketTypes.map((t) => ({ name: t.name, color: t.color, multiEntry: t.multi_entry === 1, index: t.type_index })),
    publicTicketTypes: ['General'],
    key: { keyId: key.key_id, keyIndex: key.key_index, publicKey: key.public_key, privateKey: key.private_key },
    attendees: attendees.map((row) => ({ ...rowToAttendee(row), ticketId: row.ticket_id })),
  };
}
