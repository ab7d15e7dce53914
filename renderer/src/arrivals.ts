/**
 * The renderer's only way to the kiosk: `window.arrivals`. Each face's bridge (the Electron
 * preload, the browser host's client) exposes only a raw transport, `window.arrivalsTransport`;
 * this module builds the typed API from it, once, before the app starts (main.tsx imports it
 * first), so a refused call throws the same ArrivalsError with `code` and `details` on both faces.
 * The app hands the API to its stores; nothing else reads `window`.
 */
import { installArrivalsApi, type ArrivalsApi, type Transport } from '../../common/api-client';

declare global {
  interface Window {
    arrivalsTransport?: Transport;
    arrivals?: ArrivalsApi;
  }
}

/** undefined when the page was not opened through a face (no transport). */
export const installedApi: ArrivalsApi | undefined = installArrivalsApi(window);
