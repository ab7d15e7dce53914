/**
 * The staff desk: the verdict, large, in the middle; the door's numbers and the supervisor's
 * actions beside it; the camera; the status bar always at the bottom. Scans come from the
 * keyboard wedge (wherever the focus is, except text fields) and the camera.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ArrivalsApi } from '../../../../common/api-client';
import { CameraPanel } from '../../components/CameraPanel';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { StatusBar } from '../../components/StatusBar';
import { VerdictPanel } from '../../components/VerdictPanel';
import { attachWedge, WedgeScanner } from '../../scanner/wedge';
import type { RoleStore } from '../../session/role-store';
import type { StatusStore } from '../../status/status-store';
import type { DeskStore } from './desk-store';
import { InfoDialog, ReprintDialog, SearchDialog, SettingsDialog, UndoDialog, UnlockDialog, WalkInDialog } from './dialogs';

type Open = 'search' | 'undo' | 'walkIn' | 'reprint' | 'settings' | 'info' | 'unlock' | null;

/** Dialogs a scan closes so its verdict is seen: nothing typed into them is worth more than the guest at the door. */
const scanClosable: ReadonlySet<Open> = new Set<Open>(['unlock', 'search', 'info', 'reprint']);

export interface DeskProps {
  api: ArrivalsApi;
  desk: DeskStore;
  role: RoleStore;
  status: StatusStore;
  kioskId: string | null;
  /** Opens kiosk setup (issue 14), for a supervisor. */
  onSetup?: () => void;
}

export function DeskScreen({ api, desk, role, status, kioskId, onSetup }: DeskProps) {
  const { t } = useTranslation();
  const { settings, counts, verdict, scanError, notice, loadError } = useStore(desk);
  const currentRole = useStore(role, (s) => s.role);
  const [open, setOpen] = useState<Open>(null);
  const [camera, setCamera] = useState(false);
  const close = useCallback(() => setOpen(null), []);
  const supervisor = currentRole === 'supervisor';
  const directionHintId = useId();

  useEffect(() => {
    void desk.getState().load();
    void status.getState().load();
    return status.getState().listen();
  }, [desk, status]);

  // The wedge: wherever the focus is, before any button sees the key.
  const prefix = settings?.scannerPrefix ?? '';
  const suffix = settings?.scannerSuffix ?? '';
  useEffect(() => {
    const wedge = new WedgeScanner(
      (code) => {
        // A guest scanned while the PIN pad, search or kiosk info is open: the door comes first, so
        // the dialog gives way to the verdict (a half-typed PIN or name is lost; a form is never).
        setOpen((o) => (o && scanClosable.has(o) ? null : o));
        void desk.getState().scan(code, 'wedge');
      },
      { prefix, suffix },
    );
    return attachWedge(window, wedge);
  }, [desk, prefix, suffix]);

  // The verdict resets after the configured seconds; the next scan replaces it at once.
  const resetSeconds = settings?.verdictResetSeconds ?? 5;
  useEffect(() => {
    if (!verdict) return;
    const timer = setTimeout(() => desk.getState().clearVerdict(verdict.seq), resetSeconds * 1000);
    return () => clearTimeout(timer);
  }, [verdict, resetSeconds, desk]);

  // A check-in adds to the sync queue: read the status again once the verdict is shown.
  useEffect(() => {
    if (verdict?.result.checkinId) void status.getState().refreshSync();
  }, [verdict, status]);

  // Any touch or key keeps a supervisor unlocked; idle, they are locked again.
  useEffect(() => {
    const touch = () => role.getState().touch();
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [role]);
  useEffect(() => {
    if (!supervisor && open !== 'unlock' && open !== 'info') setOpen(null);
  }, [supervisor, open]);

  const onCameraCode = useCallback((text: string) => void desk.getState().scan(text, 'camera'), [desk]);
  const direction = settings?.direction ?? 'entry';

  const action = (key: Exclude<Open, null>, label: string) => (
    <button type="button" className="action" onClick={() => setOpen(key)} data-testid={`action-${key}`}>
      {label}
    </button>
  );

  return (
    <div className="desk" data-testid="desk" data-role={currentRole} data-direction={direction}>
      <header className="topbar">
        <h1>
          {t('app.title')} <span className="muted">· {t('desk.heading')}</span>
        </h1>
        <div className="topbar-tools">
          <div className="direction" role="group" aria-label={t('desk.direction.label')} aria-describedby={supervisor ? undefined : directionHintId} title={supervisor ? undefined : t('desk.direction.supervisorOnly')}>
            {(['entry', 'exit'] as const).map((d) => (
              <button
                key={d}
                type="button"
                aria-pressed={direction === d}
                className={direction === d ? `dir on dir-${d}` : 'dir'}
                disabled={!supervisor && direction !== d}
                title={!supervisor && direction !== d ? t('desk.direction.supervisorOnly') : undefined}
                onClick={() => supervisor && void desk.getState().setDirection(d)}
                data-testid={`direction-${d}`}
              >
                {t(`desk.direction.${d}`)}
              </button>
            ))}
            {!supervisor && (
              <span id={directionHintId} className="visually-hidden">
                {t('desk.direction.supervisorOnly')}
              </span>
            )}
          </div>
          <LanguageSwitch />
          <span className={`role role-${currentRole}`} data-testid="role">
            {t(`role.${currentRole}`)}
          </span>
          {supervisor ? (
            <button type="button" onClick={() => role.getState().lock()} data-testid="lock">
              {t('role.lock')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => setOpen('unlock')} data-testid="unlock">
              {t('role.unlock')}
            </button>
          )}
        </div>
      </header>

      <main className="desk-main">
        <div className="verdict-area">
          {loadError && (
            <p role="alert" className="form-error">
              {/no event/.test(loadError) ? t('desk.noEvent') : loadError}
            </p>
          )}
          <VerdictPanel verdict={verdict} error={scanError} direction={direction} kioskId={kioskId} />
          {notice && (
            <p role="status" className="notice" data-testid="notice">
              {notice}
            </p>
          )}
        </div>
        <aside className="side">
          <section className="counts" aria-label={t('desk.counts.label')} data-testid="counts">
            <div>
              <span className="count-value" data-testid="count-admitted">
                {counts?.admitted ?? '–'}
              </span>
              <span className="count-label">{t('desk.counts.admitted')}</span>
            </div>
            <div>
              <span className="count-value" data-testid="count-expected">
                {counts?.expected ?? '–'}
              </span>
              <span className="count-label">{t('desk.counts.expected')}</span>
            </div>
            <div>
              <span className="count-value" data-testid="count-inside">
                {counts?.insideNow ?? '–'}
              </span>
              <span className="count-label">{t('desk.counts.inside')}</span>
            </div>
          </section>
          <nav className="actions" aria-label={t('desk.actions.label')}>
            {supervisor ? (
              <>
                {action('search', t('desk.actions.search'))}
                {action('undo', t('desk.actions.undo'))}
                {action('walkIn', t('desk.actions.walkIn'))}
                {action('reprint', t('desk.actions.reprint'))}
                {action('settings', t('desk.actions.settings'))}
                {onSetup && (
                  <button type="button" className="action" onClick={onSetup} data-testid="action-setup">
                    {t('setup.title')}
                  </button>
                )}
              </>
            ) : (
              <p className="muted" data-testid="locked-note">
                {t('role.locked')}
              </p>
            )}
            {action('info', t('desk.actions.info'))}
            <button type="button" className="action" aria-pressed={camera} onClick={() => setCamera((c) => !c)} data-testid="toggle-camera">
              {t('desk.actions.camera')}
            </button>
          </nav>
          {camera && <CameraPanel onCode={onCameraCode} />}
        </aside>
      </main>

      <StatusBar store={status} kioskId={kioskId} />

      {open === 'unlock' && <UnlockDialog role={role} onClose={close} />}
      {open === 'info' && <InfoDialog api={api} onClose={close} />}
      {supervisor && open === 'search' && <SearchDialog api={api} desk={desk} onClose={close} />}
      {supervisor && open === 'undo' && <UndoDialog desk={desk} onClose={close} />}
      {supervisor && open === 'walkIn' && <WalkInDialog api={api} desk={desk} status={status} onClose={close} />}
      {supervisor && open === 'reprint' && <ReprintDialog api={api} desk={desk} status={status} onClose={close} />}
      {supervisor && open === 'settings' && <SettingsDialog api={api} desk={desk} onClose={close} />}
    </div>
  );
}
