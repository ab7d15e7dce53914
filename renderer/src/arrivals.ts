/**
 * The renderer's only way to the kiosk: `window.arrivals`, put there by the Electron preload or
 * the browser host's client before this code runs. The type comes from the contract.
 */
import type { ArrivalsApi } from '../../common/api-client';

declare global {
  interface Window {
    arrivals?: ArrivalsApi;
  }
}

export function arrivals(): ArrivalsApi {
  if (!window.arrivals) throw new Error('This page must be opened through the Arrivals app or its browser host.');
  return window.arrivals;
}
