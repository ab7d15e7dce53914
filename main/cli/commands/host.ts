/**
 * `arrivals host`: serve the kiosk UI and the API to a browser on this machine. The kiosk core
 * runs in a worker thread (main/core/worker/), so a 100k-row import or a big export never stalls
 * the HTTP and WebSocket server; every other command runs the core in-process.
 */
import { intFlag, stringFlag } from '../args';
import type { Command } from '../command';

export const hostCommand: Command = {
  name: 'host',
  usage: 'arrivals host --data DIR [--port N] [--bind ADDR] [--json]',
  summary: 'Serve the kiosk in a browser at the printed http://127.0.0.1:PORT/?key=… URL (the browser face)',
  flags: { port: 'string', bind: 'string' },
  async run(args, io) {
    const port = intFlag(args, 'port', { min: 0, max: 65535 }) ?? 5780;
    const bind = stringFlag(args, 'bind') ?? '127.0.0.1';
    // Loaded only for this command: the other commands start without ws or the worker's code.
    const [{ openCoreWorker }, { startHost }] = await Promise.all([import('../../core/worker/thread'), import('../../host/server')]);
    const core = await openCoreWorker({
      start: { dataDir: io.dataDir(), face: 'host' },
      // A crashed core is restarted and the pages get `unavailable` for the calls it dropped;
      // whoever runs the host reads why here.
      onCoreExit: (report) => io.err(`arrivals host: ${report.message}`),
    });
    try {
      const host = await startHost({ kiosk: core, port, bind });
      // The URL carries this run's key: it is what a browser must open (the host swaps it for a cookie).
      if (io.json) io.printJson({ url: host.openUrl, origin: host.url, dataDir: core.identity.dataDir, kioskId: core.identity.kioskId });
      else io.out(`Arrivals kiosk is serving at ${host.openUrl} (data: ${core.identity.dataDir}); open that URL, it carries this run's key. Press Ctrl+C to stop.`);
      await waitForSignal();
      await host.close();
    } finally {
      await core.close();
    }
  },
};

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
