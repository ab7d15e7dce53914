/** Handler for `checkins.export`: the check-in record as a CSV file. */
import { exportCheckinsCsv } from '../export/checkins-csv';
import type { KioskContext } from '../kiosk';
import type { Handlers } from '../router';

export function checkinExportHandlers(context: KioskContext): Pick<Handlers, 'checkins.export'> {
  return {
    'checkins.export': (input) => exportCheckinsCsv(context.replica(), input.out, { eventId: input.eventId }),
  };
}
