/** The supervisor's dialogs at the desk: search, undo, walk-in, reprint, settings, kiosk info, unlock. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { AppInfo } from '../../../../common/contract/app';
import type { Attendee } from '../../../../common/domain/attendee';
import { AttendeeSearch } from '../../components/AttendeeSearch';
import { Dialog } from '../../components/Dialog';
import { nameOf, timeOf } from '../../components/format';
import { PinPad } from '../../components/PinPad';
import type { RoleStore } from '../../session/role-store';
import type { StatusStore } from '../../status/status-store';
import { message, pinErrorText, type DeskStore } from './desk-store';

interface Common {
  api: ArrivalsApi;
  desk: DeskStore;
  onClose(): void;
}

export function SearchDialog({ api, desk, onClose }: Common) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('search.title')} onClose={onClose} testId="search-dialog" wide>
      <AttendeeSearch
        api={api}
        chooseLabel={t('search.checkIn')}
        onChoose={(attendee) => {
          onClose();
          void desk.getState().scan(attendee.code, 'search');
        }}
      />
    </Dialog>
  );
}

export function UndoDialog({ desk, onClose }: Omit<Common, 'api'>) {
  const { t, i18n } = useTranslation();
  const last = useStore(desk, (s) => s.lastCheckin);
  const lastUndone = useStore(desk, (s) => s.lastUndone);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t('undo.reasonRequired'));
    try {
      const { name } = await desk.getState().undoLast(reason.trim());
      desk.getState().setNotice(t('undo.done', { name }));
      onClose();
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <Dialog title={t('undo.title')} onClose={onClose} testId="undo-dialog">
      {!last ? (
        <p data-testid="undo-nothing">{lastUndone ? t('undo.alreadyUndone', { name: lastUndone.name }) : t('undo.nothing')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          <p data-testid="undo-who">{t('undo.who', { name: nameOf(last.attendee) || last.checkinId, time: timeOf(last.at, i18n.language) })}</p>
          <label>
            {t('undo.reason')}
            <input type="text" autoFocus value={reason} placeholder={t('undo.reasonPlaceholder')} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="undo-reason" />
          </label>
          {error && (
            <p role="alert" className="form-error" data-testid="undo-error">
              {error}
            </p>
          )}
          <button type="submit" className="danger" data-testid="undo-submit">
            {t('undo.submit')}
          </button>
        </form>
      )}
    </Dialog>
  );
}

function PrinterSelect({ status, value, onChange, testId }: { status: StatusStore; value: string; onChange(name: string): void; testId: string }) {
  const { t } = useTranslation();
  const printers = useStore(status, (s) => s.printers);
  return (
    <label>
      {t('reprint.printer')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {printers.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name} ({p.kind})
          </option>
        ))}
      </select>
    </label>
  );
}

export function WalkInDialog({ api, desk, status, onClose }: Common & { status: StatusStore }) {
  const { t } = useTranslation();
  const settings = useStore(desk, (s) => s.settings);
  // A real type is always chosen, the same one the kiosk would give: its Walk-in type, else its first
  // single-entry type (never a multi-entry staff type by accident).
  const fallbackType = settings?.walkInTicketType ?? '';
  const types = settings ? [...new Set([...(fallbackType ? [fallbackType] : []), ...settings.ticketTypes])] : [];
  const defaultPrinter = useStore(status, (s) => s.printer?.name ?? '');
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', company: '', ticketType: fallbackType });
  const [printer, setPrinter] = useState(defaultPrinter);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setPrinter((p) => p || defaultPrinter), [defaultPrinter]);
  useEffect(() => setForm((f) => (f.ticketType ? f : { ...f, ticketType: fallbackType })), [fallbackType]);
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={form[key]} autoComplete="off" onChange={(e) => setForm({ ...form, [key]: e.target.value })} data-testid={`walkin-${key}`} />
    </label>
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.firstName.trim() || !form.lastName.trim()) return setError(t('walkIn.required'));
    setBusy(true);
    try {
      const name = await desk.getState().walkIn(
        {
          firstName: form.firstName,
          lastName: form.lastName,
          ...(form.email.trim() ? { email: form.email } : {}),
          ...(form.company.trim() ? { company: form.company } : {}),
          ...(form.ticketType ? { ticketType: form.ticketType } : {}),
        },
        printer || undefined,
      );
      desk.getState().setNotice(t('walkIn.done', { name, printer: printer || '—' }));
      onClose();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  void api;
  return (
    <Dialog title={t('walkIn.title')} onClose={onClose} testId="walkin-dialog">
      <form onSubmit={(e) => void submit(e)} className="form two-col">
        {field('firstName', t('walkIn.firstName'))}
        {field('lastName', t('walkIn.lastName'))}
        {field('email', t('walkIn.email'), 'email')}
        {field('company', t('walkIn.company'))}
        <label>
          {t('walkIn.ticketType')}
          <select value={form.ticketType} onChange={(e) => setForm({ ...form, ticketType: e.target.value })} data-testid="walkin-ticketType">
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <PrinterSelect status={status} value={printer} onChange={setPrinter} testId="walkin-printer" />
        {error && (
          <p role="alert" className="form-error span" data-testid="walkin-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary span" disabled={busy} data-testid="walkin-submit">
          {t('walkIn.submit')}
        </button>
      </form>
    </Dialog>
  );
}

export function ReprintDialog({ api, desk, status, onClose }: Common & { status: StatusStore }) {
  const { t } = useTranslation();
  const defaultPrinter = useStore(status, (s) => s.printer?.name ?? '');
  const [guest, setGuest] = useState<Attendee | null>(null);
  const [printer, setPrinter] = useState(defaultPrinter);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPrinter((p) => p || defaultPrinter), [defaultPrinter]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!guest) return setError(t('reprint.pick'));
    try {
      const { job } = await api.print.reprint({ code: guest.code, ...(printer ? { printer } : {}) });
      desk.getState().setNotice(t('reprint.queued', { name: nameOf(guest), printer: job?.printer ?? printer }));
      onClose();
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <Dialog title={t('reprint.title')} onClose={onClose} testId="reprint-dialog" wide>
      {!guest ? (
        <AttendeeSearch api={api} chooseLabel={t('reprint.choose')} hint={t('reprint.hint')} onChoose={setGuest} />
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          <p data-testid="reprint-guest">
            {t('reprint.guest')}: <strong>{nameOf(guest)}</strong> {guest.company && `· ${guest.company}`}
          </p>
          <PrinterSelect status={status} value={printer} onChange={setPrinter} testId="reprint-printer" />
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" autoFocus data-testid="reprint-submit">
            {t('reprint.submit')}
          </button>
        </form>
      )}
    </Dialog>
  );
}

export function SettingsDialog({ api, desk, onClose }: Common) {
  const { t } = useTranslation();
  const settings = useStore(desk, (s) => s.settings);
  const [form, setForm] = useState({
    verdictResetSeconds: String(settings?.verdictResetSeconds ?? 5),
    idleLockSeconds: String(settings?.idleLockSeconds ?? 180),
    scannerPrefix: settings?.scannerPrefix ?? '',
    scannerSuffix: settings?.scannerSuffix ?? '',
  });
  const [pins, setPins] = useState({ current: '', next: '' });
  const [leavePin, setLeavePin] = useState('');
  // Each form's answer is shown right under its own button, never below the fold.
  const [note, setNoteAt] = useState<{ ok: boolean; text: string; at: 'settings' | 'pin' | 'kiosk' } | null>(null);
  const noteFor = (at: 'settings' | 'pin' | 'kiosk') => (value: { ok: boolean; text: string }) => setNoteAt({ ...value, at });
  const noteAt = (at: 'settings' | 'pin' | 'kiosk') =>
    note?.at === at && (
      <p role={note.ok ? 'status' : 'alert'} className={`${note.ok ? 'notice' : 'form-error'} span`} data-testid="settings-note">
        {note.text}
      </p>
    );
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const setNote = noteFor('settings');
    try {
      await desk.getState().configure({
        verdictResetSeconds: Number(form.verdictResetSeconds),
        idleLockSeconds: Number(form.idleLockSeconds),
        scannerPrefix: form.scannerPrefix,
        scannerSuffix: form.scannerSuffix,
      });
      setNote({ ok: true, text: t('settings.saved') });
    } catch (e) {
      setNote({ ok: false, text: message(e) });
    }
  };
  const changePin = async (event: FormEvent) => {
    event.preventDefault();
    const setNote = noteFor('pin');
    try {
      await api.kiosk.setPin({ pin: pins.next, currentPin: pins.current });
      setPins({ current: '', next: '' });
      setNote({ ok: true, text: t('settings.pinSaved') });
    } catch (e) {
      setNote({ ok: false, text: message(e) });
    }
  };
  const leaveKioskMode = async (event: FormEvent) => {
    event.preventDefault();
    const setNote = noteFor('kiosk');
    try {
      const { face } = await api.kiosk.leaveKioskMode({ pin: leavePin });
      setLeavePin('');
      if (face === 'electron') setNote({ ok: true, text: t('settings.kioskModeLeft') });
      else {
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
        setNote({ ok: true, text: t('settings.kioskModeBrowser') });
      }
    } catch (e) {
      setNote({ ok: false, text: pinErrorText(e instanceof Error ? e.message : String(e)) ?? message(e) });
    }
  };
  const num = (key: 'verdictResetSeconds' | 'idleLockSeconds', label: string, min: number, max: number) => (
    <label>
      {label}
      <input type="number" min={min} max={max} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} data-testid={`settings-${key}`} />
    </label>
  );
  return (
    <Dialog title={t('settings.title')} onClose={onClose} testId="settings-dialog">
      <form onSubmit={(e) => void save(e)} className="form two-col">
        {num('verdictResetSeconds', t('settings.verdictReset'), 1, 120)}
        {num('idleLockSeconds', t('settings.idleLock'), 30, 3600)}
        <label>
          {t('settings.prefix')}
          <input type="text" maxLength={8} value={form.scannerPrefix} onChange={(e) => setForm({ ...form, scannerPrefix: e.target.value })} />
        </label>
        <label>
          {t('settings.suffix')}
          <input type="text" maxLength={8} value={form.scannerSuffix} onChange={(e) => setForm({ ...form, scannerSuffix: e.target.value })} />
        </label>
        <p className="muted span">{t('settings.affixHint')}</p>
        <button type="submit" className="primary span" data-testid="settings-save">
          {t('settings.save')}
        </button>
        {noteAt('settings')}
      </form>
      <form onSubmit={(e) => void changePin(e)} className="form two-col">
        <h3 className="span">{t('settings.pinTitle')}</h3>
        <label>
          {t('settings.currentPin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={pins.current} onChange={(e) => setPins({ ...pins, current: e.target.value })} />
        </label>
        <label>
          {t('settings.newPin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={pins.next} onChange={(e) => setPins({ ...pins, next: e.target.value })} />
        </label>
        <button type="submit" className="span">
          {t('settings.savePin')}
        </button>
        {noteAt('pin')}
      </form>
      <form onSubmit={(e) => void leaveKioskMode(e)} className="form two-col">
        <h3 className="span">{t('settings.kioskModeTitle')}</h3>
        <label>
          {t('settings.kioskModePin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={leavePin} onChange={(e) => setLeavePin(e.target.value)} data-testid="leave-kiosk-pin" />
        </label>
        <button type="submit" data-testid="leave-kiosk-mode">
          {t('settings.kioskModeLeave')}
        </button>
        {noteAt('kiosk')}
      </form>
    </Dialog>
  );
}

export function InfoDialog({ api, onClose }: { api: ArrivalsApi; onClose(): void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.app.info().then(setInfo, (e: unknown) => setError(message(e)));
  }, [api]);
  return (
    <Dialog title={t('info.title')} onClose={onClose} testId="info-dialog">
      {error && <p role="alert">{error}</p>}
      {info && (
        <dl className="info" data-testid="app-info">
          <dt>{t('info.kiosk')}</dt>
          <dd data-testid="kiosk-id">{info.kioskId}</dd>
          <dt>{t('info.version')}</dt>
          <dd data-testid="version">{info.version}</dd>
          <dt>{t('info.data')}</dt>
          <dd data-testid="data-dir">{info.dataDir}</dd>
          <dt>{t('info.attendees')}</dt>
          <dd data-testid="attendee-count">{info.replica.attendees}</dd>
          <dt>{t('info.checkins')}</dt>
          <dd data-testid="checkin-count">{info.replica.checkins}</dd>
          <dt>{t('info.outbox')}</dt>
          <dd data-testid="outbox-count">{info.replica.outboxPending}</dd>
        </dl>
      )}
    </Dialog>
  );
}

export function UnlockDialog({ role, onClose }: { role: RoleStore; onClose(): void }) {
  const { t } = useTranslation();
  const error = useStore(role, (s) => s.error);
  const [busy, setBusy] = useState(false);
  // An old refusal is not shown again when the dialog is opened afresh.
  useEffect(() => role.setState({ error: null }), [role]);
  return (
    <Dialog title={t('role.pinTitle')} onClose={onClose} testId="unlock-dialog">
      <PinPad
        busy={busy}
        scanField
        error={pinErrorText(error)}
        onSubmit={(pin) => {
          setBusy(true);
          void role
            .getState()
            .unlock(pin)
            .then((ok) => {
              setBusy(false);
              if (ok) onClose();
            });
        }}
      />
    </Dialog>
  );
}
