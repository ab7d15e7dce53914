/**
 * The door's search box: name, email, company or the start of a ticket code, from two characters,
 * ignoring case, accents (in every script), apostrophes and hyphens. Ranked so that what staff type first — the last name — wins:
 * an exact code, then an exact last name, then last names starting with the text, then the rest
 * by bm25, then codes that merely start with the text.
 */
import { searchCountCap, searchMinLength, type AttendeeSearchResult } from '../../../common/contract/attendees';
import type { Attendee } from '../../../common/domain/attendee';
import type { AttendeeRow, Db } from '../db/attendee-queries';
import { rowToAttendee } from '../db/attendee-queries';
import { foldForSearch, searchQueryWords } from '../../../common/domain/search-fold';
import { countAttendeeMatches, countAttendeeTextMatches, searchAttendeeRowsByCodePrefix, searchAttendeeRowsByText } from '../db/search-queries';

export const minSearchLength = searchMinLength;
export const defaultSearchLimit = 50;

/**
 * Above this many matches, scoring every one with bm25 costs more than the 5 ms budget (about
 * 1 µs a row), so a broad query (two or three letters) is answered tier by tier from the index
 * instead: last-name hits first, each tier in index order. Typing one more letter narrows it.
 */
const rankedMatchLimit = 800;

export interface SearchOptions {
  limit?: number;
  /** Only this event's attendees; all events of the replica when absent. */
  eventId?: string | null;
}

/**
 * The words of the query, folded as the index is (common/domain/search-fold.ts). Splitting on
 * anything that is not a letter or digit (as unicode61 does) keeps user input out of FTS5's query
 * syntax: no quotes, operators or column filters reach MATCH, so "NEAR(" or "a OR b" is just text.
 */
export function searchWords(text: string): string[] {
  return searchQueryWords(text);
}

/** Every word as a prefix term, AND-ed: "anna mul" finds Anna Müller. */
export function toMatchExpression(words: readonly string[]): string | null {
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' AND ');
}

export function searchAttendees(db: Db, text: string, options: SearchOptions = {}): Attendee[] {
  const query = text.normalize('NFC').trim();
  if ([...query].length < minSearchLength) return [];
  const limit = options.limit ?? defaultSearchLimit;
  const eventId = options.eventId ?? null;
  const words = searchWords(query);

  const ranked = new Map<number, { row: AttendeeRow; tier: number; order: number }>();
  let order = 0;
  const add = (row: AttendeeRow, tier: number) => {
    const seen = ranked.get(row.id);
    if (!seen || tier < seen.tier) ranked.set(row.id, { row, tier, order: order++ });
  };
  for (const row of textMatches(db, words, eventId, limit)) add(row, textTier(row, words));
  for (const row of codePrefixMatches(db, query, eventId, limit)) add(row, row.code === query || row.code === query.toUpperCase() ? 0 : 4);

  return [...ranked.values()]
    .sort((a, b) => a.tier - b.tier || a.order - b.order)
    .slice(0, limit)
    .map((r) => rowToAttendee(r.row));
}

/**
 * The search box's answer: the best `limit` matches, and how many there are in all. Counting only
 * happens when the list is full (a shorter list is every match), and stops at searchCountCap.
 */
export function searchAttendeesWithTotal(db: Db, text: string, options: SearchOptions = {}): AttendeeSearchResult {
  const attendees = searchAttendees(db, text, options);
  if (attendees.length < (options.limit ?? defaultSearchLimit)) return { attendees, total: attendees.length, totalCapped: false };
  const query = text.normalize('NFC').trim();
  const codePrefixes = /\s/.test(query) ? [] : [...new Set([query, query.toUpperCase()])];
  const counted = countAttendeeMatches(db, toMatchExpression(searchWords(query)), codePrefixes, { eventId: options.eventId ?? null, cap: searchCountCap + 1 });
  return { attendees, total: Math.min(counted, searchCountCap), totalCapped: counted > searchCountCap };
}

function textMatches(db: Db, words: readonly string[], eventId: string | null, limit: number): AttendeeRow[] {
  const match = toMatchExpression(words);
  if (!match) return [];
  if (countAttendeeTextMatches(db, match) <= rankedMatchLimit) {
    return searchAttendeeRowsByText(db, match, { eventId, limit, ranked: true });
  }
  const exactLast = `(${match}) AND {last_name} : (${words.map((w) => `"${w}"`).join(' OR ')})`;
  const prefixLast = `(${match}) AND {last_name} : (${words.map((w) => `"${w}"*`).join(' OR ')})`;
  const rows: AttendeeRow[] = [];
  for (const tier of [exactLast, prefixLast, match]) {
    rows.push(...searchAttendeeRowsByText(db, tier, { eventId, limit, ranked: false }));
  }
  return rows;
}

/** 1: a word is the last name; 2: the last name starts with a word; 3: any other match. */
function textTier(row: AttendeeRow, words: readonly string[]): number {
  const last = foldForSearch(row.last_name);
  const parts = last.split(/[^\p{L}\p{N}]+/u);
  const compact = parts.join('');
  if (words.some((w) => w === compact || parts.includes(w))) return 1;
  if (words.some((w) => compact.startsWith(w) || parts.some((p) => p.startsWith(w)))) return 2;
  return 3;
}

/** Codes are stored as issued; a keyboard wedge or a person may type them in either case. */
function codePrefixMatches(db: Db, query: string, eventId: string | null, limit: number): AttendeeRow[] {
  if (/\s/.test(query)) return [];
  const variants = [...new Set([query, query.toUpperCase()])];
  return variants.flatMap((prefix) => searchAttendeeRowsByCodePrefix(db, prefix, { eventId, limit }));
}
