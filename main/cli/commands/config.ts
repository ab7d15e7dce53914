/** `arrivals config`: the door settings (current event, allowed ticket types, undo window). */
import type { KioskConfigureInput, KioskSettings } from '../../../common/contract/kiosk-settings';
import { intFlag, listFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';

export const configCommand: Command = {
  name: 'config',
  usage: 'arrivals config --data DIR [--event ID] [--allow TYPE …|--allow-all] [--undo-window SECONDS] [--json]',
  summary: "Show or change this kiosk's door settings (event, allowed ticket types, undo window)",
  flags: { event: 'string', allow: 'list', 'allow-all': 'boolean', 'undo-window': 'string' },
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

    const router = io.kiosk().router;
    const settings = Object.keys(changes).length > 0 ? await router.invoke('kiosk.configure', changes) : await router.invoke('kiosk.settings', {});
    if (io.json) return io.printJson(settings);
    for (const line of settingsLines(settings)) io.out(line);
  },
};

function settingsLines(s: KioskSettings): string[] {
  return [
    `event          ${s.currentEventId ?? '(none yet: import a list, sync, or run "arrivals demo")'}`,
    `admits         ${s.allowedTicketTypes ? s.allowedTicketTypes.join(', ') : 'every ticket type'}`,
    `undo window    ${s.undoWindowSeconds} s`,
    `ticket types   ${s.ticketTypes.join(', ') || '(none yet)'}`,
    `direction      ${s.direction}`,
    `verdict shown  ${s.verdictResetSeconds} s`,
    `idle lock      ${s.idleLockSeconds} s`,
    `scanner        prefix ${JSON.stringify(s.scannerPrefix)}, suffix ${JSON.stringify(s.scannerSuffix)}`,
  ];
}
