/** Splitting a full name from a list that has only one name column. */

// Lower-case particles that belong to the family name: "Ludwig van Beethoven" → "van Beethoven".
const particles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'dos', 'das', 'do', 'la', 'le', 'ter', 'ten', 'zu', 'bin', 'al']);

export function splitFullName(full: string): { firstName: string; lastName: string } {
  const name = full.replace(/\s+/g, ' ').trim();
  // "Lovelace, Ada": the list already says which part is the family name.
  const comma = name.indexOf(',');
  if (comma !== -1) return { lastName: name.slice(0, comma).trim(), firstName: name.slice(comma + 1).trim() };
  const words = name.split(' ');
  if (words.length === 1) return { firstName: name, lastName: '' };
  let start = words.length - 1;
  while (start > 1 && particles.has(words[start - 1]!)) start--;
  return { firstName: words.slice(0, start).join(' '), lastName: words.slice(start).join(' ') };
}
