/**
 * Writing CSV cells that are safe to open in a spreadsheet. Names and notes come from attendees,
 * i.e. from strangers: a "name" like `=HYPERLINK(…)` must stay text, so cells starting with a
 * formula trigger (= + - @, tab, CR) are prefixed with an apostrophe (OWASP's CSV-injection advice).
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}
