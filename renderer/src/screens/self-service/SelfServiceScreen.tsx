/**
 * The guests' self-service kiosk (and badge pickup, print-only mode): one big question per screen,
 * touch targets of at least 64 px, nothing hover-only, English and German on the attract screen.
 * Scans come from the keyboard wedge and the camera; every screen but the attract screen starts
 * over after 20 s without a touch, and the guest's data leaves the screen with it. Leaving the
 * kiosk ("Staff") needs the supervisor PIN.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { CameraPanel } from '../../components/CameraPanel';
import { kioskLanguage, languages, setLanguage } from '../../i18n/index';
import { attachWedge, WedgeScanner } from '../../scanner/wedge';
import type { RoleStore } from '../../session/role-store';
import { UnlockDialog } from '../desk/dialogs';
import type { GuestStore } from './self-service-store';
import { accentOrDefault, inkOn } from '../../../../common/domain/color';
import './self-service.css';

export const guestIdleSeconds = 20;

export function SelfServiceScreen({ store, role, onLeave }: { store: GuestStore; role: RoleStore; onLeave(): void }) {
  const { t, i18n } = useTranslation();
  const s = useStore(store);
  const [staff, setStaff] = useState(false);
  const supervisor = useStore(role, (r) => r.role === 'supervisor');
  // The event's accent (or the app's), with black or white text by its luminance: WCAG AA on any colour.
  const color = accentOrDefault(s.welcome?.color);
  const printOnly = s.welcome?.mode === 'print-only';

  useEffect(() => {
    void store.getState().load();
    return store.getState().listen();
  }, [store]);
  useEffect(() => {
    if (supervisor && staff) onLeave();
  }, [supervisor, staff, onLeave]);

  // Scans: the wedge wherever the focus is (never inside the "Find me" fields), and the camera. A
  // scanner's burst into the staff PIN pad (a scan field) is the next guest's ticket, not a wrong PIN:
  // the pad closes.
  useEffect(
    () =>
      attachWedge(
        window,
        new WedgeScanner((code) => {
          setStaff(false);
          void store.getState().scan(code);
        }),
      ),
    [store],
  );
  const onCameraCode = useCallback((text: string) => void store.getState().scan(text), [store]);
  // Guests see no camera trouble ("no camera found" is for staff, in setup's status page): without a
  // working camera the attract screen shows only the scanner hint and "Find me".
  const [cameraOk, setCameraOk] = useState(true);

  // A guest's language lasts for their visit: back on the attract screen, the kiosk's own.
  const language = useRef(i18n);
  language.current = i18n;
  const restoreLanguage = useCallback(() => {
    const home = kioskLanguage();
    if (language.current.language !== home) setLanguage(home, { remember: false });
  }, []);
  const lastStep = useRef(s.step);
  useEffect(() => {
    // Only on the way back (the guest may pick their language on the attract screen itself).
    if (s.step === 'attract' && lastStep.current !== 'attract') restoreLanguage();
    lastStep.current = s.step;
  }, [s.step, restoreLanguage]);

  // Back to the start after 20 s without a touch or a key: on every screen but the attract screen,
  // with the staff PIN pad open, or with a guest's language left on.
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const arm = () => {
      clearTimeout(idle.current);
      if (store.getState().step !== 'attract' || staff || i18n.language !== kioskLanguage())
        idle.current = setTimeout(() => {
          setStaff(false);
          store.getState().reset();
          restoreLanguage();
        }, guestIdleSeconds * 1000);
    };
    arm();
    window.addEventListener('pointerdown', arm, true);
    window.addEventListener('keydown', arm, true);
    return () => {
      clearTimeout(idle.current);
      window.removeEventListener('pointerdown', arm, true);
      window.removeEventListener('keydown', arm, true);
    };
  }, [store, s.step, staff, i18n.language, restoreLanguage]);

  const name = s.guest ? `${s.guest.firstName} ${s.guest.lastName}`.trim() : '';
  return (
    <div className="guest" data-testid="self-service" data-step={s.step} data-mode={printOnly ? 'print-only' : 'self-service'} data-accent={color} style={{ '--event': color, '--event-ink': inkOn(color) } as React.CSSProperties}>
      <header className="guest-top">
        <p className="guest-event" data-testid="guest-event">
          {s.welcome?.eventName ? t('guest.welcomeTo', { event: s.welcome.eventName }) : t('guest.welcome')}
          {printOnly && <span className="guest-badge-pickup"> · {t('guest.printOnly')}</span>}
        </p>
        <div className="guest-tools">
          <div role="group" aria-label={t('guest.language')} className="guest-langs">
            {languages.map((lng) => (
              <button key={lng} type="button" lang={lng} aria-pressed={i18n.language === lng} onClick={() => setLanguage(lng, { remember: false })} data-testid={`guest-lang-${lng}`}>
                {t(`language.${lng}`)}
              </button>
            ))}
          </div>
          <button type="button" className="guest-staff" onClick={() => setStaff(true)} data-testid="guest-staff">
            {t('guest.staff')}
          </button>
        </div>
      </header>

      <main className="guest-main" aria-live="polite">
        {s.step === 'attract' && (
          <section className="guest-attract" data-testid="guest-attract">
            <h1>{t('guest.scanTitle')}</h1>
            <p className="guest-lead">{cameraOk ? t('guest.scanHint') : t('guest.scanHintNoCamera')}</p>
            <div className="guest-attract-row">
              <div className="guest-camera" hidden={!cameraOk} data-testid="guest-camera">
                <CameraPanel onCode={onCameraCode} autoStart onProblem={(problem) => setCameraOk(problem === null)} />
              </div>
              <div className="guest-or">
                <p>{t('guest.findMeHint')}</p>
                <button type="button" className="guest-big" onClick={() => store.getState().startFind()} data-testid="guest-find-me">
                  {t('guest.findMe')}
                </button>
              </div>
            </div>
          </section>
        )}
        {s.step === 'find' && <FindMe store={store} />}
        {s.step === 'confirm' && s.guest && (
          <section className="guest-confirm" data-testid="guest-confirm">
            <h1>{t('guest.confirm.title')}</h1>
            <div className="guest-confirm-row">
              <div className="guest-who">
                <p className="guest-name" data-testid="guest-name">{name}</p>
                {s.guest.company && <p className="guest-company" data-testid="guest-company">{s.guest.company}</p>}
                <div className="guest-actions">
                  <button type="button" className="guest-big" disabled={s.busy} onClick={() => void store.getState().confirm()} data-testid="guest-yes">
                    {printOnly ? t('guest.confirm.yesPickup') : t('guest.confirm.yes')}
                  </button>
                  <button type="button" className="guest-secondary" onClick={() => store.getState().reset()} data-testid="guest-no">
                    {t('guest.confirm.no')}
                  </button>
                </div>
              </div>
              <figure className="guest-preview">
                {s.preview ? <img src={s.preview} alt={t('guest.confirm.preview')} data-testid="guest-preview" /> : <div className="guest-preview-blank" />}
                <figcaption>{t('guest.confirm.preview')}</figcaption>
              </figure>
            </div>
          </section>
        )}
        {s.step === 'printing' && (
          <section className="guest-printing" data-testid="guest-printing" data-progress={s.progress ?? ''}>
            <h1>{t('guest.printing.title')}</h1>
            <div className="guest-progress" role="progressbar" aria-label={t('guest.printing.title')} aria-valuemin={0} aria-valuemax={3} aria-valuenow={s.progress === 'printing' ? 2 : 1}>
              <div className={`guest-progress-bar ${s.progress ?? ''}`} />
            </div>
            <p className="guest-lead">{s.progress === 'printing' ? t('guest.printing.printing') : t('guest.printing.queued')}</p>
          </section>
        )}
        {s.step === 'done' && (
          <section className="guest-done" data-testid="guest-done">
            <p className="guest-icon" aria-hidden="true">✓</p>
            <h1>{t('guest.done.title', { name: s.guest?.firstName ?? '' })}</h1>
            {!s.hadBadge && <p className="guest-lead">{t('guest.done.badge')}</p>}
            <p className="guest-lead">{s.hadBadge ? t('guest.done.haveBadge') : s.checkedIn ? t('guest.done.checkedIn') : t('guest.done.pickedUp')}</p>
            {s.seeDesk && (
              <p className="guest-note" data-testid="guest-see-desk">
                {t('guest.done.seeDesk')}
              </p>
            )}
            <button type="button" className="guest-big" onClick={() => store.getState().reset()} data-testid="guest-next">
              {t('guest.done.next')}
            </button>
          </section>
        )}
        {s.step === 'already' && s.guest && (
          <section className="guest-already" data-testid="guest-already">
            <h1>{printOnly ? t('guest.already.pickupTitle', { name: s.guest.firstName }) : t('guest.already.title', { name: s.guest.firstName })}</h1>
            {s.lookup?.reprintAllowed ? (
              <p className="guest-lead">{t('guest.already.lost')}</p>
            ) : (
              <p className="guest-note" data-testid="guest-see-desk">
                {t('guest.already.used')} {t('guest.error.seeDesk')}
              </p>
            )}
            <div className="guest-actions">
              {s.lookup?.reprintAllowed && (
                <button type="button" className="guest-big" disabled={s.busy} onClick={() => void store.getState().reprint()} data-testid="guest-reprint">
                  {t('guest.already.reprint')}
                </button>
              )}
              <button type="button" className="guest-secondary" onClick={() => store.getState().reset()} data-testid="guest-start">
                {t('guest.start')}
              </button>
            </div>
          </section>
        )}
        {s.step === 'error' && (
          <section className="guest-error" data-testid="guest-error" data-error={s.error ?? ''}>
            <p className="guest-icon" aria-hidden="true">!</p>
            <h1>{t('guest.error.title')}</h1>
            <p className="guest-lead" data-testid="guest-error-text">
              {s.error === 'printer' ? t('guest.error.printer') : s.error === 'reprintUsed' ? t('guest.already.used') : t(`guest.error.${s.error ?? 'failed'}`)}
            </p>
            <p className="guest-note">{s.error === 'printer' ? t('guest.error.printerHint') : t('guest.error.seeDesk')}</p>
            <button type="button" className="guest-big" onClick={() => store.getState().reset()} data-testid="guest-start">
              {s.error === 'printer' ? t('guest.done.next') : t('guest.start')}
            </button>
          </section>
        )}
      </main>
      {s.step !== 'attract' && <p className="guest-idle">{t('guest.idle')}</p>}
      {staff && !supervisor && <UnlockDialog role={role} onClose={() => setStaff(false)} />}
    </div>
  );
}

function FindMe({ store }: { store: GuestStore }) {
  const { t } = useTranslation();
  const { busy, notFound } = useStore(store);
  const [by, setBy] = useState<'name' | 'booking'>('name');
  const [form, setForm] = useState({ lastName: '', emailStart: '', bookingCode: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (by === 'name') {
      if (!form.lastName.trim() || form.emailStart.trim().length !== 3) return;
      void store.getState().find({ lastName: form.lastName.trim(), emailStart: form.emailStart.trim() });
    } else if (form.bookingCode.trim().length >= 3) void store.getState().find({ bookingCode: form.bookingCode.trim() });
  };
  const ready = by === 'name' ? form.lastName.trim().length > 0 && form.emailStart.trim().length === 3 : form.bookingCode.trim().length >= 3;
  return (
    <section className="guest-find" data-testid="guest-find">
      <h1>{t('guest.find.title')}</h1>
      <div className="guest-tabs" role="group" aria-label={t('guest.find.title')}>
        <button type="button" aria-pressed={by === 'name'} onClick={() => setBy('name')} data-testid="guest-by-name">
          {t('guest.find.byName')}
        </button>
        <button type="button" aria-pressed={by === 'booking'} onClick={() => setBy('booking')} data-testid="guest-by-booking">
          {t('guest.find.byBooking')}
        </button>
      </div>
      <form onSubmit={submit} className="guest-form">
        {by === 'name' ? (
          <>
            <label>
              {t('guest.find.lastName')}
              <input type="text" autoComplete="off" autoFocus value={form.lastName} maxLength={100} onChange={(e) => setForm({ ...form, lastName: e.target.value })} data-testid="guest-last-name" />
            </label>
            <label>
              {t('guest.find.emailStart')}
              <input
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                maxLength={3}
                value={form.emailStart}
                onChange={(e) => setForm({ ...form, emailStart: e.target.value })}
                aria-describedby="guest-email-example"
                data-testid="guest-email-start"
              />
              <span id="guest-email-example" className="guest-hint">
                {t('guest.find.emailExample')}
              </span>
            </label>
          </>
        ) : (
          <label>
            {t('guest.find.bookingCode')}
            <input type="text" autoComplete="off" autoCapitalize="characters" maxLength={200} value={form.bookingCode} onChange={(e) => setForm({ ...form, bookingCode: e.target.value })} aria-describedby="guest-booking-hint" data-testid="guest-booking-code" />
            <span id="guest-booking-hint" className="guest-hint">
              {t('guest.find.bookingHint')}
            </span>
          </label>
        )}
        {notFound && (
          <div role="alert" className="guest-notfound" data-testid="guest-not-found">
            <strong>{t('guest.find.notFound')}</strong> {t('guest.find.notFoundHint')}
          </div>
        )}
        <div className="guest-actions">
          <button type="submit" className="guest-big" disabled={busy || !ready} data-testid="guest-find-submit">
            {busy ? t('guest.find.searching') : t('guest.find.submit')}
          </button>
          <button type="button" className="guest-secondary" onClick={() => store.getState().reset()} data-testid="guest-back">
            {t('guest.back')}
          </button>
        </div>
      </form>
    </section>
  );
}
