/**
 * The one rule for text that people and kiosks send: what both stores can hold unchanged and a
 * person can read. PostgreSQL text cannot hold NUL (SQLite can, so without the rule the same input
 * was a 400 on one engine and a 500 on the other); a lone UTF-16 surrogate has no UTF-8 form, so
 * either driver would silently store U+FFFD instead of what was sent; and a name made only of
 * invisible characters (zero-width spaces, fillers, joiners) shows as a blank at the door.
 *
 * Used by the cloud's API schemas (common/cloud-api.ts), which build on `safeText` / `visibleText`,
 * and by the attendee-list parser (common/node/import/), so a list imports the same way anywhere.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const suspicious = /[\u0000\uD800-\uDFFF]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as sent, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (!suspicious.test(value)) return undefined;
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (loneSurrogate.test(value)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

/**
 * Characters that print as nothing: white space and separators, controls, format characters
 * (zero-width space and joiners, bidi marks, soft hyphen, word joiner, BOM), marks with nothing to
 * sit on (also the combining grapheme joiner, variation selectors and the Khmer inherent vowels),
 * and the letters that are blank by design (the Hangul fillers, the braille blank).
 */
const invisibleOnly = /^(?:[\s\p{Z}\p{Cc}\p{Cf}\p{M}\u3164\uFFA0\u2800]|\u115F|\u1160)*$/u;

/** Whether a text shows at least one visible character. */
export function isVisible(value: string): boolean {
  return !invisibleOnly.test(value);
}

/** Any text field: trimmed, at most `max` UTF-16 units, storable as sent. */
export function safeText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A name (of a person, an event, a ticket type, a kiosk): `safeText` that is not blank to the eye. */
export function visibleText(max: number, min = 1) {
  return safeText(max)
    .min(min)
    .refine((value) => value === '' || isVisible(value), 'is only invisible characters');
}

/** An opaque token (a ticket code, a setup code): untrimmed, storable as sent. */
export function tokenText(max: number, min = 1) {
  return z
    .string()
    .min(min)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
