/**
 * The string tables of issue 14's screens, each in its own module beside the desk's en.ts/de.ts:
 * `guest.*` (self-service) and `setup.*`. index.ts merges them into the translation resources.
 */
import { guestDe } from './self-service.de';
import { guestEn } from './self-service.en';
import { setupDe } from './setup.de';
import { setupEn } from './setup.en';

export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const extraEn = { guest: guestEn, setup: setupEn };
export const extraDe = { guest: guestDe, setup: setupDe };
