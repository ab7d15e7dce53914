/**
 * `arrivals enroll`, `unenroll`, `sync`, `status` and `walk-in`: the kiosk's sync with the cloud on
 * the command line. The engine (sync/, with axios) loads only for the commands that talk to the
 * cloud; `status` reads the replica.
 */
import type { SyncStatus } from '../../../common/contract/sync';
import { stringFlag, UsageError, type ParsedArgs } from '../args';
import type { CliIO, Command } from '../command';
import { waitForSignal } from './host';

function noPositionals(args: ParsedArgs, command: string): void {
  if (args.positionals.length) throw new UsageError(`${command} takes no arguments (got "${args.positionals[0]}")`);
}

/** The kiosk with a sync engine in this process (manual: only `run()` talks to the cloud unless started). */
async function kioskWithEngine(io: CliIO, options: { manual: boolean }) {
  const { syncService } = await import('../../../sync/service');
  let engine: import('../../../sync/engine').SyncEngine | undefined;
  const kiosk = io.kiosk('cli', { sync: syncService({ manual: options.manual, onEngine: (e) => (engine = e) }) });
  kiosk.context.sync();
  return { kiosk, engine: engine! };
}

function statusLine(s: SyncStatus): string {
  if (!s.enrolled) return s.state === 'revoked' ? `revoked by the cloud${s.lastError ? `: ${s.lastError}` : ''}; personal data was wiped` : 'not enrolled with a cloud';
  const progress = s.initialPull ? `, first pull ${s.initialPull.done}${s.initialPull.total === null ? '' : ` of ${s.initialPull.total}`}` : '';
  return (
    `${s.state}${s.online ? ' (online)' : ''} — ${s.server} event ${s.eventId}; queue ${s.queue}, dead letters ${s.deadLetters}, duplicates ${s.duplicatesFlagged}` +
    `; last pull ${s.lastPullAt ?? 'never'}, last push ${s.lastPushAt ?? 'never'}${progress}${s.lastError ? `; last error: ${s.lastError}` : ''}`
  );
}

export const enrollCommand: Command = {
  name: 'enroll',
  usage: 'arrivals enroll (--server URL --code SETUP | --qr PAYLOAD) [--name NAME] --data DIR [--json]',
  summary: "Enroll this kiosk with a cloud event (a manager's setup code, or the setup QR's JSON)",
  flags: { server: 'string', code: 'string', qr: 'string', name: 'string' },
  async run(args, io) {
    noPositionals(args, 'enroll');
    const server = stringFlag(args, 'server');
    const setupCode = stringFlag(args, 'code');
    const qr = stringFlag(args, 'qr');
    const name = stringFlag(args, 'name');
    if (qr !== undefined && (server !== undefined || setupCode !== undefined)) throw new UsageError('give either --qr or --server with --code, not both');
    if (qr === undefined && (server === undefined || setupCode === undefined)) throw new UsageError(`enroll needs --server URL and --code SETUP (or --qr PAYLOAD); usage: ${enrollCommand.usage}`);
    const { kiosk } = await kioskWithEngine(io, { manual: true });
    const input = qr !== undefined ? { qr, ...(name ? { name } : {}) } : { server: server!, setupCode: setupCode!, ...(name ? { name } : {}) };
    const status = await kiosk.router.invoke('sync.enroll', input);
    if (io.json) return io.printJson(status);
    io.out(`Enrolled with ${status.server} for event ${status.eventId} as kiosk ${status.kioskId}. Run "arrivals sync" to pull the event and follow it.`);
  },
};

export const unenrollCommand: Command = {
  name: 'unenroll',
  usage: 'arrivals unenroll --data DIR [--json]',
  summary: "Leave the cloud event: tell the cloud (so this kiosk may enroll again), forget the token and wipe the event's personal data (counts are kept)",
  flags: {},
  async run(args, io) {
    noPositionals(args, 'unenroll');
    // With the engine: it tells the cloud (best effort), which frees the kiosk id to enroll again.
    const { kiosk } = await kioskWithEngine(io, { manual: true });
    const status = await kiosk.router.invoke('sync.unenroll', {});
    if (io.json) return io.printJson(status);
    io.out('Unenrolled: the token is forgotten and the personal data of the event wiped (counts kept).');
    if (status.lastError) io.out(status.lastError);
  },
};

export const syncCommand: Command = {
  name: 'sync',
  usage: 'arrivals sync --data DIR [--once] [--json]',
  summary: 'Sync with the cloud in the foreground (push, pull, then follow the live stream), or --once: one push and pull',
  flags: { once: 'boolean' },
  async run(args, io) {
    noPositionals(args, 'sync');
    const once = args.flags.once === true;
    const { kiosk, engine } = await kioskWithEngine(io, { manual: once });
    const before = engine.status();
    if (!before.enrolled) throw new UsageError(before.state === 'revoked' ? 'this kiosk was revoked by the cloud; enroll again with "arrivals enroll"' : 'this kiosk is not enrolled; run "arrivals enroll --server URL --code SETUP" first');
    if (once) {
      const outcome = await engine.run();
      const status = engine.status();
      if (io.json) io.printJson({ ...outcome, status });
      else {
        io.out(`pushed ${outcome.pushed}, pulled ${outcome.pulled} changes${outcome.deadLettered ? `, ${outcome.deadLettered} refused for good (see dead letters)` : ''}`);
        io.out(statusLine(status));
      }
      if (!outcome.ok && !io.json) io.err(`arrivals sync: ${outcome.error}`);
      return outcome.ok ? 0 : 1;
    }
    const stop = kiosk.bus.subscribe((event, payload) => {
      if (event !== 'sync.status') return;
      const status = payload as SyncStatus;
      if (io.json) io.out(JSON.stringify(status));
      else io.out(statusLine(status));
    });
    io.err('arrivals sync: following the cloud; press Ctrl+C to stop.');
    await waitForSignal();
    stop();
    await engine.stop();
  },
};

export const statusCommand: Command = {
  name: 'status',
  usage: 'arrivals status --data DIR [--json]',
  summary: 'Sync status: enrolled, online (as of the last run), cursor, queue, dead letters, duplicates, last pull and push',
  flags: {},
  async run(args, io) {
    noPositionals(args, 'status');
    const kiosk = io.kiosk();
    const status = await kiosk.router.invoke('sync.status', {});
    const { readSyncState } = await import('../../core/db/sync-queries');
    const cursor = readSyncState(kiosk.context.replica()).cursor;
    const { duplicatesFlagged, ...rest } = status;
    const report = { ...rest, cursor, duplicates: duplicatesFlagged };
    if (io.json) return io.printJson(report);
    io.out(statusLine(status));
    if (status.enrolled) io.out(`cursor ${cursor === '' ? '(start)' : cursor}`);
  },
};

export const walkInCommand: Command = {
  name: 'walk-in',
  usage: 'arrivals walk-in --first NAME --last NAME [--email E] [--company C] [--ticket-type T] [--no-checkin] --data DIR [--json]',
  summary: 'Register a walk-in (the kiosk makes the code) and check them in; the sync sends them to the cloud',
  flags: { first: 'string', last: 'string', email: 'string', company: 'string', 'ticket-type': 'string', 'no-checkin': 'boolean' },
  async run(args, io) {
    noPositionals(args, 'walk-in');
    const firstName = stringFlag(args, 'first');
    const lastName = stringFlag(args, 'last');
    if (firstName === undefined || lastName === undefined) throw new UsageError(`walk-in needs --first and --last; usage: ${walkInCommand.usage}`);
    const result = await io.kiosk().router.invoke('attendees.registerWalkIn', {
      firstName,
      lastName,
      email: stringFlag(args, 'email'),
      company: stringFlag(args, 'company'),
      ticketType: stringFlag(args, 'ticket-type'),
      checkIn: args.flags['no-checkin'] !== true,
    });
    if (io.json) return io.printJson({ attendee: result.attendee, checkinId: result.checkinId });
    const who = `${result.attendee.firstName} ${result.attendee.lastName}`;
    io.out(`Registered ${who} (${result.attendee.ticketType}) with code ${result.attendee.code}.`);
    io.out(result.checkinId ? `Checked in: ${result.verdict} (check-in ${result.checkinId}).` : 'Not checked in (--no-checkin).');
  },
};

export const syncCommands = [enrollCommand, unenrollCommand, syncCommand, statusCommand, walkInCommand];
