/**
 * The Electron shell, kept thin: it starts the kiosk core in a utility process (core-utility.ts;
 * the core has no Electron import), bridges the contract over IPC, and hardens the one window.
 * Data directory: --data DIR, else $ARRIVALS_DATA, else the app's userData folder. --kiosk (or
 * ARRIVALS_KIOSK=1) goes fullscreen.
 */
import { app, BrowserWindow, dialog, protocol, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bridgeContract } from './ipc-bridge';
import { openCoreProcess } from './core-utility';
import { electronTokenSealer } from './token-sealer';
import { electronOsPrinting } from './os-print';
import { appOrigin, registerAppProtocol, registerAppScheme } from './app-protocol';
import { hardenSession, hardenWebContents } from './security';

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // Two kiosk windows on one replica would race for the same printer and scanner.
  app.quit();
} else {
  app.enableSandbox();
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    // Unpackaged, node_modules' better-sqlite3 is built for Node; use the Electron build if made.
    const electronSqlite = join(__dirname, '..', '..', '.electron-native', 'better_sqlite3.node');
    const sqliteBinding = !app.isPackaged && existsSync(electronSqlite) ? electronSqlite : undefined;
    const dataDir = argValue('data') ?? process.env.ARRIVALS_DATA ?? join(app.getPath('userData'), 'data');
    // OS printers print badges silently by device name (webContents.print), each in a hidden window
    // that only lays out the badge page: no script, no preload, sandboxed.
    const osPrinting = electronOsPrinting(
      () =>
        // eng-disable AUXCLICK_JS_CHECK -- as for the kiosk window below; this one is never shown and runs no script
        new BrowserWindow({
          show: false,
          webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, spellcheck: false },
        }),
    );
    const kiosk = await openCoreProcess({
      entry: join(__dirname, 'core-process.cjs'),
      start: { dataDir, face: 'electron', sqliteBinding },
      osPrinting,
      // The sync engine runs in the core; its device token is sealed here, with the OS keychain.
      tokenSealer: electronTokenSealer(safeStorage),
      onCoreExit: (report) => console.error(`arrivals: ${report.message}`),
    }).catch((error: Error) => {
      dialog.showErrorBox('Arrivals cannot open its data', error.message);
      app.quit();
    });
    if (!kiosk) return;
    // The core closes its replica before the app ends.
    let coreClosed = false;
    app.on('before-quit', (event) => {
      if (coreClosed) return;
      event.preventDefault();
      void kiosk.close().finally(() => {
        coreClosed = true;
        app.quit();
      });
    });

    registerAppProtocol(protocol, join(__dirname, '..', 'renderer'));
    hardenSession(session.defaultSession);

    // eng-disable AUXCLICK_JS_CHECK -- 'Auxclick' is no longer a Blink feature, so disableBlinkFeatures would be a no-op (electron/electron#10315); a middle-click open goes through setWindowOpenHandler, which security.ts denies for every webContents
    window = new BrowserWindow({
      width: 1280,
      height: 800,
      show: false,
      kiosk: process.argv.includes('--kiosk') || process.env.ARRIVALS_KIOSK === '1',
      backgroundColor: '#f6f6f4',
      webPreferences: {
        // eng-disable PRELOAD_JS_CHECK -- reviewed: sandboxed, context-isolated, exposes only window.arrivalsTransport (call → envelope for contract methods, subscribe; no raw ipcRenderer); main checks the sender frame
        preload: join(__dirname, '..', 'preload', 'electron.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    bridgeContract(kiosk, window);
    const target = window;
    target.once('ready-to-show', () => target.show());
    target.webContents.on('render-process-gone', () => {
      // A kiosk nobody attends must recover from a renderer crash by itself.
      if (!target.isDestroyed()) target.webContents.reload();
    });
    void target.loadURL(`${appOrigin}/index.html`);
  });
}
