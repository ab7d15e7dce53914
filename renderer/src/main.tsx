// First: builds window.arrivals from the face's transport before any component can call it.
import { installedApi } from './arrivals';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n/index';
import './styles.css';

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={installedApi} />
  </StrictMode>,
);
