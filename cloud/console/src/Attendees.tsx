import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import type { AttendeeListPage } from '../../../common/console-api';
import { api, eventPath } from './api';

const pageSize = 50;

export function Attendees({ event }: { event: CloudEvent }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AttendeeListPage | undefined>();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState('');
  // Typing settles for a moment before the server is asked.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(q);
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  useEffect(() => {
    const params = new URLSearchParams({ q: query, offset: String(offset), limit: String(pageSize) });
    api<AttendeeListPage>('GET', `${eventPath(event.id)}/attendees?${params}`).then(setPage, (e: Error) => setMessage(e.message));
  }, [event.id, query, offset, version]);

  const act = async (what: 'cancel' | 'reissue' | 'email', code: string) => {
    setMessage('');
    try {
      await api('POST', `${eventPath(event.id)}/tickets/${encodeURIComponent(code)}/${what}`);
      setMessage(t(`attendees.done.${what}`));
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <section>
      <h2>{t('screens.attendees')}</h2>
      <div className="toolbar">
        <label htmlFor="search">{t('attendees.search')}</label>
        <input id="search" type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="attendee-search" />
        <a className="button" href={`${eventPath(event.id)}/attendees.csv`} download>{t('attendees.export')}</a>
        <a className="button" href={`${eventPath(event.id)}/checkins.csv`} download>{t('attendees.exportCheckins')}</a>
      </div>
      {message && <p role="status">{message}</p>}
      {page && (
        <>
          <p data-testid="attendee-total">{t('attendees.total', { count: page.total })}</p>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('attendees.name')}</th>
                <th scope="col">{t('attendees.email')}</th>
                <th scope="col">{t('attendees.company')}</th>
                <th scope="col">{t('attendees.type')}</th>
                <th scope="col">{t('attendees.status')}</th>
                <th scope="col">{t('attendees.mail')}</th>
                <th scope="col">{t('attendees.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {page.attendees.map((a) => (
                <tr key={a.code}>
                  <td>{`${a.firstName} ${a.lastName}`}</td>
                  <td>{a.email}</td>
                  <td>{a.company}</td>
                  <td>{a.ticketType}</td>
                  <td>{t(`status.${a.status}`)}</td>
                  <td>{t(`mailStatus.${a.emailStatus}`)}</td>
                  <td className="actions">
                    <button type="button" disabled={a.status === 'cancelled'} onClick={() => act('cancel', a.code)}>{t('attendees.cancel')}</button>
                    <button type="button" onClick={() => act('reissue', a.code)}>{t('attendees.reissue')}</button>
                    <button type="button" disabled={!a.email} onClick={() => act('email', a.code)}>{t('attendees.resend')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>{t('attendees.previous')}</button>
            <span>{t('attendees.range', { from: page.total ? offset + 1 : 0, to: Math.min(page.total, offset + pageSize), total: page.total })}</span>
            <button type="button" disabled={offset + pageSize >= page.total} onClick={() => setOffset(offset + pageSize)}>{t('attendees.next')}</button>
          </div>
        </>
      )}
    </section>
  );
}
