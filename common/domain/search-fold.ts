/**
 * The one folding of names for search, the same on the index side and the query side, for every
 * script: NFKD, combining marks removed, case folded (Greek final sigma too), ß → ss and a few
 * Latin letters that have no decomposition (ø, ł, đ, æ, œ …), and apostrophes and hyphens ignored.
 * So "Δημήτρης" finds ΔΗΜΉΤΡΗΣ, "Ёлкин" finds Елкин, "oconnor" finds O'Connor, "gross" finds Groß,
 * "nunez" finds Ñúñez and "smithjones" finds Smith-Jones.
 *
 * Pure and isomorphic: the kiosk's SQLite index calls it through a registered SQL function
 * (main/core/db/open.ts), and the cloud's search may reuse it.
 */

/** Letters NFKD leaves alone but a person types without their stroke or ligature. */
const extraLetters: Record<string, string> = {
  ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ħ: 'h', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd', ŀ: 'l', ς: 'σ',
};
const extraLetter = /[ßøđłħæœıþðŀς]/g;
/** Apostrophes and hyphens inside a name: O'Connor, O’Brien, Smith-Jones, Jean‐Luc. */
const joiners = /['’‘ʼ`\u00ad\u2010\u2011\u2012\u2013\u2014\u2212-]/g;
const marks = /\p{M}+/gu;
const separators = /[^\p{L}\p{N}]+/u;

/** Lower case, no marks, extra letters spelled out; apostrophes and hyphens still in place. */
function foldLetters(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(marks, '').replace(extraLetter, (c) => extraLetters[c]!);
}

/** The folded form of a text: what the index and the query are compared in. */
export function foldForSearch(text: string): string {
  return foldLetters(text).replace(joiners, '');
}

/** The words of a query: its folded form split on anything that is not a letter or a digit. */
export function searchQueryWords(text: string): string[] {
  return foldForSearch(text).split(separators).filter((w) => w.length > 0);
}

/**
 * What the index holds for one field: every word (a hyphen or an apostrophe also splits, so
 * "jones" and "connor" still find Smith-Jones and O'Connor), each word with its apostrophes and
 * hyphens dropped ("oconnor", "smithjones"), and, unless `compact` is false, all the words run
 * together ("maryann" for Mary Ann). Space-separated and unique, in the order found.
 */
export function searchIndexText(text: string, options: { compact?: boolean } = {}): string {
  if (text === '') return '';
  const letters = foldLetters(text);
  const tokens = new Set<string>();
  const add = (words: string[]) => {
    for (const w of words) if (w) tokens.add(w);
  };
  const split = letters.split(separators);
  add(split);
  const joined = letters.replace(joiners, '').split(separators);
  add(joined);
  if (options.compact !== false && joined.filter(Boolean).length > 1) add([joined.join('')]);
  return [...tokens].join(' ');
}
