import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import { api, eventPath } from './api';

interface Device {
  deviceId: string;
  name: string;
  kioskId: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** The kiosk unenrolled itself (revokedAt is then set too): shown as left, not revoked. */
  leftAt?: string | null;
  /** Sent by kiosks once the sync protocol reports them (reportedAt, reportedQueue). */
  reportedAt?: string | null;
  reportedQueue?: number | null;
}

interface SetupCode {
  setupCode: string;
  expiresAt: string;
  qrSvg: string;
}

export function Devices({ event }: { event: CloudEvent }) {
  const { t, i18n } = useTranslation();
  const [devices, setDevices] = useState<Device[]>([]);
  const [setup, setSetup] = useState<SetupCode | undefined>();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ devices: Device[] }>('GET', `${eventPath(event.id)}/devices`).then((r) => setDevices(r.devices), (e: Error) => setError(e.message));
  }, [event.id, version]);
  const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  const addKiosk = async () => {
    setError('');
    try {
      setSetup(await api<SetupCode>('POST', `${eventPath(event.id)}/devices/setup-codes`, {}));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revoke = async (device: Device) => {
    if (!window.confirm(t('devices.confirmRevoke', { name: device.name }))) return;
    try {
      await api('DELETE', `${eventPath(event.id)}/devices/${encodeURIComponent(device.deviceId)}`);
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h2>{t('screens.devices')}</h2>
      <button type="button" className="primary" onClick={() => void addKiosk()} data-testid="add-kiosk">{t('devices.add')}</button>
      {error && <p className="error" role="alert">{error}</p>}
      {setup && (
        <div className="setup">
          <p>{t('devices.scan')}</p>
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`} alt={t('devices.qrAlt')} className="setup-qr" data-testid="setup-qr" />
          <p>
            {t('devices.code')}: <strong className="setup-code" data-testid="setup-code">{setup.setupCode}</strong>
          </p>
          <p className="muted">{t('devices.expires', { time: time(setup.expiresAt) })}</p>
          <button type="button" onClick={() => { setSetup(undefined); setVersion((v) => v + 1); }}>{t('devices.done')}</button>
        </div>
      )}
      <table className="list" data-testid="device-list">
        <thead>
          <tr>
            <th scope="col">{t('devices.name')}</th>
            <th scope="col">{t('devices.kioskId')}</th>
            <th scope="col">{t('devices.lastSeen')}</th>
            <th scope="col">{t('devices.queue')}</th>
            <th scope="col">{t('devices.state')}</th>
            <th scope="col">{t('attendees.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.deviceId}>
              <td>{d.name}</td>
              <td>{d.kioskId}</td>
              <td>{time(d.reportedAt ?? d.lastSeenAt)}</td>
              <td>{d.reportedQueue ?? '—'}</td>
              <td>{d.leftAt ? t('devices.left', { time: time(d.leftAt) }) : d.revokedAt ? t('devices.revoked') : t('devices.active')}</td>
              <td>{!d.revokedAt && <button type="button" onClick={() => void revoke(d)}>{t('devices.revoke')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setVersion((v) => v + 1)}>{t('devices.refresh')}</button>
    </section>
  );
}
