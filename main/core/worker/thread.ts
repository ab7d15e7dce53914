/**
 * The kiosk core in a worker_thread, for the browser host, the tests and the benches: the face's
 * event loop (HTTP, WebSocket) keeps running while the core imports 100k rows.
 *
 * Where the worker's code is: bundled, dist/cli/core-worker.js beside the bundle that holds this
 * module (scripts/build.mjs builds it); from the sources (vitest, tsx), core-worker.ts through a
 * small bootstrap that registers tsx in the new thread, since Node 20 does not apply `--import`
 * loaders to a worker's entry file.
 */
import { Worker } from 'node:worker_threads';
import { connectCore, type CoreChannel, type CoreClient, type CoreClientOptions } from './client';
import type { FromCore } from './protocol';

export interface CoreWorkerOptions extends CoreClientOptions {
  /** Another entry (a .ts file from the sources); tests use stand-ins that wrap the real core. */
  entry?: URL;
  /** Handed to the entry as workerData.extra (tests: a SharedArrayBuffer gate). */
  extra?: unknown;
}

const fromSources = import.meta.url.endsWith('.ts');

export function threadChannel(entry?: URL, extra?: unknown): CoreChannel {
  const target = entry ?? new URL(fromSources ? './core-worker.ts' : './core-worker.js', import.meta.url);
  const worker = target.pathname.endsWith('.ts')
    ? new Worker(new URL('./tsx-bootstrap.mjs', import.meta.url), { workerData: { entry: target.href, extra } })
    : new Worker(target, { workerData: { extra } });
  return {
    post: (message) => worker.postMessage(message),
    listen({ message, exit }) {
      let crash: Error | undefined;
      worker.on('message', (value: FromCore) => message(value));
      worker.on('error', (error) => {
        crash = error;
      });
      worker.on('exit', (code) => exit(crash ? `crashed (${crash.message})` : `exited with code ${code}`));
    },
    kill: () => void worker.terminate(),
  };
}

/** Opens the kiosk on `start.dataDir` in a new worker thread; rejects if it cannot be opened. */
export function openCoreWorker(options: CoreWorkerOptions): Promise<CoreClient> {
  return connectCore(() => threadChannel(options.entry, options.extra), options);
}
