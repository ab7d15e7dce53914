import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faults, seededRandom, startFaultProxy, type Fault, type FaultProxy } from './fault-proxy';

/** An upstream that counts what it commits and answers with a JSON body, or an event stream. */
let upstream: http.Server;
let upstreamUrl: string;
let committed: string[];

beforeEach(async () => {
  committed = [];
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        return;
      }
      committed.push(body);
      const payload = JSON.stringify({ ok: true, echo: body, padding: 'x'.repeat(2000) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function post(url: string, body: string): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const response = await fetch(`${url}/ingest`, { method: 'POST', body, headers: { 'content-type': 'text/plain', connection: 'close' } });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { error: String(error) };
  }
}

async function only(fault: Fault): Promise<FaultProxy> {
  proxy = await startFaultProxy({ target: upstreamUrl, rates: { [fault]: 1 }, delayMs: 30 });
  return proxy;
}

describe('the fault proxy', () => {
  it('passes requests through untouched when no fault is set', async () => {
    proxy = await startFaultProxy({ target: upstreamUrl });
    const reply = await post(proxy.url, 'hello');
    expect(reply).toMatchObject({ status: 200 });
    expect(JSON.parse((reply as { text: string }).text).echo).toBe('hello');
    expect(committed).toEqual(['hello']);
    expect(proxy.counts().clean).toBe(1);
  });

  it('drops the connection before the cloud sees the request', async () => {
    const p = await only('drop');
    expect(await post(p.url, 'a')).toHaveProperty('error');
    expect(committed).toEqual([]);
  });

  it('answers 502 and 503 (with Retry-After) without forwarding', async () => {
    let p = await only('bad_gateway');
    expect(await post(p.url, 'a')).toMatchObject({ status: 502 });
    await p.close();
    p = proxy = await only('unavailable');
    const response = await fetch(`${p.url}/ingest`, { method: 'POST', body: 'a' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(committed).toEqual([]);
  });

  it('lets the cloud commit, then drops the answer', async () => {
    const p = await only('drop_after_commit');
    expect(await post(p.url, 'b')).toHaveProperty('error');
    expect(committed).toEqual(['b']);
  });

  it('sends the request twice (a replay) and answers once', async () => {
    const p = await only('replay');
    expect(await post(p.url, 'c')).toMatchObject({ status: 200 });
    expect(committed).toEqual(['c', 'c']);
  });

  it('resets mid-response: the client gets an error, not a short body', async () => {
    const p = await only('reset');
    expect(await post(p.url, 'd')).toHaveProperty('error');
    expect(committed).toEqual(['d']);
  });

  it('truncates a body: the answer ends early and no longer parses', async () => {
    const p = await only('truncate');
    const reply = await post(p.url, 'e');
    expect(reply).toMatchObject({ status: 200 });
    expect(() => JSON.parse((reply as { text: string }).text)).toThrow();
  });

  it('delays a request and then forwards it', async () => {
    const p = await only('delay');
    expect(await post(p.url, 'f')).toMatchObject({ status: 200 });
    expect(p.counts().delay).toBe(1);
  });

  it('cuts the network on a partition, streams included, and restores it', async () => {
    proxy = await startFaultProxy({ target: upstreamUrl });
    const controller = new AbortController();
    const stream = await fetch(`${proxy.url}/stream`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: one');
    proxy.partition(true);
    await expect(reader.read()).rejects.toThrow();
    expect(await post(proxy.url, 'g')).toHaveProperty('error');
    expect(proxy.counts().partitioned).toBeGreaterThan(0);
    proxy.partition(false);
    expect(await post(proxy.url, 'h')).toMatchObject({ status: 200 });
    expect(committed).toEqual(['h']);
  });

  it('injects chosen faults on the next requests, in order, before random ones', async () => {
    proxy = await startFaultProxy({ target: upstreamUrl });
    proxy.inject(['bad_gateway', 'unavailable']);
    expect(await post(proxy.url, 'i')).toMatchObject({ status: 502 });
    expect(await post(proxy.url, 'j')).toMatchObject({ status: 503 });
    expect(await post(proxy.url, 'k')).toMatchObject({ status: 200 });
    expect(committed).toEqual(['k']);
  });

  it('picks faults reproducibly from its seed, in about the rates asked', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const rolls = Array.from({ length: 1000 }, () => a());
    expect(rolls).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(rolls.filter((r) => r < 0.25).length).toBeGreaterThan(200);
    expect(rolls.filter((r) => r < 0.25).length).toBeLessThan(300);
    expect(faults).toHaveLength(8);
  });
});
