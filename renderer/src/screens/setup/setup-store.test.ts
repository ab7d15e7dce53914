import { describe, expect, it } from 'vitest';
import type { ArrivalsApi } from '../../../../common/api-client';
import { createImportStore, rowErrorsCsv, toBase64, unusedField } from './setup-store';

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
});
