import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEvent } from '../../../common/cloud-api';
import type { SessionInfo } from '../../../common/console-api';
import { api, ApiError } from './api';
import { Attendees } from './Attendees';
import { Dashboard } from './Dashboard';
import { Devices } from './Devices';
import { Emails } from './Emails';
import { EventSettings } from './EventSettings';
import { setLanguage } from './i18n';
import { ImportCsv } from './ImportCsv';
import { useConsole, type Screen } from './store';

export function App() {
  const session = useConsole((s) => s.session);
  const setSession = useConsole((s) => s.setSession);
  useEffect(() => {
    api<SessionInfo>('GET', '/v1/session').then(setSession, () => setSession(null));
  }, [setSession]);
  if (session === undefined) return null;
  return session === null ? <SignIn /> : <Shell session={session} />;
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      {t('language')}{' '}
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value)} data-testid="language">
        <option value="en">English</option>
        <option value="de">Deutsch</option>
      </select>
    </label>
  );
}

function SignIn() {
  const { t } = useTranslation();
  const setSession = useConsole((s) => s.setSession);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      setSession(await api<SessionInfo>('POST', '/v1/session', { email, password }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? t('signIn.tooMany') : e instanceof ApiError && e.status === 401 ? t('signIn.wrong') : String((e as Error).message));
    }
  };
  return (
    <main className="signin">
      <h1>{t('title')}</h1>
      <LanguageSwitch />
      <form onSubmit={submit}>
        <label htmlFor="email">{t('signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit">{t('signIn.submit')}</button>
      </form>
    </main>
  );
}

const screens: Screen[] = ['dashboard', 'attendees', 'import', 'devices', 'emails', 'settings'];

function Shell({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { eventId, screen, eventsVersion, open, show, signedOut } = useConsole();
  const [events, setEvents] = useState<CloudEvent[]>([]);
  useEffect(() => {
    api<{ events: CloudEvent[] }>('GET', '/v1/events').then((r) => setEvents(r.events), () => undefined);
  }, [eventsVersion]);
  const event = events.find((e) => e.id === eventId);
  const signOut = async () => {
    await api('DELETE', '/v1/session').catch(() => undefined);
    signedOut();
  };
  return (
    <>
      <header className="top">
        <span className="brand">{t('title')}</span>
        <LanguageSwitch />
        <span className="who">{session.email ?? t('admin')}</span>
        <button type="button" onClick={signOut}>{t('signOut')}</button>
      </header>
      <div className="layout">
        <nav aria-label={t('events.title')} className="side">
          <h2>{t('events.title')}</h2>
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <button type="button" className={e.id === eventId ? 'current' : ''} aria-current={e.id === eventId ? 'page' : undefined} onClick={() => open(e.id)}>
                  {e.name}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => open(null, 'settings')} data-testid="new-event">{t('events.new')}</button>
        </nav>
        <main className="content">
          {eventId === null ? (
            screen === 'settings' ? <EventSettings event={undefined} /> : <p>{t('events.pick')}</p>
          ) : !event ? null : (
            <>
              <h1>{event.name}</h1>
              <nav aria-label={t('screens.label')} className="tabs">
                {screens.map((s) => (
                  <button key={s} type="button" className={s === screen ? 'current' : ''} aria-current={s === screen ? 'page' : undefined} onClick={() => show(s)} data-testid={`tab-${s}`}>
                    {t(`screens.${s}`)}
                  </button>
                ))}
              </nav>
              {screen === 'dashboard' && <Dashboard event={event} />}
              {screen === 'attendees' && <Attendees event={event} />}
              {screen === 'import' && <ImportCsv event={event} />}
              {screen === 'devices' && <Devices event={event} />}
              {screen === 'emails' && <Emails event={event} />}
              {screen === 'settings' && <EventSettings event={event} key={event.id} />}
            </>
          )}
        </main>
      </div>
    </>
  );
}
