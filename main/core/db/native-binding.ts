/**
 * Which compiled better-sqlite3 addon to load. Node (CLI, host, tests) uses the one npm built in
 * node_modules. An unpackaged Electron app needs one built for Electron's ABI instead: `npm run
 * electron:fetch` builds it into .electron-native/, and the Electron shell points here at it.
 * (Packaged apps need nothing: electron-builder rebuilds node_modules for Electron.)
 */
let nativeBinding: string | undefined;

export function useSqliteNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function sqliteOptions(): { nativeBinding?: string } {
  return nativeBinding ? { nativeBinding } : {};
}

/** An ABI mismatch otherwise surfaces as an opaque NODE_MODULE_VERSION error deep in a stack. */
export function explainSqliteLoadError(message: string): string {
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)
    ? `better-sqlite3 is built for another runtime (${message.split('\n')[0]}); under Electron run "npm run electron:fetch"`
    : message;
}
