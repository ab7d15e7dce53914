/**
 * Test support: a WebSocket handshake by hand on a raw TCP socket, so a test can then send frames no
 * client library would (unmasked, oversized), and a wait for the host to close that socket.
 */
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';

export async function rawWebSocket(origin: string, key: string): Promise<Socket> {
  const port = Number(new URL(origin).port);
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  socket.write(
    `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${key}\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', function onData(chunk: Buffer) {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text);
      }
    });
  });
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  socket.resume();
  return socket;
}

export const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
