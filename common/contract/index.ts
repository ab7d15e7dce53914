/**
 * The Arrivals API contract, defined once. Each area of the product declares its methods and push
 * events in its own file; this map is their union. The Electron IPC bridge, the browser host, the
 * CLI and the typed client in the renderer are all derived from it, so a method added here is
 * served everywhere, and a method not handled in main/core/handlers fails the type check.
 */
import type { z } from 'zod';
import { appEvents, appMethods } from './app';
import { attendeeMethods } from './attendees';
import { checkinExportMethods } from './checkin-export';
import { checkinMethods } from './checkins';
import { deskMethods } from './desk';
import { kioskSettingsMethods } from './kiosk-settings';
import { printMethods } from './print';
import { selfServiceMethods } from './self-service';
import { sharedEvents } from './events';
import { syncEvents, syncMethods } from './sync';

export const methods = {
  ...appMethods,
  ...attendeeMethods,
  ...checkinExportMethods,
  ...checkinMethods,
  ...deskMethods,
  ...kioskSettingsMethods,
  ...printMethods,
  ...selfServiceMethods,
  ...syncMethods,
} as const;

export const events = {
  ...appEvents,
  ...sharedEvents,
  ...syncEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

export { ArrivalsError, isErrorPayload } from './errors';
export type { ErrorCode, ErrorPayload } from './errors';
