/**
 * The kiosk's UI. Today it is the staff desk; the self-service and setup screens (issue 14) join
 * it here. Every store gets the API handed in (never reads `window`), so each is testable alone.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArrivalsApi } from '../../common/api-client';
import { playTone } from './components/sound';
import { createDeskStore } from './screens/desk/desk-store';
import { DeskScreen } from './screens/desk/DeskScreen';
import { createRoleStore } from './session/role-store';
import { createStatusStore } from './status/status-store';

export function App({ api }: { api: ArrivalsApi | undefined }) {
  const { t } = useTranslation();
  const stores = useMemo(
    () => api && { desk: createDeskStore({ api, sound: playTone }), role: createRoleStore({ api }), status: createStatusStore(api) },
    [api],
  );
  const [kioskId, setKioskId] = useState<string | null>(null);
  useEffect(() => {
    api?.app.info().then((info) => setKioskId(info.kioskId), () => undefined);
  }, [api]);
  if (!api || !stores) {
    return (
      <main className="app">
        <p role="alert" className="form-error">
          {t('app.noApi')}
        </p>
      </main>
    );
  }
  return <DeskScreen api={api} kioskId={kioskId} {...stores} />;
}
