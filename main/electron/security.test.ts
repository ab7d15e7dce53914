// The shell's security decisions, tested without an Electron binary: security.ts only imports
// Electron's types, so fake sessions and web contents record what the handlers decide.
import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { appOrigin, isAppUrl } from './app-protocol';
import { hardenSession, hardenWebContents } from './security';

type PermissionRequest = (contents: WebContents, permission: string, callback: (granted: boolean) => void, details: object) => void;
type PermissionCheck = (contents: WebContents | null, permission: string, origin: string) => boolean;

function fakeSession() {
  const handlers: { request?: PermissionRequest; check?: PermissionCheck } = {};
  const session = {
    setPermissionRequestHandler: (handler: PermissionRequest) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: PermissionCheck) => (handlers.check = handler),
  } as unknown as Session;
  hardenSession(session);
  const ask = (pageUrl: string, permission: string, details: object) =>
    new Promise<boolean>((resolve) => handlers.request!({ getURL: () => pageUrl } as WebContents, permission, resolve, details));
  return { ask, check: handlers.check! };
}

describe('permissions', () => {
  const ourPage = `${appOrigin}/index.html`;

  it('grants the camera to our own page only', async () => {
    const { ask } = fakeSession();
    expect(await ask(ourPage, 'media', { mediaTypes: ['video'], requestingUrl: ourPage })).toBe(true);
    expect(await ask('https://evil.example/', 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(await ask(ourPage, 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('refuses the microphone and every other permission, even to our page', async () => {
    const { ask, check } = fakeSession();
    expect(await ask(ourPage, 'media', { mediaTypes: ['video', 'audio'], requestingUrl: ourPage })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi']) {
      expect(await ask(ourPage, permission, { requestingUrl: ourPage })).toBe(false);
      expect(check(null, permission, appOrigin)).toBe(false);
    }
    expect(check(null, 'media', appOrigin)).toBe(true);
    expect(check(null, 'media', 'https://evil.example')).toBe(false);
  });
});

describe('navigation', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(name, listener),
    } as unknown as WebContents;
    hardenWebContents(contents);
    const blocked = (name: string, url?: string) => {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { blocked, open: () => openHandler!() };
  }

  it('keeps the window on our page and opens no new windows or webviews', () => {
    const { blocked, open } = fakeContents();
    expect(blocked('will-navigate', 'https://evil.example/')).toBe(true);
    expect(blocked('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(blocked('will-navigate', `${appOrigin}/index.html`)).toBe(false);
    expect(blocked('will-redirect', 'https://evil.example/')).toBe(true);
    expect(blocked('will-attach-webview')).toBe(true);
    expect(open()).toEqual({ action: 'deny' });
  });

  it('recognises our origin exactly, not look-alikes', () => {
    expect(isAppUrl('app://arrivals/index.html')).toBe(true);
    expect(isAppUrl('app://arrivals.evil/index.html')).toBe(false);
    expect(isAppUrl('app://evil/arrivals')).toBe(false);
    expect(isAppUrl('app://evil@arrivals/index.html')).toBe(false);
    expect(isAppUrl('https://arrivals/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
