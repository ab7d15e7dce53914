// What the kiosk page has, as seen from specs' page.evaluate callbacks.
import type { ArrivalsApi } from '../common/api-client';

declare global {
  interface Window {
    arrivals?: ArrivalsApi;
  }
}
