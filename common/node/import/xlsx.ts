/**
 * XLSX workbooks → rows, through exceljs (main/core/import/README.md says why exceljs). Loaded
 * only when a list is an XLSX file, so neither the CLI's start-up nor a CSV import pays for it.
 * Each worksheet becomes rows of cell texts, named by their spreadsheet row number, so an error
 * says the row a person sees ("line 7" is row 7).
 */
import { ArrivalsError } from '../../contract/errors';
import type { CsvRecord } from './csv';

export interface Sheet {
  name: string;
  records: CsvRecord[];
}

/** A ZIP archive's local file header: every XLSX starts with it. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** An OLE compound file: Excel 97–2003 .xls, which exceljs cannot read. */
export function isLegacyXls(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export async function readXlsxSheets(bytes: Uint8Array): Promise<Sheet[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want Node's old Buffer type; a Uint8Array view of the same bytes is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new ArrivalsError(
      'bad_input',
      `the file is a ZIP archive but not a readable XLSX workbook (${(error as Error).message}); open it in the spreadsheet and save it again as .xlsx or as "CSV UTF-8"`,
    );
  }
  const sheets: Sheet[] = [];
  workbook.eachSheet((worksheet) => {
    const records: CsvRecord[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const fields: string[] = [];
      const width = row.cellCount;
      for (let column = 1; column <= width; column++) fields.push(cellText(row.getCell(column)));
      records.push({ line: rowNumber, fields });
    });
    sheets.push({ name: worksheet.name, records });
  });
  if (sheets.every((s) => s.records.length === 0)) throw new ArrivalsError('bad_input', 'the XLSX workbook has no rows: expected a header row and one attendee per row');
  return sheets;
}

interface CellLike {
  value: unknown;
  text: string;
}

/** What the cell shows: text as typed, numbers without a trailing ".0", dates as ISO dates. */
function cellText(cell: CellLike): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().replace(/T00:00:00\.000Z$/, '');
  try {
    return cell.text ?? '';
  } catch {
    return '';
  }
}
