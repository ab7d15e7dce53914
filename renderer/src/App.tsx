/**
 * The kiosk's UI: the staff desk, the guests' self-service kiosk (or badge pickup) and setup,
 * chosen by the kiosk's mode (`kiosk.settings`). A fresh kiosk (no event, no cloud) opens setup.
 * Every store gets the API handed in (never reads `window`), so each is testable alone.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ArrivalsApi } from '../../common/api-client';
import type { KioskMode } from '../../common/contract/self-service';
import { playTone } from './components/sound';
import { createDeskStore } from './screens/desk/desk-store';
import { DeskScreen } from './screens/desk/DeskScreen';
import { createGuestStore } from './screens/self-service/self-service-store';
import { SelfServiceScreen } from './screens/self-service/SelfServiceScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { createRoleStore } from './session/role-store';
import { createStatusStore } from './status/status-store';

type View = 'loading' | 'desk' | 'guest' | 'setup';

export function App({ api }: { api: ArrivalsApi | undefined }) {
  const { t } = useTranslation();
  const stores = useMemo(
    () => api && { desk: createDeskStore({ api, sound: playTone }), role: createRoleStore({ api }), status: createStatusStore(api), guest: createGuestStore({ api, qrLabel: () => i18next.t('guest.confirm.qrMasked') }) },
    [api],
  );
  const [kioskId, setKioskId] = useState<string | null>(null);
  const [view, setView] = useState<View>('loading');
  const [firstRun, setFirstRun] = useState(false);
  useEffect(() => {
    if (!api) return;
    api.app.info().then((info) => setKioskId(info.kioskId), () => undefined);
    // A fresh kiosk (no event, no cloud) opens setup; otherwise its mode's screen.
    void Promise.all([api.kiosk.settings(), api.sync.status()]).then(
      ([settings, sync]) => {
        const fresh = !settings.currentEventId && settings.ticketTypes.length === 0 && !sync.enrolled;
        setFirstRun(fresh);
        setView(fresh ? 'setup' : settings.mode === 'desk' ? 'desk' : 'guest');
      },
      () => setView('desk'),
    );
  }, [api]);
  const done = useCallback((mode: KioskMode) => {
    setFirstRun(false);
    stores?.guest.getState().reset();
    void stores?.guest.getState().load();
    void stores?.desk.getState().load();
    setView(mode === 'desk' ? 'desk' : 'guest');
  }, [stores]);
  const toSetup = useCallback(() => setView('setup'), []);
  if (!api || !stores) {
    return (
      <main className="app">
        <p role="alert" className="form-error">
          {t('app.noApi')}
        </p>
      </main>
    );
  }
  if (view === 'loading') return <main className="app" aria-busy="true" />;
  if (view === 'setup') return <SetupScreen api={api} role={stores.role} status={stores.status} firstRun={firstRun} onDone={done} />;
  if (view === 'guest') return <SelfServiceScreen store={stores.guest} role={stores.role} onLeave={toSetup} />;
  return <DeskScreen api={api} kioskId={kioskId} desk={stores.desk} role={stores.role} status={stores.status} onSetup={toSetup} />;
}
