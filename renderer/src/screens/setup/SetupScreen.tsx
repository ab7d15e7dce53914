/**
 * Kiosk setup, for supervisors: the event (enroll with the cloud, typed or by the setup QR through
 * the camera, or "no cloud, work from a list"), the attendee list (mapping preview, progress, problem
 * rows, skip-invalid), the badge template with a live preview of a real attendee, the printer (CUPS
 * queue, TCP 9100, PDF folder) with a test badge, the kiosk's settings, and a copyable status page.
 * A fresh kiosk opens here; it first asks for a supervisor PIN.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { KioskSettings } from '../../../../common/contract/kiosk-settings';
import type { BadgePreview, KioskMode } from '../../../../common/contract/self-service';
import type { SyncStatus } from '../../../../common/contract/sync';
import { accentOrDefault, inkOn } from '../../../../common/domain/color';
import { CameraPanel } from '../../components/CameraPanel';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PinPad } from '../../components/PinPad';
import { pinErrorText } from '../desk/desk-store';
import type { RoleStore } from '../../session/role-store';
import type { StatusStore } from '../../status/status-store';
import type { ImportPreview, ImportRowError, ImportSummary } from '../../../../common/contract/attendees';
import { defaultPrinterForm, formFromPrinter, formKey, printerIdFrom, type PrinterForm, type PrinterKind } from './printer-form';
import { createImportStore, fieldLabelKey, importFieldChoices, importOutcome, importProblem, problemRowsShown, unusedField, type ImportStore } from './setup-store';
import './setup.css';

type Step = 'enroll' | 'import' | 'badge' | 'printer' | 'kiosk' | 'status';
const steps: Step[] = ['enroll', 'import', 'badge', 'printer', 'kiosk', 'status'];

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface SetupProps {
  api: ArrivalsApi;
  role: RoleStore;
  status: StatusStore;
  firstRun: boolean;
  onDone(mode: KioskMode): void;
}

export function SetupScreen({ api, role, status, firstRun, onDone }: SetupProps) {
  const { t } = useTranslation();
  const supervisor = useStore(role, (r) => r.role === 'supervisor');
  const [pinSet, setPinSet] = useState<boolean | null>(null);
  const [step, setStep] = useState<Step>('enroll');
  const [settings, setSettings] = useState<KioskSettings | null>(null);
  const [finishError, setFinishError] = useState<string | null>(null);
  const imports = useState(() => createImportStore(api))[0];
  const sync = useStore(status, (s) => s.sync);
  const defaultPrinter = useStore(status, (s) => s.printer);

  const [attendees, setAttendees] = useState<number | null>(null);
  // Steps saved in this visit (the badge template, the kiosk's settings): marked done in the list.
  const [saved, setSaved] = useState<ReadonlySet<Step>>(new Set());
  const markSaved = useCallback((s: Step) => setSaved((x) => new Set(x).add(s)), []);
  const reload = useCallback(async () => {
    try {
      setSettings(await api.kiosk.settings());
    } catch (error) {
      setFinishError(errorText(error));
    }
    api.app.info().then((i) => setAttendees(i.replica.attendees), () => undefined);
  }, [api]);
  useEffect(() => {
    api.kiosk.pinStatus().then((p) => setPinSet(p.pinSet), () => setPinSet(true));
    void reload();
    void status.getState().load();
    const stops = [status.getState().listen(), api.on('import.progress', (p) => imports.getState().onProgress(p))];
    return () => stops.forEach((stop) => stop());
  }, [api, reload, status, imports]);

  // Keep the supervisor unlocked while they work here.
  useEffect(() => {
    const touch = () => role.getState().touch();
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [role]);

  let body: ReactNode;
  if (pinSet === false) body = <FirstPin api={api} role={role} onSet={() => setPinSet(true)} />;
  else if (!supervisor) {
    body = (
      <section className="setup-card" data-testid="setup-locked">
        <p>{t('setup.locked')}</p>
        <UnlockPad role={role} />
      </section>
    );
  } else {
    const hasEvent = Boolean(settings?.currentEventId);
    const done: Record<Step, boolean> = {
      enroll: hasEvent,
      import: (attendees ?? 0) > 0,
      badge: saved.has('badge'),
      printer: defaultPrinter?.source === 'config' || saved.has('printer'),
      kiosk: saved.has('kiosk'),
      status: false,
    };
    body = (
      <div className="setup-body">
        <nav className="setup-steps" aria-label={t('setup.title')}>
          {steps.map((s, i) => (
            <button key={s} type="button" aria-current={step === s ? 'step' : undefined} className={step === s ? 'on' : ''} onClick={() => setStep(s)} data-testid={`setup-step-${s}`} data-done={done[s] ? 'true' : undefined}>
              {i + 1}. {t(`setup.steps.${s}`)}
              {done[s] && (
                <span className="setup-step-done">
                  <span aria-hidden="true">✓</span> {t('setup.stepDone')}
                </span>
              )}
            </button>
          ))}
          <div className="setup-finish">
            {!hasEvent && <p className="muted">{t('setup.needEvent')}</p>}
            <button
              type="button"
              className="primary"
              disabled={!hasEvent}
              onClick={async () => {
                const fresh = await api.kiosk.settings();
                onDone(fresh.mode);
              }}
              data-testid="setup-done"
            >
              {t('setup.done')}
            </button>
            {settings && <p className="muted">{t('setup.doneHint', { mode: t(`setup.kiosk.modes.${settings.mode}`) })}</p>}
            {finishError && <p role="alert" className="form-error">{finishError}</p>}
          </div>
        </nav>
        <main className="setup-panel">
          {step === 'enroll' && <EnrollStep api={api} status={status} settings={settings} attendees={attendees} onChanged={reload} onNoCloud={() => setStep('import')} />}
          {step === 'import' && (
            <>
              <ImportStep store={imports} onImported={reload} />
              {settings?.currentEventId && !sync?.enrolled && <EventNameForm api={api} settings={settings} onSaved={setSettings} />}
            </>
          )}
          {step === 'badge' && <BadgeStep api={api} onSaved={() => markSaved('badge')} />}
          {step === 'printer' && <PrinterStep api={api} status={status} />}
          {step === 'kiosk' && settings && <KioskStep api={api} settings={settings} onSaved={(x) => (setSettings(x), markSaved('kiosk'))} />}
          {step === 'status' && <StatusStep api={api} />}
        </main>
      </div>
    );
  }
  return (
    <div className="setup" data-testid="setup">
      <header className="topbar">
        <h1>
          {t('app.title')} <span className="muted">· {t('setup.title')}</span>
        </h1>
        <div className="topbar-tools">
          <LanguageSwitch />
          {supervisor && (
            <button type="button" onClick={() => role.getState().lock()} data-testid="lock">
              {t('role.lock')}
            </button>
          )}
        </div>
      </header>
      {firstRun && <p className="setup-intro" data-testid="setup-first-run">{t('setup.firstRun')}</p>}
      {body}
    </div>
  );
}

function UnlockPad({ role }: { role: RoleStore }) {
  const error = useStore(role, (r) => r.error);
  return <PinPad error={pinErrorText(error)} onSubmit={(pin) => void role.getState().unlock(pin)} />;
}

function Note({ note }: { note: { ok: boolean; text: string } | null }) {
  if (!note) return null;
  return (
    <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'notice' : 'form-error'} data-testid="setup-note">
      {note.text}
    </p>
  );
}

function FirstPin({ api, role, onSet }: { api: ArrivalsApi; role: RoleStore; onSet(): void }) {
  const { t } = useTranslation();
  const [pins, setPins] = useState({ pin: '', repeat: '' });
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  // Why "Save PIN" cannot be pressed yet, said next to it.
  const why =
    pins.pin.length < 4
      ? t('setup.pin.tooShort')
      : pins.repeat === ''
        ? t('setup.pin.repeatIt')
        : pins.pin !== pins.repeat
          ? pins.pin.startsWith(pins.repeat)
            ? t('setup.pin.repeatIt')
            : t('setup.pin.mismatch')
          : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pins.pin !== pins.repeat) return setNote({ ok: false, text: t('setup.pin.mismatch') });
    try {
      await api.kiosk.setPin({ pin: pins.pin });
      await role.getState().unlock(pins.pin);
      onSet();
    } catch (error) {
      setNote({ ok: false, text: errorText(error) });
    }
  };
  return (
    <section className="setup-card" data-testid="setup-pin">
      <h2>{t('setup.pin.title')}</h2>
      <p>{t('setup.pin.hint')}</p>
      <form className="form two-col" onSubmit={(e) => void submit(e)}>
        <label>
          {t('setup.pin.pin')}
          <input type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pins.pin} onChange={(e) => setPins({ ...pins, pin: e.target.value.replace(/\D/g, '') })} data-testid="setup-pin-new" />
        </label>
        <label>
          {t('setup.pin.repeat')}
          <input type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pins.repeat} onChange={(e) => setPins({ ...pins, repeat: e.target.value.replace(/\D/g, '') })} data-testid="setup-pin-repeat" />
        </label>
        <button type="submit" className="primary span" disabled={why !== null} aria-describedby="setup-pin-why" data-testid="setup-pin-save">
          {t('setup.pin.save')}
        </button>
        <p id="setup-pin-why" className="muted span" data-testid="setup-pin-why">
          {why}
        </p>
      </form>
      <Note note={note} />
    </section>
  );
}

function EnrollStep({
  api,
  status,
  settings,
  attendees,
  onChanged,
  onNoCloud,
}: {
  api: ArrivalsApi;
  status: StatusStore;
  settings: KioskSettings | null;
  attendees: number | null;
  onChanged(): void;
  onNoCloud(): void;
}) {
  const { t } = useTranslation();
  const sync = useStore(status, (s) => s.sync);
  const [form, setForm] = useState({ server: '', setupCode: '', name: '' });
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (s: SyncStatus) => {
    status.setState({ sync: s });
    setNote({ ok: true, text: t('setup.enroll.enrolled', { server: s.server ?? '', event: s.eventId ?? '' }) });
    onChanged();
  };
  const enroll = async (input: Parameters<ArrivalsApi['sync']['enroll']>[0]) => {
    setBusy(true);
    setNote(null);
    try {
      done(await api.sync.enroll(input));
      setCamera(false);
    } catch (error) {
      setNote({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const name = form.name.trim() ? { name: form.name.trim() } : {};
  return (
    <section className="setup-card" data-testid="setup-enroll">
      <h2>{t('setup.enroll.title')}</h2>
      <p data-testid="setup-sync-state">
        {sync?.enrolled
          ? t('setup.enroll.enrolled', { server: sync.server ?? '', event: sync.eventId ?? '' })
          : settings?.currentEventId
            ? t('setup.enroll.fromList', { event: settings.eventName ?? settings.currentEventId, count: attendees ?? 0 })
            : t('setup.enroll.notEnrolled')}
      </p>
      <form className="form two-col" onSubmit={(e) => (e.preventDefault(), void enroll({ server: form.server.trim(), setupCode: form.setupCode.trim(), ...name }))}>
        <h3 className="span">{t('setup.enroll.cloud')}</h3>
        <label>
          {t('setup.enroll.server')}
          <input type="url" autoComplete="off" placeholder="https://" value={form.server} onChange={(e) => setForm({ ...form, server: e.target.value })} data-testid="enroll-server" />
        </label>
        <label>
          {t('setup.enroll.code')}
          <input type="text" autoComplete="off" value={form.setupCode} onChange={(e) => setForm({ ...form, setupCode: e.target.value })} data-testid="enroll-code" />
        </label>
        <label className="span">
          {t('setup.enroll.name')}
          <input type="text" autoComplete="off" maxLength={100} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="enroll-name" />
        </label>
        <button type="submit" className="primary" disabled={busy || !form.server || form.setupCode.length < 4} data-testid="enroll-submit">
          {t('setup.enroll.submit')}
        </button>
        <button type="button" aria-pressed={camera} onClick={() => setCamera((c) => !c)} data-testid="enroll-scan">
          {t('setup.enroll.scan')}
        </button>
      </form>
      {camera && (
        <div className="setup-camera">
          <p>{t('setup.enroll.scanHint')}</p>
          <CameraPanel autoStart onCode={(text) => !busy && void enroll({ qr: text, ...name })} />
        </div>
      )}
      <Note note={note} />
      <div className="setup-nocloud">
        <button type="button" onClick={onNoCloud} data-testid="enroll-no-cloud">
          {t('setup.enroll.noCloud')}
        </button>
        <p className="muted">{t('setup.enroll.noCloudHint')}</p>
      </div>
    </section>
  );
}

function ImportStep({ store, onImported }: { store: ImportStore; onImported(): void }) {
  const { t, i18n } = useTranslation();
  const s = useStore(store);
  useEffect(() => {
    if (s.summary) onImported();
  }, [s.summary, onImported]);
  const p = s.preview;
  const fieldLabel = (field: string) => {
    const key = fieldLabelKey(field);
    return key && i18n.exists(key) ? t(key) : field;
  };
  const fieldOf = (column: string, detected: string | null) => s.overrides[column] ?? detected ?? unusedField;
  return (
    <section className="setup-card" data-testid="setup-import">
      <h2>{t('setup.import.title')}</h2>
      <label>
        {t('setup.import.file')}
        <input
          type="file"
          accept=".csv,.txt,.xlsx,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) await store.getState().choose(file.name, new Uint8Array(await file.arrayBuffer()));
          }}
          data-testid="import-file"
        />
      </label>
      {s.error && (
        <p role="alert" className="form-error" data-testid="import-error">
          {s.error}
        </p>
      )}
      {p && (
        <>
          <p data-testid="import-detected">{t('setup.import.detected', { description: p.description, confidence: Math.round(p.confidence * 100) })}</p>
          <ProblemText preview={p} />
          <p data-testid="import-counts">{t('setup.import.counts', { good: p.goodRows, total: p.totalRows, count: p.errorCount })}</p>
          {p.warnings.length > 0 && (
            <ul className="setup-warnings" aria-label={t('setup.import.warnings')}>
              {p.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <h3>{t('setup.import.mapping')}</h3>
          <div className="setup-table-wrap" tabIndex={0} role="region" aria-label={t('setup.import.mapping')}>
            <table className="setup-table" data-testid="import-mapping">
              <thead>
                <tr>
                  <th scope="col">{t('setup.import.column')}</th>
                  <th scope="col">{t('setup.import.field')}</th>
                </tr>
              </thead>
              <tbody>
                {p.columns.map((c) => (
                  <tr key={c.index}>
                    <th scope="row">{c.column}</th>
                    <td>
                      <select aria-label={`${t('setup.import.field')}: ${c.column}`} value={fieldOf(c.column, c.field)} onChange={(e) => void store.getState().setField(c.column, e.target.value)} data-testid={`map-${c.index}`}>
                        <option value={unusedField}>{t('setup.import.unused')}</option>
                        {c.field && !(importFieldChoices as readonly string[]).includes(c.field) && <option value={c.field}>{fieldLabel(c.field)}</option>}
                        {importFieldChoices.map((f) => (
                          <option key={f} value={f}>
                            {fieldLabel(f)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('setup.import.rows', { count: p.rows.length })}</h3>
          <div className="setup-table-wrap" tabIndex={0} role="region" aria-label={t('setup.import.rows', { count: p.rows.length })}>
            <table className="setup-table" data-testid="import-rows">
              <thead>
                <tr>
                  {['line', 'code', 'firstName', 'lastName', 'email', 'company', 'ticketType', 'status'].map((h) => (
                    <th key={h} scope="col">
                      {fieldLabel(h)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td className="mono">{r.code}</td>
                    <td>{r.firstName}</td>
                    <td>{r.lastName}</td>
                    <td>{r.email}</td>
                    <td>{r.company}</td>
                    <td>{r.ticketType}</td>
                    <td>{r.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label className="setup-check">
            <input type="checkbox" checked={s.skipInvalid} onChange={(e) => store.getState().setSkipInvalid(e.target.checked)} data-testid="import-skip-invalid" />
            {t('setup.import.skipInvalid')}
          </label>
          <button type="button" className="primary" disabled={s.busy || Boolean(p.problem)} onClick={() => void store.getState().run()} data-testid="import-run">
            {t('setup.import.submit')}
          </button>
        </>
      )}
      {s.busy && s.progress && (
        <div data-testid="import-progress">
          <progress max={s.progress.rowsTotal ?? undefined} value={s.progress.rowsDone} aria-label={t('setup.import.title')} />
          <span>{s.progress.rowsTotal ? t('setup.import.progress', { done: s.progress.rowsDone, total: s.progress.rowsTotal }) : t('setup.import.progressUnknown', { done: s.progress.rowsDone })}</span>
        </div>
      )}
      {s.summary && <ImportResult summary={s.summary} />}
      {!s.summary && p && p.errors.length > 0 && <ProblemRows errors={p.errors} total={p.errorCount} />}
      {((s.summary?.errors.length ?? 0) > 0 || (p?.errorCount ?? 0) > 0) && (
        <a className="setup-download" download="import-problems.csv" href={`data:text/csv;charset=utf-8,${encodeURIComponent(s.errorReport())}`} data-testid="import-error-report">
          {t('setup.import.errorReport')}
        </a>
      )}
    </section>
  );
}

/** The name of an event from a list (a new one is "Imported attendees"): what guests are welcomed to. The cloud names its own. */
function EventNameForm({ api, settings, onSaved }: { api: ArrivalsApi; settings: KioskSettings; onSaved(s: KioskSettings): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(settings.eventName ?? '');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setName(settings.eventName ?? ''), [settings.eventName]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await api.kiosk.configure({ eventName: name });
      onSaved(saved);
      setNote({ ok: true, text: t('setup.event.saved', { name: saved.eventName ?? '' }) });
    } catch (e) {
      setNote({ ok: false, text: t('setup.event.failed', { error: errorText(e) }) });
    }
  };
  const blank = name.trim() === '';
  return (
    <section className="setup-card setup-event" data-testid="setup-event-name">
      <h2>{t('setup.event.title')}</h2>
      <form className="form two-col" onSubmit={(e) => void save(e)}>
        <label>
          {t('setup.event.name')}
          <input type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="event-name" />
        </label>
        <button type="submit" className="primary" disabled={blank || name.trim() === settings.eventName} data-testid="event-name-save">
          {t('setup.event.save')}
        </button>
        <p className="muted span">{blank ? t('setup.event.blank') : t('setup.event.hint', { name: name.trim() })}</p>
      </form>
      <Note note={note} />
    </section>
  );
}

/** Why the list cannot be imported yet, and what to do about it on this screen. */
function ProblemText({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const problem = importProblem(preview);
  if (!problem) return null;
  let text: string;
  if (problem.kind === 'missing') {
    const what = [problem.code && t('setup.import.need.code'), problem.name && t('setup.import.need.name')].filter(Boolean).join(t('setup.import.need.and'));
    text = t('setup.import.missing', { what });
  } else if (problem.kind === 'emptyCode') {
    text = t('setup.import.emptyCode', { column: problem.column });
  } else {
    text = t('setup.import.problem', { problem: problem.text });
  }
  return (
    <div role="alert" className="form-error" data-testid="import-problem">
      <p>{text}</p>
      {problem.kind === 'missing' && problem.hint && <p>{problem.hint}</p>}
    </div>
  );
}

/** The first problem rows, on screen: row (the file's line) and why. The CSV download has them all. */
function ProblemRows({ errors, total }: { errors: readonly ImportRowError[]; total: number }) {
  const { t } = useTranslation();
  return (
    <div className="setup-problems" data-testid="import-problem-rows">
      <h3>{t('setup.import.problemRows', { count: total })}</h3>
      <ul>
        {errors.slice(0, problemRowsShown).map((e, i) => (
          <li key={`${e.line}-${i}`}>
            <strong>{t('setup.import.row', { line: e.line })}</strong> {e.reason}
          </li>
        ))}
      </ul>
      {total > problemRowsShown && <p className="muted">{t('setup.import.moreRows', { count: total - problemRowsShown })}</p>}
    </div>
  );
}

/** The import's outcome: green when something was written, else red (refused) or amber (nothing to write), with why. */
function ImportResult({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const outcome = importOutcome(summary);
  const bad = new Set(summary.errors.map((e) => e.line)).size;
  if (outcome === 'imported') {
    return (
      <>
        <p role="status" className="notice" data-testid="import-summary" data-outcome={outcome}>
          {t('setup.import.imported', { inserted: summary.inserted, updated: summary.updated, skipped: summary.skipped })}
        </p>
        {summary.errors.length > 0 && <ProblemRows errors={summary.errors} total={bad} />}
      </>
    );
  }
  return (
    <div role="alert" className={outcome === 'refused' ? 'form-error' : 'form-warning'} data-testid="import-summary" data-outcome={outcome}>
      <p>
        <strong>{t('setup.import.nothing')}</strong>{' '}
        {outcome === 'refused' ? t('setup.import.refused') : summary.errors.length > 0 ? t('setup.import.allBad') : t('setup.import.empty')}
      </p>
      {summary.errors.length > 0 && <ProblemRows errors={summary.errors} total={bad} />}
      {outcome === 'refused' && <p>{t('setup.import.trySkip')}</p>}
    </div>
  );
}

function BadgeStep({ api, onSaved }: { api: ArrivalsApi; onSaved(): void }) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<Array<{ name: string; title: string }>>([]);
  const [template, setTemplate] = useState('');
  const [preview, setPreview] = useState<BadgePreview | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    void Promise.all([api.print.templates(), api.print.preview({})]).then(([list, first]) => {
      setTemplates(list);
      setTemplate(first.template);
      setPreview(first);
    }, (e: unknown) => setNote({ ok: false, text: errorText(e) }));
  }, [api]);
  const choose = async (name: string) => {
    setTemplate(name);
    try {
      setPreview(await api.print.preview({ template: name }));
    } catch (e) {
      setNote({ ok: false, text: errorText(e) });
    }
  };
  return (
    <section className="setup-card" data-testid="setup-badge">
      <h2>{t('setup.badge.title')}</h2>
      <div className="setup-badge-row">
        <div className="form">
          <label>
            {t('setup.badge.template')}
            <select value={template} onChange={(e) => void choose(e.target.value)} data-testid="badge-template">
              {templates.map((tp) => (
                <option key={tp.name} value={tp.name}>
                  {tp.title} ({tp.name})
                </option>
              ))}
            </select>
          </label>
          {preview && <p className="muted" data-testid="badge-whose">{preview.sample ? t('setup.badge.sample') : t('setup.badge.of')}</p>}
          <button
            type="button"
            className="primary"
            onClick={async () => {
              try {
                await api.print.configure({ defaultTemplate: template });
                setNote({ ok: true, text: t('setup.badge.saved') });
                onSaved();
              } catch (e) {
                setNote({ ok: false, text: errorText(e) });
              }
            }}
            data-testid="badge-save"
          >
            {t('setup.badge.save')}
          </button>
          <Note note={note} />
        </div>
        <figure className="setup-preview">
          {preview && <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`} alt={t('setup.badge.preview')} data-testid="badge-preview" data-template={preview.template} />}
          <figcaption>{t('setup.badge.preview')}</figcaption>
        </figure>
      </div>
    </section>
  );
}

function PrinterStep({ api, status }: { api: ArrivalsApi; status: StatusStore }) {
  const { t } = useTranslation();
  const { printers, printer } = useStore(status);
  const cupsQueues = printers.filter((p) => p.kind === 'cups');
  const [kind, setKind] = useState<PrinterKind>('folder');
  const [form, setForm] = useState<PrinterForm>(defaultPrinterForm);
  // What the form showed when it last matched a saved printer: a form that differs is saved before a test.
  const [savedKey, setSavedKey] = useState(() => formKey('folder', defaultPrinterForm));
  const [touched, setTouched] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The form shows the printer badges print on now, until the supervisor changes it.
  useEffect(() => {
    if (touched || !printer) return;
    const shown = formFromPrinter(printer);
    if (!shown) return;
    setKind(shown.kind);
    setForm(shown.form);
    setSavedKey(formKey(shown.kind, shown.form));
  }, [printer, touched]);
  const edit = (next: Partial<PrinterForm>) => {
    setTouched(true);
    setForm({ ...form, ...next });
  };
  const name = printerIdFrom(form.name);
  const nameError = form.name.trim() === '' || name === '' ? t('setup.printer.nameInvalid') : null;
  const port = Number(form.port);
  const formError =
    nameError ??
    (kind === 'tcp' && !form.host.trim() ? t('setup.printer.hostMissing') : null) ??
    (kind === 'tcp' && !(Number.isInteger(port) && port >= 1 && port <= 65535) ? t('setup.printer.portInvalid') : null) ??
    (kind === 'folder' && !form.dir.trim() ? t('setup.printer.dirMissing') : null) ??
    (kind === 'cups' && !(form.queue || cupsQueues[0]) ? t('setup.printer.noQueues') : null);
  const dirty = formKey(kind, form) !== savedKey;
  /** Saves what the form shows and makes it the default: the printer's name, or null (the note says why). */
  const store = async (): Promise<string | null> => {
    if (formError) {
      setNote({ ok: false, text: formError });
      return null;
    }
    const choice =
      kind === 'cups'
        ? { kind, name, queue: form.queue || cupsQueues[0]?.name || '' }
        : kind === 'tcp'
          ? { kind, name, host: form.host.trim(), port, language: form.language }
          : { kind, name, dir: form.dir.trim() };
    try {
      await api.print.configure({ printer: choice, defaultPrinter: name });
    } catch (e) {
      setNote({ ok: false, text: t('setup.printer.saveFailed', { error: errorText(e) }) });
      return null;
    }
    setSavedKey(formKey(kind, form));
    await status.getState().load();
    return name;
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await store();
      if (saved) setNote({ ok: true, text: t('setup.printer.saved', { name: saved }) });
    } finally {
      setBusy(false);
    }
  };
  const test = async () => {
    setBusy(true);
    try {
      // The form shows another printer than the one saved: save it first, and test only what was saved.
      let target = printer?.name ?? null;
      if (dirty) {
        target = await store();
        if (!target) {
          setNote((n) => ({ ok: false, text: t('setup.printer.notTested', { error: n?.text ?? '' }) }));
          return;
        }
      }
      if (!target) return;
      setNote({ ok: true, text: t('setup.printer.testing') });
      const r = await api.print.test({ printer: target });
      setNote(r.ok ? { ok: true, text: t('setup.printer.testOk', { printer: r.printer, ms: Math.round(r.ms) }) } : { ok: false, text: t('setup.printer.testFailed', { printer: r.printer, error: r.error }) });
    } catch (e) {
      setNote({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="setup-card" data-testid="setup-printer">
      <h2>{t('setup.printer.title')}</h2>
      {printer && <p data-testid="printer-current">{t('setup.printer.current', { name: `${printer.name} (${printer.target})` })}</p>}
      <fieldset className="setup-kinds">
        <legend>{t('setup.printer.choose')}</legend>
        {(['cups', 'tcp', 'folder'] as const).map((k) => (
          <label key={k} className="setup-check">
            <input type="radio" name="printer-kind" checked={kind === k} onChange={() => (setTouched(true), setKind(k))} data-testid={`printer-kind-${k}`} />
            {t(`setup.printer.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <form className="form two-col" onSubmit={(e) => void save(e)}>
        <label>
          {t('setup.printer.name')}
          <input type="text" value={form.name} maxLength={100} onChange={(e) => edit({ name: e.target.value })} aria-invalid={nameError ? true : undefined} aria-describedby="printer-name-hint" data-testid="printer-name" />
          <span id="printer-name-hint" className={nameError ? 'field-error' : 'muted'} data-testid="printer-name-hint">
            {nameError ?? (name !== form.name.trim() ? (dirty ? t('setup.printer.savedAs', { name }) : t('setup.printer.storedAs', { name })) : t('setup.printer.nameHint'))}
          </span>
        </label>
        {kind === 'cups' &&
          (cupsQueues.length > 0 ? (
            <label>
              {t('setup.printer.queue')}
              <select value={form.queue || cupsQueues[0]!.name} onChange={(e) => edit({ queue: e.target.value })} data-testid="printer-queue">
                {cupsQueues.map((q) => (
                  <option key={q.name} value={q.name}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="muted">{t('setup.printer.noQueues')}</p>
          ))}
        {kind === 'tcp' && (
          <>
            <label>
              {t('setup.printer.host')}
              <input type="text" value={form.host} onChange={(e) => edit({ host: e.target.value })} data-testid="printer-host" />
            </label>
            <label>
              {t('setup.printer.port')}
              <input type="number" min={1} max={65535} value={form.port} onChange={(e) => edit({ port: e.target.value })} data-testid="printer-port" />
            </label>
            <label>
              {t('setup.printer.language')}
              <select value={form.language} onChange={(e) => edit({ language: e.target.value as 'zpl' | 'escpos' })} data-testid="printer-language">
                <option value="zpl">ZPL (Zebra)</option>
                <option value="escpos">ESC/POS (Epson, Star)</option>
              </select>
            </label>
          </>
        )}
        {kind === 'folder' && (
          <label>
            {t('setup.printer.dir')}
            <input type="text" value={form.dir} onChange={(e) => edit({ dir: e.target.value })} data-testid="printer-dir" />
          </label>
        )}
        <button type="submit" className="primary span" disabled={busy} data-testid="printer-save">
          {t('setup.printer.add')}
        </button>
      </form>
      <button type="button" disabled={busy || (!dirty && !printer)} onClick={() => void test()} data-testid="printer-test">
        {dirty ? t('setup.printer.saveAndTest') : t('setup.printer.test')}
      </button>
      <Note note={note} />
    </section>
  );
}

function KioskStep({ api, settings, onSaved }: { api: ArrivalsApi; settings: KioskSettings; onSaved(s: KioskSettings): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    kioskName: settings.kioskName,
    mode: settings.mode,
    allowed: settings.allowedTicketTypes,
    direction: settings.direction,
    verdictResetSeconds: String(settings.verdictResetSeconds),
    eventColor: settings.eventColor,
  });
  const [pins, setPins] = useState({ current: '', next: '' });
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSaved(
        await api.kiosk.configure({
          kioskName: form.kioskName,
          mode: form.mode,
          allowedTicketTypes: form.allowed && form.allowed.length > 0 ? form.allowed : null,
          direction: form.direction,
          verdictResetSeconds: Number(form.verdictResetSeconds),
          // The event's accent, for a list's event (an enrolled kiosk's comes from the cloud).
          ...(settings.currentEventId ? { eventColor: form.eventColor } : {}),
        }),
      );
      if (pins.next) {
        await api.kiosk.setPin({ pin: pins.next, currentPin: pins.current });
        setPins({ current: '', next: '' });
      }
      setNote({ ok: true, text: t('setup.kiosk.saved') });
    } catch (e) {
      setNote({ ok: false, text: errorText(e) });
    }
  };
  const toggleType = (type: string, on: boolean) => {
    const current = form.allowed ?? [];
    setForm({ ...form, allowed: on ? [...current, type] : current.filter((x) => x !== type) });
  };
  return (
    <section className="setup-card" data-testid="setup-kiosk">
      <h2>{t('setup.kiosk.title')}</h2>
      <form className="form two-col" onSubmit={(e) => void save(e)}>
        <label>
          {t('setup.kiosk.name')}
          <input type="text" maxLength={100} value={form.kioskName} onChange={(e) => setForm({ ...form, kioskName: e.target.value })} data-testid="kiosk-name" />
        </label>
        <label>
          {t('setup.kiosk.mode')}
          <select value={form.mode} onChange={(e) => setForm({ ...form, mode: e.target.value as KioskMode })} data-testid="kiosk-mode">
            {(['desk', 'self-service', 'print-only'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`setup.kiosk.modes.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="span setup-types">
          <legend>{t('setup.kiosk.allowed')}</legend>
          <label className="setup-check">
            <input type="checkbox" checked={!form.allowed || form.allowed.length === 0} onChange={(e) => setForm({ ...form, allowed: e.target.checked ? null : [] })} data-testid="kiosk-all-types" />
            {t('setup.kiosk.allTypes')}
          </label>
          {settings.ticketTypes.map((type) => (
            <label key={type} className="setup-check">
              <input type="checkbox" checked={form.allowed?.includes(type) ?? false} onChange={(e) => toggleType(type, e.target.checked)} />
              {type}
            </label>
          ))}
        </fieldset>
        <label>
          {t('setup.kiosk.direction')}
          <select value={form.direction} onChange={(e) => setForm({ ...form, direction: e.target.value as 'entry' | 'exit' })} data-testid="kiosk-direction">
            <option value="entry">{t('desk.direction.entry')}</option>
            <option value="exit">{t('desk.direction.exit')}</option>
          </select>
        </label>
        <label>
          {t('setup.kiosk.verdictReset')}
          <input type="number" min={1} max={120} value={form.verdictResetSeconds} onChange={(e) => setForm({ ...form, verdictResetSeconds: e.target.value })} data-testid="kiosk-verdict-reset" />
        </label>
        {settings.currentEventId && (
          <div className="span setup-accent">
            <label>
              {t('setup.kiosk.accent')}
              <input type="color" value={accentOrDefault(form.eventColor)} onChange={(e) => setForm({ ...form, eventColor: e.target.value })} data-testid="kiosk-event-color" />
            </label>
            <span className="setup-accent-preview">
              <span className="muted">{t('setup.kiosk.accentPreview')}</span>
              <span className="setup-accent-sample" style={{ background: accentOrDefault(form.eventColor), color: inkOn(accentOrDefault(form.eventColor)) }} data-testid="kiosk-event-color-sample">
                {settings.eventName ? t('guest.welcomeTo', { event: settings.eventName }) : t('guest.welcome')}
              </span>
              <span className="muted" data-testid="kiosk-event-color-value">
                {form.eventColor ?? t('setup.kiosk.accentDefault')}
              </span>
            </span>
            <button type="button" onClick={() => setForm({ ...form, eventColor: null })} disabled={form.eventColor === null} data-testid="kiosk-event-color-reset">
              {t('setup.kiosk.accentReset')}
            </button>
          </div>
        )}
        <h3 className="span">{t('setup.kiosk.pinChange')}</h3>
        <label>
          {t('setup.kiosk.currentPin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={pins.current} onChange={(e) => setPins({ ...pins, current: e.target.value })} />
        </label>
        <label>
          {t('setup.kiosk.newPin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={pins.next} onChange={(e) => setPins({ ...pins, next: e.target.value })} />
        </label>
        <button type="submit" className="primary span" data-testid="kiosk-save">
          {t('setup.kiosk.save')}
        </button>
      </form>
      <Note note={note} />
    </section>
  );
}

function StatusStep({ api }: { api: ArrivalsApi }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // "Copied." belongs to the text copied: any change of the text clears it.
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setNote(null), [text]);
  const [printerNote, setPrinterNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [camera, setCamera] = useState(false);
  const [seen, setSeen] = useState<string | null>(null);
  useEffect(() => {
    void Promise.allSettled([api.app.info(), api.sync.deadLetters({ limit: 20 }), api.print.printers()]).then(([info, dead, printers]) => {
      const lines: string[] = [];
      if (info.status === 'fulfilled') {
        const i = info.value;
        lines.push(`${t('setup.status.version')}: ${i.version} (${i.face})`, `${t('setup.status.data')}: ${i.dataDir}`, `kiosk: ${i.kioskId}`);
        lines.push(`${t('setup.status.counts')}: events ${i.replica.events}, attendees ${i.replica.attendees}, check-ins ${i.replica.checkins}, waiting to sync ${i.replica.outboxPending}`);
        const s = i.sync;
        lines.push(`${t('setup.status.sync')}: ${s.state}${s.server ? ` ${s.server}` : ''}, online ${s.online}, queue ${s.queue}, dead letters ${s.deadLetters}, last pull ${s.lastPullAt ?? '-'}, last push ${s.lastPushAt ?? '-'}${s.lastError ? `, error: ${s.lastError}` : ''}`);
      }
      if (dead.status === 'fulfilled') for (const d of dead.value.items) lines.push(`${t('setup.status.deadLetters')}: #${d.seq} ${d.kind} ${d.code ?? ''} ${d.error}`);
      if (printers.status === 'fulfilled') for (const p of printers.value.printers) lines.push(`printer: ${p.name} ${p.kind} ${p.target}${p.isDefault ? ' (default)' : ''}`);
      setText(lines.join('\n'));
    });
  }, [api, t]);
  const printerTest = async () => {
    try {
      const { printers } = await api.print.printers();
      const target = printers.find((p) => p.isDefault) ?? printers[0];
      if (!target) return;
      setPrinterNote({ ok: true, text: t('setup.printer.testing') });
      const r = await api.print.test({ printer: target.name });
      setPrinterNote(r.ok ? { ok: true, text: t('setup.printer.testOk', { printer: r.printer, ms: Math.round(r.ms) }) } : { ok: false, text: t('setup.printer.testFailed', { printer: r.printer, error: r.error }) });
    } catch (e) {
      setPrinterNote({ ok: false, text: errorText(e) });
    }
  };
  return (
    <section className="setup-card" data-testid="setup-status">
      <h2>{t('setup.status.title')}</h2>
      <pre className="setup-diagnostics" data-testid="diagnostics" tabIndex={0}>
        {text}
      </pre>
      <div className="setup-row">
        <button
          type="button"
          className="primary"
          onClick={() => {
            navigator.clipboard?.writeText(text).then(() => setNote({ ok: true, text: t('setup.status.copied') }), () => setNote({ ok: false, text }));
          }}
          data-testid="diagnostics-copy"
        >
          {t('setup.status.copy')}
        </button>
        <button type="button" onClick={() => void printerTest()} data-testid="diagnostics-printer">
          {t('setup.status.printerTest')}
        </button>
        <button type="button" aria-pressed={camera} onClick={() => setCamera((c) => !c)} data-testid="diagnostics-camera">
          {t('setup.status.cameraTest')}
        </button>
      </div>
      <Note note={note} />
      {printerNote && (
        <p role={printerNote.ok ? 'status' : 'alert'} className={printerNote.ok ? 'notice' : 'form-error'} data-testid="diagnostics-printer-result">
          {printerNote.text}
        </p>
      )}
      {camera && <CameraPanel onCode={(code) => setSeen(code)} />}
      {seen && <p className="notice">{t('setup.status.cameraOk', { text: seen.slice(0, 40) })}</p>}
    </section>
  );
}
