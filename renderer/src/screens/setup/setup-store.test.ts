import { describe, expect, it } from 'vitest';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { ImportPreview, ImportSummary } from '../../../../common/contract/attendees';
import { createImportStore, importOutcome, importProblem, rowErrorsCsv, toBase64, unusedField } from './setup-store';

describe('setup import store', () => {
  it('previews the bytes, sends a changed column as map "Column=field", imports with skipInvalid, and reports problem rows as CSV', async () => {
    const calls: Array<{ method: string; input: Record<string, unknown> }> = [];
    const preview = { errors: [{ line: 3, reason: 'no code' }] };
    const api = {
      attendees: {
        importPreview: async (input: Record<string, unknown>) => (calls.push({ method: 'preview', input }), preview),
        import: async (input: Record<string, unknown>) => (calls.push({ method: 'import', input }), { errors: [{ line: 3, reason: 'no code, "really"' }] }),
      },
    } as unknown as ArrivalsApi;
    const store = createImportStore(api);
    await store.getState().choose('guests.csv', new TextEncoder().encode('name,code\nAda,C1\n'));
    expect(calls[0]).toEqual({ method: 'preview', input: { contentBase64: toBase64(new TextEncoder().encode('name,code\nAda,C1\n')), map: [], fileName: 'guests.csv' } });
    expect(store.getState().errorReport()).toBe('line,reason\r\n3,no code\r\n');
    await store.getState().setField('Barcode', 'code');
    expect(calls[1]!.input.map).toEqual(['Barcode=code']);
    store.getState().setSkipInvalid(true);
    await store.getState().run();
    expect(calls[2]).toMatchObject({ method: 'import', input: { skipInvalid: true, map: ['Barcode=code'] } });
    expect(store.getState().errorReport()).toBe('line,reason\r\n3,"no code, ""really"""\r\n');
  });

  it('"Not used" leaves a column out of the import, even one detection had mapped; a field chosen again replaces it', async () => {
    const maps: unknown[] = [];
    const api = {
      attendees: {
        importPreview: async (input: { map: string[] }) => (maps.push(input.map), { errors: [] }),
        import: async (input: { map: string[] }) => (maps.push(input.map), { errors: [] }),
      },
    } as unknown as ArrivalsApi;
    const store = createImportStore(api);
    await store.getState().choose('guests.csv', new TextEncoder().encode('code,name,company\nC1,Ada,ACME\n'));
    await store.getState().setField('company', 'note');
    await store.getState().setField('company', unusedField);
    expect(store.getState().overrides).toEqual({ company: '-' });
    expect(maps.at(-1)).toEqual(['company=-']);
    await store.getState().run();
    expect(maps.at(-1)).toEqual(['company=-']);
    await store.getState().setField('company', 'company');
    expect(maps.at(-1)).toEqual(['company=company']);
  });

  it('encodes large files in chunks, as btoa of the bytes', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(rowErrorsCsv([])).toBe('line,reason\r\n');
  });

  it('an import that wrote nothing is never "imported": refused (bad rows, skip-invalid off) or nothing (every row bad)', () => {
    const base = { inserted: 0, updated: 0, unchanged: 0, skipped: 0, rejected: false, errors: [] } as unknown as ImportSummary;
    expect(importOutcome({ ...base, rejected: true, errors: [{ line: 4, reason: 'unknown status' }] })).toBe('refused');
    expect(importOutcome({ ...base, skipped: 2, errors: [{ line: 2, reason: 'x' }, { line: 3, reason: 'y' }] })).toBe('nothing');
    expect(importOutcome({ ...base, unchanged: 3 })).toBe('imported');
    expect(importOutcome({ ...base, inserted: 1, skipped: 1 })).toBe('imported');
  });

  it("says what the screen's columns lack instead of the CLI's --map advice", () => {
    const columns = (fields: Array<string | null>) => fields.map((field, index) => ({ index, column: `C${index}`, field, why: '' }));
    const preview = (fields: Array<string | null>, problem: string | null, goodRows = 0) => ({ columns: columns(fields), problem, totalRows: 2, goodRows }) as unknown as ImportPreview;
    expect(importProblem(preview(['code', 'name'], null, 2))).toBeNull();
    const cli = 'missing required column: the ticket code (e.g. "code", "Barcode #"). Columns in the file: "First Name". Name them with --map "Column=field".';
    expect(importProblem(preview(['firstName', 'lastName', 'email'], cli))).toEqual({ kind: 'missing', code: true, name: false, hint: null });
    expect(importProblem(preview(['code', null], cli))).toEqual({ kind: 'missing', code: false, name: true, hint: null });
    // A platform's own hint (no --map in it) is kept beside the screen's text.
    const luma = "this Luma export has no qr_code_url column, which is what the guest's QR code holds: export the guest list again with all columns";
    expect(importProblem(preview(['name', 'email'], luma))).toEqual({ kind: 'missing', code: true, name: false, hint: luma });
    expect(importProblem(preview(['code', 'name'], 'the ticket code column "C0" is empty in every row: … --map "Column=code"'))).toEqual({ kind: 'emptyCode', column: 'C0' });
  });
});
