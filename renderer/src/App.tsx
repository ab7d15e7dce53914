import { useEffect } from 'react';
import { useAppStore } from './store';

export function App() {
  const { info, online, error, loadInfo, listen } = useAppStore();
  useEffect(() => {
    void loadInfo();
    return listen();
  }, [loadInfo, listen]);

  return (
    <main className="app">
      <header className="topbar">
        <h1>Arrivals</h1>
        <span className={online ? 'pill online' : 'pill offline'} data-testid="online-state">
          {online ? 'Online' : 'Offline'}
        </span>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {info ? (
        <dl className="info" data-testid="app-info">
          <dt>Kiosk</dt>
          <dd data-testid="kiosk-id">{info.kioskId}</dd>
          <dt>Version</dt>
          <dd data-testid="version">{info.version}</dd>
          <dt>Data</dt>
          <dd data-testid="data-dir">{info.dataDir}</dd>
          <dt>Attendees</dt>
          <dd data-testid="attendee-count">{info.replica.attendees}</dd>
          <dt>Check-ins</dt>
          <dd data-testid="checkin-count">{info.replica.checkins}</dd>
          <dt>Waiting to sync</dt>
          <dd data-testid="outbox-count">{info.replica.outboxPending}</dd>
        </dl>
      ) : (
        !error && <p>Loading…</p>
      )}
    </main>
  );
}
