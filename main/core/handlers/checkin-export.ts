/** Handler for `checkins.export`: the check-in record as CSV text (a download, never a server path). */
import { checkinsCsv } from '../export/checkins-csv';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';

export function checkinExportHandlers(context: KioskContext): Pick<Handlers, 'checkins.export'> {
  return {
    'checkins.export': (input) => checkinsCsv(context.replica(), { eventId: input.eventId }),
  };
}
