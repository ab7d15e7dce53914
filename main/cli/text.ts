/** Small helpers for the CLI's human output. */

/** "1 row", "2 rows", "0 check-ins": a count with its noun in the right number. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
