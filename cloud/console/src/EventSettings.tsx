import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import { api, eventPath } from './api';
import { useConsole } from './store';

interface TypeRow {
  name: string;
  color: string;
  capacity: string;
  public: boolean;
  multiEntry: boolean;
  existing: boolean;
}

/** An ISO time → the value of a datetime-local input (the browser's own time zone). */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** What the colour input shows while the event has no accent of its own (the kiosk's default). */
const defaultAccent = '#1b2b4a';

const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

export function EventSettings({ event }: { event: CloudEvent | undefined }) {
  const { t } = useTranslation();
  const { open, eventsChanged } = useConsole();
  const [id, setId] = useState('');
  const [name, setName] = useState(event?.name ?? '');
  const [timeZone, setTimeZone] = useState(event?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [doorsOpen, setDoorsOpen] = useState(toLocalInput(event?.doorsOpen ?? null));
  const [doorsClose, setDoorsClose] = useState(toLocalInput(event?.doorsClose ?? null));
  const [guestFields, setGuestFields] = useState((event?.guestBadgeFields ?? []).join(', '));
  const [codes, setCodes] = useState<'signed' | 'short'>(event?.codes ?? 'signed');
  /** The kiosks' accent colour; null: the app's default. */
  const [accent, setAccent] = useState<string | null>(event?.color ?? null);
  const [types, setTypes] = useState<TypeRow[]>(
    event?.ticketTypes.map((tt) => ({ name: tt.name, color: tt.color, capacity: tt.capacity === null ? '' : String(tt.capacity), public: tt.public, multiEntry: tt.multiEntry, existing: true })) ?? [
      { name: 'General', color: '#1f6feb', capacity: '', public: true, multiEntry: false, existing: false },
    ],
  );
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const change = (i: number, patch: Partial<TypeRow>) => setTypes((rows) => rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const typeInput = (row: TypeRow) => ({ name: row.name.trim(), color: row.color, multiEntry: row.multiEntry, capacity: row.capacity.trim() === '' ? null : Number(row.capacity), public: row.public });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setMessage('');
    const fields = {
      name,
      timeZone,
      doorsOpen: fromLocalInput(doorsOpen),
      doorsClose: fromLocalInput(doorsClose),
      guestBadgeFields: guestFields.split(',').map((f) => f.trim()).filter(Boolean),
      codes,
      color: accent,
    };
    try {
      if (!event) {
        const created = await api<CloudEvent>('POST', '/v1/events', { ...(id.trim() ? { id: id.trim() } : {}), ...fields, ticketTypes: types.filter((r) => r.name.trim()).map(typeInput) });
        eventsChanged();
        open(created.id, 'dashboard');
        return;
      }
      await api('PATCH', eventPath(event.id), fields);
      for (const row of types.filter((r) => r.name.trim())) await api('POST', `${eventPath(event.id)}/ticket-types`, typeInput(row));
      eventsChanged();
      setMessage(t('settings.saved'));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form onSubmit={save} className="settings">
      <h2>{event ? t('settings.title') : t('events.new')}</h2>
      {!event && (
        <>
          <label htmlFor="ev-id">{t('settings.id')}</label>
          <input id="ev-id" value={id} onChange={(e) => setId(e.target.value)} pattern="[A-Za-z0-9_-]*" />
        </>
      )}
      <label htmlFor="ev-name">{t('settings.name')}</label>
      <input id="ev-name" value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor="ev-tz">{t('settings.timeZone')}</label>
      <input id="ev-tz" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />
      <label htmlFor="ev-open">{t('settings.doorsOpen')}</label>
      <input id="ev-open" type="datetime-local" value={doorsOpen} onChange={(e) => setDoorsOpen(e.target.value)} />
      <label htmlFor="ev-close">{t('settings.doorsClose')}</label>
      <input id="ev-close" type="datetime-local" value={doorsClose} onChange={(e) => setDoorsClose(e.target.value)} />
      <label htmlFor="ev-guest">{t('settings.guestFields')}</label>
      <input id="ev-guest" value={guestFields} onChange={(e) => setGuestFields(e.target.value)} />
      <label htmlFor="ev-codes">{t('settings.codes')}</label>
      <select id="ev-codes" value={codes} onChange={(e) => setCodes(e.target.value as 'signed' | 'short')}>
        <option value="signed">{t('settings.codesSigned')}</option>
        <option value="short">{t('settings.codesShort')}</option>
      </select>
      <label htmlFor="ev-color">{t('settings.accent')}</label>
      <div className="accent">
        <input id="ev-color" type="color" value={accent ?? defaultAccent} onChange={(e) => setAccent(e.target.value)} data-testid="event-color" />
        <span data-testid="event-color-state">{accent ?? t('settings.accentNone')}</span>
        <button type="button" onClick={() => setAccent(null)} disabled={accent === null} data-testid="event-color-reset">
          {t('settings.accentReset')}
        </button>
      </div>
      <h3>{t('settings.types')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('settings.typeName')}</th>
            <th scope="col">{t('settings.color')}</th>
            <th scope="col">{t('settings.capacity')}</th>
            <th scope="col">{t('settings.public')}</th>
            <th scope="col">{t('settings.multiEntry')}</th>
          </tr>
        </thead>
        <tbody>
          {types.map((row, i) => (
            <tr key={i}>
              <td><input aria-label={`${t('settings.typeName')} ${i + 1}`} value={row.name} readOnly={row.existing} onChange={(e) => change(i, { name: e.target.value })} /></td>
              <td><input aria-label={`${t('settings.color')} ${i + 1}`} type="color" value={row.color} onChange={(e) => change(i, { color: e.target.value })} /></td>
              <td><input aria-label={`${t('settings.capacity')} ${i + 1}`} type="number" min="0" value={row.capacity} placeholder={t('settings.unlimited')} onChange={(e) => change(i, { capacity: e.target.value })} /></td>
              <td><input aria-label={`${t('settings.public')} ${i + 1}`} type="checkbox" checked={row.public} onChange={(e) => change(i, { public: e.target.checked })} /></td>
              <td><input aria-label={`${t('settings.multiEntry')} ${i + 1}`} type="checkbox" checked={row.multiEntry} onChange={(e) => change(i, { multiEntry: e.target.checked })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setTypes((rows) => [...rows, { name: '', color: '#1f6feb', capacity: '', public: false, multiEntry: false, existing: false }])}>{t('settings.addType')}</button>
      {event && (
        <p>
          {t('settings.registration')}: <a href={`/e/${encodeURIComponent(event.id)}`}>{`/e/${event.id}`}</a>
        </p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {message && <p role="status">{message}</p>}
      <button type="submit" className="primary" data-testid="save-event">{event ? t('settings.save') : t('settings.create')}</button>
    </form>
  );
}
