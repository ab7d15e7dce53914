/**
 * Text that goes on a badge: cleaning untrusted attendee strings and fitting them into a box.
 * Pure functions over a width measurer, so the PDF and ZPL layouts share one fitting rule and the
 * rule is testable without fonts.
 */

/** Width of `text` in millimetres at `fontPt`. */
export type Measure = (text: string, fontPt: number, bold: boolean) => number;

// Emoji and their glue (joiners, variation selectors, skin tones, flags, keycaps, tags): no badge
// font has them, and a tofu box on a name looks like a bug, so they are dropped.
const emoji = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}|[\u{E0020}-\u{E007F}]/gu;

/** C0/C1 controls and explicit bidi embeddings/overrides/isolates: a hostile or pasted name must
 * not move the cursor of a text-mode printer nor reorder the rest of the badge. */
function isControl(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/**
 * What printing changed about a badge, in staff's words ("emoji left out of the name"). Kept on
 * the print job, so a badge that came out different from the registration says so.
 */
export type BadgeNotes = Set<string>;

/**
 * Cleans one attendee-supplied string for printing; the result may be empty. With `notes`, says
 * there what was left out of `what` (tabs and line breaks are only spacing and are not reported).
 */
export function cleanText(value: string | undefined | null, maxLength = 200, notes?: { what: string; into: BadgeNotes }): string {
  if (!value) return '';
  const normalized = value.normalize('NFC');
  const withoutEmoji = normalized.replace(emoji, '');
  const chars = withoutEmoji.split('');
  const cleaned = chars.map((ch) => (isControl(ch) ? ' ' : ch)).join('').replace(/\s+/g, ' ').trim();
  const kept = [...cleaned];
  if (notes) {
    const { what, into } = notes;
    if (withoutEmoji !== normalized) into.add(`emoji left out of the ${what}`);
    if (chars.some((ch) => isControl(ch) && !/[\t\n\r]/.test(ch))) into.add(`control characters left out of the ${what}`);
    if (kept.length > maxLength) into.add(`${what} cut to its first ${maxLength} characters`);
  }
  return kept.slice(0, maxLength).join('').trim();
}

const rtlChar = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const strongLtr = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u052F]/;

export function hasRtl(text: string): boolean {
  return rtlChar.test(text);
}

/**
 * Splits a line into runs of one direction, in visual (left-to-right drawing) order. A minimal
 * bidi: the paragraph direction is that of the first strong character; neutrals (spaces, digits,
 * punctuation) join the run before them. Enough for names ("דוד כהן", "Dana כהן"); not the full
 * Unicode bidi algorithm (no nested numbers inside RTL, no mirrored brackets).
 */
export function visualRuns(line: string): Array<{ text: string; rtl: boolean }> {
  if (!hasRtl(line)) return [{ text: line, rtl: false }];
  const runs: Array<{ text: string; rtl: boolean }> = [];
  for (const ch of line) {
    const dir = rtlChar.test(ch) ? true : strongLtr.test(ch) ? false : null;
    const last = runs[runs.length - 1];
    if (last && (dir === null || dir === last.rtl)) last.text += ch;
    else runs.push({ text: ch, rtl: dir ?? false });
  }
  const firstStrong = [...line].find((c) => rtlChar.test(c) || strongLtr.test(c));
  const paragraphRtl = firstStrong !== undefined && rtlChar.test(firstStrong);
  // Trailing spaces of a run belong between runs; keep them out of the shaped text.
  const trimmed = runs.map((r) => ({ text: r.text.trim(), rtl: r.rtl })).filter((r) => r.text);
  return paragraphRtl ? trimmed.reverse() : trimmed;
}

/**
 * A line in left-to-right drawing order, for printers that put characters down as they arrive
 * (ESC/POS): runs in visual order, right-to-left runs reversed, numbers inside them kept in reading
 * order ("חברה 2000" becomes "2000 הרבח"). Hebrew reads right; Arabic letters come out in the
 * right order but unjoined, as the printer's code page has no shaping.
 */
export function visualOrder(line: string): string {
  return visualRuns(line)
    .map((r) => (r.rtl ? (r.text.match(/\p{Nd}+|./gsu) ?? []).reverse().join('') : r.text))
    .join(' ');
}

export interface FitOptions {
  maxPt: number;
  minPt: number;
  maxLines: number;
  bold: boolean;
}
export interface Fitted {
  fontPt: number;
  lines: string[];
  /** True when even the smallest size could not hold it and the text was cut with an ellipsis. */
  truncated: boolean;
}

// A hyphenated name may break after its hyphen ("Ångström-" / "Papadopoulou"): without this, one
// long double-barrelled surname sets the size of the whole name and shrinks it to unreadable.
const hyphenBreak = /(?<=\p{L}-)(?=\p{L})/u;

/** Joins wrapped lines back into running text (no space after a line that ends at a hyphen). */
function unwrap(lines: string[]): string {
  return lines.reduce((text, line) => (!text ? line : text.endsWith('-') ? text + line : `${text} ${line}`), '');
}

/** Greedy word wrap at spaces and after hyphens; null when a single piece is wider than the box. */
function wrap(text: string, widthMm: number, pt: number, bold: boolean, measure: Measure): string[] | null {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const pieces = word.split(hyphenBreak);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const candidate = current && i === 0 ? `${current} ${piece}` : current + piece;
      if (measure(candidate, pt, bold) <= widthMm) {
        current = candidate;
        continue;
      }
      if (!current || measure(piece, pt, bold) > widthMm) return null;
      lines.push(current);
      current = piece;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Cuts `text` to the longest prefix that, with an ellipsis, fits the width. */
function ellipsize(text: string, widthMm: number, pt: number, bold: boolean, measure: Measure): string {
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + '…', pt, bold) <= widthMm) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + '…';
}

/** Breaks text into lines of at most the width, splitting inside words when they are too long. */
function hardWrap(text: string, widthMm: number, pt: number, bold: boolean, measure: Measure): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of text) {
    if (measure(current + ch, pt, bold) <= widthMm || !current) current += ch;
    else {
      lines.push(current.trim());
      current = ch.trimStart();
    }
  }
  if (current.trim()) lines.push(current.trim());
  return lines;
}

/**
 * The badge rule for names (and other text): the largest size at which the text fits on one line,
 * else on up to maxLines lines; smaller sizes only when wrapping is not enough; at the smallest size
 * the text is cut with an ellipsis. The result never exceeds the width or maxLines.
 */
export function fitText(text: string, widthMm: number, options: FitOptions, measure: Measure): Fitted {
  if (!text) return { fontPt: options.maxPt, lines: [], truncated: false };
  for (let pt = options.maxPt; pt >= options.minPt; pt -= pt > 16 ? 1 : 0.5) {
    const lines = wrap(text, widthMm, pt, options.bold, measure);
    if (lines && lines.length <= options.maxLines) return { fontPt: pt, lines, truncated: false };
  }
  const pt = options.minPt;
  const lines = wrap(text, widthMm, pt, options.bold, measure) ?? hardWrap(text, widthMm, pt, options.bold, measure);
  const safe = lines.flatMap((l) => (measure(l, pt, options.bold) <= widthMm ? [l] : hardWrap(l, widthMm, pt, options.bold, measure)));
  if (safe.length <= options.maxLines) return { fontPt: pt, lines: safe, truncated: false };
  const kept = safe.slice(0, options.maxLines);
  const rest = unwrap(safe.slice(options.maxLines - 1));
  kept[options.maxLines - 1] = ellipsize(rest, widthMm, pt, options.bold, measure);
  return { fontPt: pt, lines: kept, truncated: true };
}
