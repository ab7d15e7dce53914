/**
 * Main's side of the kiosk core's utility process, in the manner of Actual Budget's desktop app
 * (packages/desktop-electron), which forks its server with `utilityProcess.fork`: main keeps the
 * window and IPC responsive while the core imports, exports or applies a sync page.
 *
 * What stays in main: the window, the IPC bridge, and OS printing, because `webContents.print`
 * exists only in main. The core sends each OS print job here ({osPrint}); main prints it with
 * electronOsPrinting (os-print.ts) and answers ({osPrintReply}). Everything else is in the core.
 */
import { utilityProcess } from 'electron';
import { connectCore, type CoreChannel, type CoreClient, type CoreClientOptions } from '../core/worker/client';
import type { FromCore, ToCore } from '../core/worker/protocol';

export interface CoreProcessOptions extends CoreClientOptions {
  /** dist/electron/core-process.cjs, beside the main bundle. */
  entry: string;
}

export function utilityChannel(entry: string): CoreChannel {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Arrivals kiosk core', stdio: 'inherit' });
  // Held until the process has spawned, so no message can go to a process that is not there yet.
  let queue: ToCore[] | undefined = [];
  child.once('spawn', () => {
    for (const message of queue ?? []) child.postMessage(message);
    queue = undefined;
  });
  return {
    post(message) {
      if (queue) queue.push(structuredClone(message));
      else child.postMessage(message);
    },
    listen({ message, exit }) {
      let fatal: string | undefined;
      child.on('message', (value: FromCore) => message(value));
      // A V8 fatal error (out of memory…): 'exit' follows.
      child.on('error', (type, location) => {
        fatal = `${type} at ${location}`;
      });
      child.on('exit', (code) => exit(fatal ? `crashed (${fatal})` : `exited with code ${code}`));
    },
    kill: () => void child.kill(),
  };
}

/** Opens the kiosk in a new utility process; rejects with the reason it could not be opened. */
export function openCoreProcess(options: CoreProcessOptions): Promise<CoreClient> {
  return connectCore(() => utilityChannel(options.entry), options);
}
