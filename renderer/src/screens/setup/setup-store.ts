/**
 * The setup screen's import flow (zustand, API injected): the file's bytes go to
 * `attendees.importPreview` (the mapping of the first 20 rows, auto-detected), the supervisor may
 * change a column's field (sent as `map`, "Column=field", like the CLI's --map) or leave it unused
 * ("Column=-", whatever detection made of it), then
 * `attendees.import` with its `import.progress` events, and the problem rows as a CSV to download.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { ImportPreview, ImportRowError, ImportSummary } from '../../../../common/contract/attendees';
import type { EventPayload } from '../../../../common/contract/index';

/** The fields a column can fill (the CLI's --map fields). */
export const importFieldChoices = ['code', 'firstName', 'lastName', 'name', 'email', 'company', 'ticketType', 'status', 'vip', 'note'] as const;
/** The choice "Not used": the column fills no field, even one detection gave it (--map "Column=-"). */
export const unusedField = '-';

export interface ImportState {
  fileName: string | null;
  contentBase64: string | null;
  /** Column → field chosen by hand (overrides the detection); `unusedField` for "Not used". */
  overrides: Record<string, string>;
  preview: ImportPreview | null;
  skipInvalid: boolean;
  progress: EventPayload<'import.progress'> | null;
  summary: ImportSummary | null;
  error: string | null;
  busy: boolean;
  choose(fileName: string, bytes: Uint8Array): Promise<void>;
  setField(column: string, field: string): Promise<void>;
  setSkipInvalid(on: boolean): void;
  run(): Promise<void>;
  onProgress(event: EventPayload<'import.progress'>): void;
  /** The problem rows as CSV text ("line,reason"), from the import (or else the preview). */
  errorReport(): string;
}

export type ImportStore = StoreApi<ImportState>;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function rowErrorsCsv(errors: readonly ImportRowError[]): string {
  return ['line,reason', ...errors.map((e) => `${e.line},${csvCell(e.reason)}`)].join('\r\n') + '\r\n';
}

/** How many problem rows the screen lists (the CSV download has them all). */
export const problemRowsShown = 5;

/**
 * What an import did, for the message: `imported` (something was written), `refused` (bad rows and
 * skip-invalid off: the core wrote nothing and says `rejected`), `nothing` (every row had a problem,
 * or the list was empty: nothing was written either).
 */
export function importOutcome(summary: ImportSummary): 'imported' | 'refused' | 'nothing' {
  if (summary.rejected) return 'refused';
  if (summary.inserted + summary.updated + summary.unchanged === 0) return 'nothing';
  return 'imported';
}

/** The field ids a column can fill, as translation keys of `setup.import.fields`. */
export const fieldLabelKey = (field: string) => (field.startsWith('badgeFields.') ? null : `setup.import.fields.${field}`);

/**
 * Why the preview's list cannot be imported, as something to do on this screen. The core's problem
 * text is shared with the CLI (it names --map); the screen says which required field no column fills
 * (its columns say so), or that the code column is empty in every row, and keeps the core's text only
 * for what the columns cannot explain (an orders report, a platform's own hint).
 */
export type ImportProblem =
  | { kind: 'missing'; code: boolean; name: boolean; hint: string | null }
  | { kind: 'emptyCode'; column: string }
  | { kind: 'other'; text: string };

export function importProblem(preview: ImportPreview): ImportProblem | null {
  if (!preview.problem) return null;
  const fields = new Set(preview.columns.map((c) => c.field));
  const code = !fields.has('code');
  const name = !fields.has('name') && !fields.has('firstName') && !fields.has('lastName');
  // A platform's own hint ("export the Attendee summary report…") says more than "no code column".
  if (code || name) return { kind: 'missing', code, name, hint: preview.problem.includes('--map') ? null : preview.problem };
  // Both are there and still no row can be imported: the code column is empty in every row.
  if (preview.totalRows > 0 && preview.goodRows === 0) return { kind: 'emptyCode', column: preview.columns.find((c) => c.field === 'code')?.column ?? '' };
  return { kind: 'other', text: preview.problem };
}

export function createImportStore(api: ArrivalsApi): ImportStore {
  return createStore<ImportState>((set, get) => {
    const map = () => Object.entries(get().overrides).map(([column, field]) => `${column}=${field}`);
    const preview = async () => {
      const { contentBase64, fileName } = get();
      if (!contentBase64) return;
      set({ busy: true, error: null });
      try {
        set({ preview: await api.attendees.importPreview({ contentBase64, map: map(), ...(fileName ? { fileName } : {}) }), busy: false });
      } catch (error) {
        set({ preview: null, error: (error as Error).message, busy: false });
      }
    };
    return {
      fileName: null,
      contentBase64: null,
      overrides: {},
      preview: null,
      skipInvalid: false,
      progress: null,
      summary: null,
      error: null,
      busy: false,
      async choose(fileName, bytes) {
        set({ fileName, contentBase64: toBase64(bytes), overrides: {}, preview: null, summary: null, progress: null });
        await preview();
      },
      async setField(column, field) {
        set({ overrides: { ...get().overrides, [column]: field } });
        await preview();
      },
      setSkipInvalid(on) {
        set({ skipInvalid: on });
      },
      async run() {
        const { contentBase64, fileName, skipInvalid } = get();
        if (!contentBase64) return;
        set({ busy: true, error: null, summary: null, progress: null });
        try {
          const summary = await api.attendees.import({ contentBase64, map: map(), skipInvalid, ...(fileName ? { fileName } : {}) });
          set({ summary, busy: false });
        } catch (error) {
          set({ error: (error as Error).message, busy: false });
        }
      },
      onProgress(event) {
        if (get().busy) set({ progress: event });
      },
      errorReport() {
        const { summary, preview: p } = get();
        return rowErrorsCsv(summary?.errors.length ? summary.errors : (p?.errors ?? []));
      },
    };
  });
}
