/** `arrivals info`: what this kiosk is and what its replica holds. */
import type { Command } from '../command';
import { count } from '../text';

export const infoCommand: Command = {
  name: 'info',
  usage: 'arrivals info --data DIR [--json]',
  summary: 'Show version, data directory, kiosk id, replica counts and online state',
  flags: {},
  async run(_args, io) {
    const info = await io.kiosk().router.invoke('app.info', {});
    if (io.json) return io.printJson(info);
    io.out(`Arrivals ${info.version}`);
    io.out(`kiosk      ${info.kioskId}`);
    io.out(`data       ${info.dataDir}`);
    io.out(`online     ${info.online ? 'yes' : 'no'}`);
    io.out(`replica    ${count(info.replica.events, 'event')}, ${count(info.replica.attendees, 'attendee')}, ${count(info.replica.checkins, 'check-in')} (${info.replica.outboxPending} not yet synced)`);
  },
};
