import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import type { CloudEvent, EventStats } from '../../../common/cloud-api';
import { eventPath } from './api';

/** The live dashboard: one EventSource on …/stats/stream; every message is the whole picture. */
export function Dashboard({ event }: { event: CloudEvent }) {
  const { t, i18n } = useTranslation();
  const [stats, setStats] = useState<EventStats | undefined>();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`${eventPath(event.id)}/stats/stream`);
    source.addEventListener('stats', (message) => setStats(JSON.parse((message as MessageEvent<string>).data) as EventStats));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [event.id]);
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(i18n.language) : '—');
  if (!stats) return <p>{t('dashboard.loading')}</p>;
  const entries = stats.arrivalsPer5Min.reduce((sum, b) => sum + b.entries, 0);
  return (
    <section className="dashboard" data-testid="dashboard" data-generated-at={stats.generatedAt}>
      <h2>
        {t('screens.dashboard')} <span className={live ? 'live on' : 'live'}>{live ? t('dashboard.live') : t('dashboard.offline')}</span>
      </h2>
      <div className="figures">
        <div className="figure">
          <span className="label">{t('dashboard.inside')}</span>
          <span className="value" data-testid="inside-now">{stats.insideNow}</span>
        </div>
        <div className="figure">
          <span className="label">{t('dashboard.admitted')}</span>
          <span className="value" data-testid="admitted">{stats.admitted}</span>
          <span className="label">{t('dashboard.ofExpected', { expected: stats.expected })}</span>
        </div>
        <div className="figure">
          <span className="label">{t('dashboard.flagged')}</span>
          <span className="value" data-testid="flagged">{stats.duplicatesFlagged}</span>
        </div>
      </div>
      <h3>{t('dashboard.arrivals')}</h3>
      <ArrivalsChart buckets={stats.arrivalsPer5Min} label={t('dashboard.entries')} total={entries} />
      <h3>{t('dashboard.byType')}</h3>
      <table className="list" data-testid="by-type">
        <thead>
          <tr>
            <th scope="col">{t('attendees.type')}</th>
            <th scope="col">{t('dashboard.admitted')}</th>
            <th scope="col">{t('dashboard.expected')}</th>
            <th scope="col">%</th>
          </tr>
        </thead>
        <tbody>
          {stats.byTicketType.map((row) => (
            <tr key={row.ticketType}>
              <td>{row.ticketType}</td>
              <td>{row.admitted}</td>
              <td>{row.expected}</td>
              <td>
                <meter min={0} max={Math.max(1, row.expected)} value={row.admitted} aria-label={`${row.ticketType} ${t('dashboard.admitted')}`} />{' '}
                {row.expected ? Math.round((100 * row.admitted) / row.expected) : 0}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('dashboard.kiosks')}</h3>
      <table className="list" data-testid="per-kiosk">
        <thead>
          <tr>
            <th scope="col">{t('devices.kioskId')}</th>
            <th scope="col">{t('dashboard.checkins')}</th>
            <th scope="col">{t('devices.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.kiosks.map((k) => (
            <tr key={k.kioskId}>
              <td>{k.kioskId}</td>
              <td>{k.checkins}</td>
              <td>{time(k.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('dashboard.duplicates')}</h3>
      {stats.recentDuplicates.length === 0 ? (
        <p>{t('dashboard.noDuplicates')}</p>
      ) : (
        <table className="list" data-testid="duplicates">
          <thead>
            <tr>
              <th scope="col">{t('import.code')}</th>
              <th scope="col">{t('dashboard.kiosk')}</th>
              <th scope="col">{t('dashboard.at')}</th>
              <th scope="col">{t('dashboard.otherKiosk')}</th>
              <th scope="col">{t('dashboard.otherAt')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.recentDuplicates.map((d) => (
              <tr key={d.id}>
                <td className="code">{d.code.length > 24 ? `${d.code.slice(0, 24)}…` : d.code}</td>
                <td>{d.kioskId}</td>
                <td>{time(d.at)}</td>
                <td>{d.otherKioskId ?? '—'}</td>
                <td>{time(d.otherAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Entries per 5 minutes as bars (uPlot); `data-entries` carries the total the chart shows. */
function ArrivalsChart({ buckets, label, total }: { buckets: EventStats['arrivalsPer5Min']; label: string; total: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    const xs = buckets.map((b) => Date.parse(b.from) / 1000);
    const ys = buckets.map((b) => b.entries);
    const data: uPlot.AlignedData = [xs, ys];
    if (!plot.current && box.current) {
      const bars = uPlot.paths.bars!({ size: [0.8, 40] });
      plot.current = new uPlot(
        {
          width: Math.max(320, box.current.clientWidth || 640),
          height: 220,
          series: [{}, { label, stroke: '#0b5cad', fill: 'rgba(11,92,173,0.35)', paths: bars, points: { show: false } }],
          scales: { x: { time: true } },
          axes: [{ stroke: '#1b1f24' }, { stroke: '#1b1f24' }],
        },
        data,
        box.current,
      );
    } else plot.current?.setData(data);
  }, [buckets, label]);
  useEffect(() => () => plot.current?.destroy(), []);
  return <div ref={box} className="chart" data-testid="arrivals-chart" data-entries={total} role="img" aria-label={`${label}: ${total}`} />;
}
