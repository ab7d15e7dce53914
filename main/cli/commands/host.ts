/** `arrivals host`: serve the kiosk UI and the API to a browser on this machine. */
import { intFlag, stringFlag } from '../args';
import type { Command } from '../command';

export const hostCommand: Command = {
  name: 'host',
  usage: 'arrivals host --data DIR [--port N] [--bind ADDR] [--json]',
  summary: 'Serve the kiosk in a browser at http://127.0.0.1:PORT (the browser face)',
  flags: { port: 'string', bind: 'string' },
  async run(args, io) {
    const kiosk = io.kiosk('host');
    const { startHost } = await import('../../host/server');
    const host = await startHost({
      kiosk,
      port: intFlag(args, 'port', { min: 0, max: 65535 }) ?? 5780,
      bind: stringFlag(args, 'bind') ?? '127.0.0.1',
    });
    if (io.json) io.printJson({ url: host.url, dataDir: kiosk.context.dataDir, kioskId: kiosk.context.identity.kioskId });
    else io.out(`Arrivals kiosk is serving at ${host.url} (data: ${kiosk.context.dataDir}); press Ctrl+C to stop.`);
    await waitForSignal();
    await host.close();
  },
};

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
