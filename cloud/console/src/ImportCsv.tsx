import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import type { CsvPreview } from '../../../common/console-api';
import { api, eventPath, upload } from './api';

interface ImportResult {
  created: number;
  updated: number;
  rejected: Array<{ row: number; message: string }>;
}

/**
 * CSV import: the server reads the file with the kiosk's parser and auto-mapping and shows what it
 * would import (nothing stored); each header's field can be changed (a `map` entry, as `arrivals
 * import --map` takes it); then the same bytes and map are uploaded, with progress, and the rows it
 * refused are listed with their line numbers.
 */
export function ImportCsv({ event }: { event: CloudEvent }) {
  const { t } = useTranslation();
  const [bytes, setBytes] = useState<ArrayBuffer | undefined>();
  const [map, setMap] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<CsvPreview | undefined>();
  const [progress, setProgress] = useState<number | undefined>();
  const [result, setResult] = useState<ImportResult | undefined>();
  const [error, setError] = useState('');

  const mapQuery = (entries: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [header, field] of Object.entries(entries)) params.append('map', `${header}=${field}`);
    return params;
  };
  const runPreview = async (file: ArrayBuffer, entries: Record<string, string>) => {
    setError('');
    try {
      setPreview(await api<CsvPreview>('POST', `${eventPath(event.id)}/attendees/csv/preview?${mapQuery(entries)}`, file, { contentType: 'text/csv' }));
    } catch (e) {
      setPreview(undefined);
      setError((e as Error).message);
    }
  };
  const pick = async (file: File | undefined) => {
    setResult(undefined);
    setProgress(undefined);
    if (!file) return;
    const data = await file.arrayBuffer();
    setBytes(data);
    setMap({});
    await runPreview(data, {});
  };
  const remap = async (header: string, field: string) => {
    const next = { ...map };
    if (field) next[header] = field;
    else delete next[header];
    setMap(next);
    if (bytes) await runPreview(bytes, next);
  };
  const start = async () => {
    if (!bytes) return;
    setError('');
    setProgress(0);
    try {
      const params = mapQuery(map);
      params.set('skipInvalid', 'true');
      setResult(await upload<ImportResult>(`${eventPath(event.id)}/attendees/csv?${params}`, bytes, setProgress));
      setProgress(1);
    } catch (e) {
      setError((e as Error).message);
      setProgress(undefined);
    }
  };
  const fieldOf = (header: string) => map[header] ?? preview?.columns.find((c) => c.column === header)?.field ?? '';

  return (
    <section>
      <h2>{t('import.title')}</h2>
      <label htmlFor="csv-file">{t('import.file')}</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e.target.files?.[0])} data-testid="csv-file" />
      {error && <p className="error" role="alert">{error}</p>}
      {preview && (
        <>
          <p data-testid="csv-summary">{t('import.summary', { format: preview.description, rows: preview.totalRows, errors: preview.errorCount })}</p>
          {preview.problem && <p className="error" role="alert">{preview.problem}</p>}
          {preview.warnings.map((w) => (
            <p className="warning" key={w}>{w}</p>
          ))}
          <h3>{t('import.mapping')}</h3>
          <table className="list" data-testid="csv-mapping">
            <thead>
              <tr>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.field')}</th>
                <th scope="col">{t('import.why')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.columns.map(({ column: header, why, index }) => (
                <tr key={index}>
                  <td>{header}</td>
                  <td>
                    <select aria-label={`${t('import.field')}: ${header}`} value={fieldOf(header)} onChange={(e) => void remap(header, e.target.value)}>
                      <option value="">{t('import.ignore')}</option>
                      {preview.fields.filter((f) => f !== 'badgeFields.LABEL').map((f) => (
                        <option key={f} value={f}>{f}</option>
                      ))}
                      <option value={`badgeFields.${header}`}>{t('import.badgeField')}</option>
                      {fieldOf(header) && !preview.fields.includes(fieldOf(header)) && !fieldOf(header).startsWith('badgeFields.') && <option value={fieldOf(header)}>{fieldOf(header)}</option>}
                      {fieldOf(header).startsWith('badgeFields.') && fieldOf(header) !== `badgeFields.${header}` && <option value={fieldOf(header)}>{fieldOf(header)}</option>}
                    </select>
                  </td>
                  <td className="muted">{why}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.rows.length > 0 && (
            <>
              <h3>{t('import.firstRows')}</h3>
              <table className="list" data-testid="csv-rows">
                <thead>
                  <tr>
                    <th scope="col">{t('import.line')}</th>
                    <th scope="col">{t('attendees.name')}</th>
                    <th scope="col">{t('attendees.email')}</th>
                    <th scope="col">{t('attendees.company')}</th>
                    <th scope="col">{t('attendees.type')}</th>
                    <th scope="col">{t('import.code')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{`${r.firstName} ${r.lastName}`}</td>
                      <td>{r.email}</td>
                      <td>{r.company}</td>
                      <td>{r.ticketType}</td>
                      <td>{r.code}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <ErrorList errors={preview.errors.map((e) => ({ row: e.line, message: e.reason }))} title={t('import.refusedRows')} />
          <button type="button" className="primary" disabled={!!preview.problem || progress !== undefined && progress < 1} onClick={() => void start()} data-testid="csv-import">
            {t('import.start')}
          </button>
        </>
      )}
      {progress !== undefined && (
        <p>
          <label htmlFor="csv-progress">{t('import.progress')}</label> <progress id="csv-progress" max={1} value={progress} />
        </p>
      )}
      {result && (
        <>
          <p role="status" data-testid="csv-result">{t('import.result', { created: result.created, updated: result.updated, rejected: result.rejected.length })}</p>
          <ErrorList errors={result.rejected} title={t('import.refusedRows')} />
        </>
      )}
    </section>
  );
}

function ErrorList({ errors, title }: { errors: Array<{ row: number; message: string }>; title: string }) {
  const { t } = useTranslation();
  if (!errors.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <table className="list" data-testid="csv-errors">
        <thead>
          <tr>
            <th scope="col">{t('import.line')}</th>
            <th scope="col">{t('import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${e.row}-${e.message}`}>
              <td>{e.row}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
