/**
 * `arrivals config`: the door settings (current event, allowed ticket types, undo window) and the
 * desk's (direction, verdict time, idle lock, scanner prefix/suffix), and the supervisor PIN, which
 * is read from stdin (never an argument: it would show in `ps` and the shell's history).
 */
import type { KioskConfigureInput, KioskSettings } from '../../../common/contract/kiosk-settings';
import { intFlag, listFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';

export const configCommand: Command = {
  name: 'config',
  usage:
    'arrivals config --data DIR [--event ID] [--allow TYPE …|--allow-all] [--undo-window SECONDS] [--direction entry|exit] ' +
    '[--verdict-seconds N] [--idle-lock SECONDS] [--scanner-prefix TEXT] [--scanner-suffix TEXT] [--mode desk|self-service|print-only] [--name TEXT] [--color #RRGGBB|default] [--pin] [--json]\n' +
    '  --color sets the current event\'s colour on the self-service screen (default: the app\'s)\n' +
    '  --pin reads the new supervisor PIN (4–8 digits) from stdin; when one is set, the current PIN on the first line and the new one on the second',
  summary: "Show or change this kiosk's door and desk settings, or set the supervisor PIN",
  flags: {
    event: 'string',
    allow: 'list',
    'allow-all': 'boolean',
    'undo-window': 'string',
    direction: 'string',
    'verdict-seconds': 'string',
    'idle-lock': 'string',
    'scanner-prefix': 'string',
    'scanner-suffix': 'string',
    mode: 'string',
    name: 'string',
    color: 'string',
    pin: 'boolean',
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`config takes no argument "${args.positionals[0]}"; usage: ${configCommand.usage}`);
    const allow = listFlag(args, 'allow');
    if (allow.length > 0 && args.flags['allow-all'] === true) throw new UsageError('--allow and --allow-all contradict each other');
    const changes: KioskConfigureInput = {};
    const event = stringFlag(args, 'event');
    if (event !== undefined) changes.currentEventId = event;
    if (allow.length > 0) changes.allowedTicketTypes = allow;
    if (args.flags['allow-all'] === true) changes.allowedTicketTypes = null;
    // The contract (and zod) load with the command, not with `arrivals --help`.
    const { maxUndoWindowSeconds } = await import('../../../common/contract/kiosk-settings');
    const undoWindow = intFlag(args, 'undo-window', { min: 0, max: maxUndoWindowSeconds });
    if (undoWindow !== undefined) changes.undoWindowSeconds = undoWindow;
    const direction = stringFlag(args, 'direction');
    if (direction !== undefined) {
      if (direction !== 'entry' && direction !== 'exit') throw new UsageError(`--direction is entry or exit, not "${direction}"`);
      changes.direction = direction;
    }
    const verdictSeconds = intFlag(args, 'verdict-seconds', { min: 1, max: 120 });
    if (verdictSeconds !== undefined) changes.verdictResetSeconds = verdictSeconds;
    const idleLock = intFlag(args, 'idle-lock', { min: 30, max: 3600 });
    if (idleLock !== undefined) changes.idleLockSeconds = idleLock;
    const prefix = stringFlag(args, 'scanner-prefix');
    if (prefix !== undefined) changes.scannerPrefix = prefix;
    const suffix = stringFlag(args, 'scanner-suffix');
    if (suffix !== undefined) changes.scannerSuffix = suffix;

    const mode = stringFlag(args, 'mode');
    if (mode !== undefined) {
      if (mode !== 'desk' && mode !== 'self-service' && mode !== 'print-only') throw new UsageError(`--mode is desk, self-service or print-only, not "${mode}"`);
      changes.mode = mode;
    }
    const name = stringFlag(args, 'name');
    if (name !== undefined) changes.kioskName = name;
    const color = stringFlag(args, 'color');
    if (color !== undefined) {
      if (color !== 'default' && !/^#[0-9a-fA-F]{6}$/.test(color)) throw new UsageError(`--color is a colour like #1f6feb, or default, not "${color}"`);
      changes.eventColor = color === 'default' ? null : color;
    }

    const router = io.kiosk().router;
    if (args.flags.pin === true) {
      const lines = (await readStdin()).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      if (lines.length === 0 || lines.length > 2) throw new UsageError('--pin reads the new PIN from stdin (the current PIN first, on its own line, when one is set)');
      const [currentPin, pin] = lines.length === 2 ? [lines[0], lines[1]!] : [undefined, lines[0]!];
      await router.invoke('kiosk.setPin', currentPin === undefined ? { pin } : { pin, currentPin });
      if (!io.json) io.out('supervisor PIN set');
    }
    const settings = Object.keys(changes).length > 0 ? await router.invoke('kiosk.configure', changes) : await router.invoke('kiosk.settings', {});
    if (io.json) return io.printJson(settings);
    for (const line of settingsLines(settings)) io.out(line);
  },
};

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function settingsLines(s: KioskSettings): string[] {
  return [
    `event          ${s.currentEventId ?? '(none yet: import a list, sync, or run "arrivals demo")'}`,
    `admits         ${s.allowedTicketTypes ? s.allowedTicketTypes.join(', ') : 'every ticket type'}`,
    `undo window    ${s.undoWindowSeconds} s`,
    `ticket types   ${s.ticketTypes.join(', ') || '(none yet)'}`,
    `direction      ${s.direction}`,
    `verdict shown  ${s.verdictResetSeconds} s`,
    `idle lock      ${s.idleLockSeconds} s`,
    `mode           ${s.mode}${s.kioskName ? ` (${s.kioskName})` : ''}`,
    `event colour   ${s.eventColor ?? "the app's default"}`,
    `scanner        prefix ${JSON.stringify(s.scannerPrefix)}, suffix ${JSON.stringify(s.scannerSuffix)}`,
  ];
}
