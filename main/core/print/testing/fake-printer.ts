/**
 * A raw TCP "printer" on 127.0.0.1 for tests: it records each connection's bytes, or misbehaves
 * the way real printers do (refuse, hang up mid-job, report paper out).
 */
import { createServer, type Server, type Socket } from 'node:net';

export type Behaviour = 'accept' | 'hang-up' | 'paper-out';

export interface FakePrinter {
  port: number;
  /** One buffer per finished connection. */
  jobs: Buffer[];
  close(): Promise<void>;
}

export async function fakePrinter(behaviour: Behaviour = 'accept'): Promise<FakePrinter> {
  const jobs: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      if (behaviour === 'hang-up') {
        // Takes the first bytes, then the connection drops (power cut, cable pulled).
        socket.resetAndDestroy();
        return;
      }
      if (behaviour === 'paper-out' && chunk.includes('~HS')) {
        // ~HS first string: STX aaa,b(paper out),c(pause),… ETX
        socket.write('\x02030,1,0,0812,000,0,0,0,000,0,0,0\x03\r\n');
        return;
      }
      chunks.push(chunk);
    });
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    jobs,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens: bound, noted, closed. */
export async function refusedPort(): Promise<number> {
  const p = await fakePrinter();
  await p.close();
  return p.port;
}
