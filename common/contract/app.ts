/** The application-level part of the contract: who this kiosk is and what its replica holds. */
import { z } from 'zod';
import { method, noInput } from './define';
import { syncStatus } from './sync';

export const replicaCounts = z.object({
  events: z.number().int().nonnegative(),
  attendees: z.number().int().nonnegative(),
  checkins: z.number().int().nonnegative(),
  /** Check-ins written locally and not yet acknowledged by the cloud. */
  outboxPending: z.number().int().nonnegative(),
});

export const appInfo = z.object({
  name: z.literal('arrivals'),
  version: z.string(),
  dataDir: z.string(),
  kioskId: z.string(),
  /** Which face answered: lets support staff tell the Electron app from the browser host. */
  face: z.enum(['electron', 'host', 'cli']),
  online: z.boolean(),
  replica: replicaCounts,
  /** The same summary as `sync.status`. */
  sync: syncStatus,
});
export type AppInfo = z.infer<typeof appInfo>;

export const onlineStatus = z.object({
  online: z.boolean(),
  /** ISO time of the last successful contact with the cloud, if any. */
  lastContactAt: z.string().nullable(),
});
export type OnlineStatus = z.infer<typeof onlineStatus>;

export const appMethods = {
  'app.info': method({
    summary: 'Version, data directory, kiosk id, replica counts and online state.',
    input: noInput,
    output: appInfo,
  }),
};

export const appEvents = {
  /** The kiosk went on- or offline (pushed by the sync engine). */
  'app.online': onlineStatus,
};
