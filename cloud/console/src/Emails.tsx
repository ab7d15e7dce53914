import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import type { OutboxEmail } from '../../../common/console-api';
import { api, eventPath } from './api';

export function Emails({ event }: { event: CloudEvent }) {
  const { t, i18n } = useTranslation();
  const [emails, setEmails] = useState<OutboxEmail[]>([]);
  const [smtp, setSmtp] = useState(true);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ smtpConfigured: boolean; emails: OutboxEmail[] }>('GET', `${eventPath(event.id)}/emails`).then(
      (r) => {
        setEmails(r.emails);
        setSmtp(r.smtpConfigured);
      },
      (e: Error) => setError(e.message),
    );
  }, [event.id, version]);
  const resend = async (email: OutboxEmail) => {
    try {
      await api('POST', `${eventPath(event.id)}/emails/${encodeURIComponent(email.id)}/resend`);
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h2>{t('emails.title')}</h2>
      {!smtp && <p className="warning">{t('emails.noSmtp')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {emails.length === 0 ? (
        <p>{t('emails.none')}</p>
      ) : (
        <table className="list" data-testid="email-list">
          <thead>
            <tr>
              <th scope="col">{t('attendees.name')}</th>
              <th scope="col">{t('attendees.email')}</th>
              <th scope="col">{t('emails.status')}</th>
              <th scope="col">{t('emails.attempts')}</th>
              <th scope="col">{t('emails.error')}</th>
              <th scope="col">{t('emails.next')}</th>
              <th scope="col">{t('attendees.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.to}</td>
                <td>{t(`mailStatus.${m.status}`)}</td>
                <td>{m.attempts}</td>
                <td>{m.lastError ?? ''}</td>
                <td>{m.status === 'pending' ? new Date(m.nextAttemptAt).toLocaleString(i18n.language) : '—'}</td>
                <td><button type="button" onClick={() => void resend(m)}>{t('emails.resend')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={() => setVersion((v) => v + 1)}>{t('devices.refresh')}</button>
    </section>
  );
}
