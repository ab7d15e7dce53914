/** `arrivals demo`, `checkin`, `undo` and `keys`: the door's operations on the command line. */
import type { CheckinResult } from '../../../common/contract/checkins';
import { intFlag, stringFlag, UsageError, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { count } from '../text';

export const demoCommand: Command = {
  name: 'demo',
  usage: 'arrivals demo --data DIR [--attendees N] [--json]',
  summary: 'Create a demo event (doors open now) with N attendees and signed codes (default 200)',
  flags: { attendees: 'string' },
  async run(args, io) {
    noPositionals(args, 'demo');
    const attendees = intFlag(args, 'attendees', { min: 1, max: 100_000 }) ?? 200;
    const demo = await io.kiosk().router.invoke('demo.create', { attendees });
    if (io.json) return io.printJson(demo);
    io.out(`Demo event "${demo.eventId}" has ${count(demo.attendees, 'attendee')} and is this kiosk's current event; doors are open.`);
    io.out("Try these codes (in a shell, in single quotes: arrivals checkin 'CODE'):");
    for (const code of demo.sampleCodes) io.out(`  ${code}`);
    io.out('Supervisor PIN on the desk: 1234 (unless a PIN was set before).');
  },
};

export const checkinCommand: Command = {
  name: 'checkin',
  usage: 'arrivals checkin CODE --data DIR [--kiosk ID] [--exit] [--json]',
  summary: 'Check a ticket code in (or out with --exit) and print the verdict',
  flags: { kiosk: 'string', exit: 'boolean' },
  async run(args, io) {
    const code = onePositional(args, 'CODE', checkinCommand.usage);
    const result = await io.kiosk().router.invoke('checkins.checkIn', {
      code,
      direction: args.flags.exit === true ? 'exit' : 'entry',
      kioskId: stringFlag(args, 'kiosk'),
    });
    if (io.json) io.printJson(result);
    else io.out(verdictLine(result));
    // Scripts at the door can branch on the exit status: 0 the guest passes, 3 refused.
    return result.pass ? 0 : 3;
  },
};

export const undoCommand: Command = {
  name: 'undo',
  usage: 'arrivals undo CHECKIN-ID --data DIR [--reason TEXT] [--kiosk ID] [--json]',
  summary: 'Undo a recent check-in (recorded, never deleted)',
  flags: { reason: 'string', kiosk: 'string' },
  async run(args, io) {
    const checkinId = onePositional(args, 'CHECKIN-ID', undoCommand.usage);
    const undo = await io.kiosk().router.invoke('checkins.undo', { checkinId, reason: stringFlag(args, 'reason') ?? '', kioskId: stringFlag(args, 'kiosk') });
    if (io.json) return io.printJson(undo);
    const who = undo.attendee ? ` for ${fullName(undo.attendee)}` : '';
    io.out(`Undone: check-in ${undo.checkinId}${who}.`);
  },
};

export const keysCommand: Command = {
  name: 'keys',
  usage: 'arrivals keys --data DIR [--create] [--event ID] [--json]',
  summary: "List (or --create) the event's ticket-signing keys",
  flags: { create: 'boolean', event: 'string' },
  async run(args, io) {
    noPositionals(args, 'keys');
    const router = io.kiosk().router;
    const eventId = stringFlag(args, 'event');
    if (args.flags.create === true) {
      const key = await router.invoke('keys.create', { eventId });
      if (io.json) return io.printJson(key);
      io.out(`Created key ${key.keyId} (#${key.keyIndex}) for event ${key.eventId}; new codes are signed with it.`);
      io.out(`public key ${key.publicKey}`);
      return;
    }
    const list = await router.invoke('keys.list', { eventId });
    if (io.json) return io.printJson(list);
    if (list.keys.length === 0) return io.out(`Event ${list.eventId} has no signing keys; create one with --create.`);
    io.out(`Signing keys of event ${list.eventId}:`);
    for (const key of list.keys) {
      const state = key.retiredAt ? `retired ${key.retiredAt}` : key.canSign ? 'can sign' : 'verify only';
      io.out(`  #${key.keyIndex ?? '-'}  ${key.keyId}  ${key.publicKey}  created ${key.createdAt}  ${state}`);
    }
  },
};

export function verdictLine(result: CheckinResult): string {
  const mark = result.pass ? 'OK  ' : 'STOP';
  const who = result.attendee ? ` ${fullName(result.attendee)} (${result.attendee.ticketType})` : '';
  const why = result.reason ? ` — ${result.reason}` : '';
  const id = result.checkinId ? ` [${result.checkinId}]` : '';
  return `${mark} ${result.verdict.toUpperCase().replace(/_/g, ' ')}${who}${why}${id}`;
}

function fullName(a: { firstName: string; lastName: string; code: string }): string {
  const name = `${a.firstName} ${a.lastName}`.trim();
  return name || `ticket ${a.code.length > 24 ? `${a.code.slice(0, 20)}…` : a.code}`;
}

function onePositional(args: ParsedArgs, what: string, usage: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`expected one ${what}; usage: ${usage}`);
  return args.positionals[0]!;
}

function noPositionals(args: ParsedArgs, command: string): void {
  if (args.positionals.length > 0) throw new UsageError(`${command} takes no argument "${args.positionals[0]}"`);
}
