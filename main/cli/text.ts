/** Small helpers for the CLI's human output. */

/** "1 row", "2 rows", "0 check-ins": a count with its noun in the right number. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Text from a registration as a terminal may show it: control characters (a bell, an escape) left out. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, '');
}
