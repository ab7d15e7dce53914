/**
 * The always-visible status bar: sync (online or offline, last sync, queue; "not enrolled" until
 * the kiosk is enrolled with a cloud), the printer and its last job's state with the reason, and
 * the flagged duplicates. Reused by the self-service and setup screens.
 */
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { StatusStore } from '../status/status-store';
import { saysKiosk, timeOf } from './format';

export function StatusBar({ store, kioskId }: { store: StatusStore; kioskId: string | null }) {
  const { t, i18n } = useTranslation();
  const { sync, printer, lastJob } = useStore(store);
  const online = sync?.online ?? false;
  const lastSync = sync?.lastPullAt ?? sync?.lastPushAt ?? null;
  return (
    <footer className="statusbar" aria-label={t('status.label')} data-testid="status-bar">
      <span className={online ? 'pill online' : 'pill offline'} data-testid="online-state">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span data-testid="sync-state">
        {!sync || !sync.enrolled
          ? t('status.notEnrolled')
          : `${t('status.sync', { state: sync.state })} · ${lastSync ? t('status.lastSync', { time: timeOf(lastSync, i18n.language) }) : t('status.never')}`}
        {sync && ` · ${t('status.queue', { count: sync.queue })}`}
      </span>
      <span data-testid="printer-state">
        {printer ? t('status.printer', { name: printer.name, state: t('status.printerReady') }) : t('status.printerNone')}
        {lastJob && (
          <span className={lastJob.state === 'failed' ? 'job failed' : 'job'} data-testid="last-job">
            {' · '}
            {lastJob.reason
              ? t('status.jobReason', { state: t(`status.jobState.${lastJob.state}`), reason: lastJob.reason })
              : t('status.job', { state: t(`status.jobState.${lastJob.state}`) })}
          </span>
        )}
      </span>
      <span data-testid="duplicates" className={sync && sync.duplicatesFlagged > 0 ? 'warn' : undefined}>
        {sync && sync.duplicatesFlagged > 0 ? t('status.duplicates', { count: sync.duplicatesFlagged }) : t('status.noDuplicates')}
      </span>
      {kioskId && <span className="muted">{saysKiosk(kioskId) ? kioskId : t('status.kiosk', { id: kioskId })}</span>}
    </footer>
  );
}
