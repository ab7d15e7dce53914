import { describe, expect, it } from 'vitest';
import type { ArrivalsApi } from '../../../../common/api-client';
import { createGuestStore } from './self-service-store';

const guest = { code: 'C-1', firstName: 'Ana', lastName: 'Lima', company: 'Lima Labs', ticketType: 'General' };
const job = { id: 'job-1', code: 'C-1', name: 'Ana Lima', printer: 'pdf-folder', template: 'badge-4x3', reason: 'auto', source: 'self_service', state: 'queued', attempts: 0, maxAttempts: 3, error: null, notes: [], createdAt: '', updatedAt: '', finishedAt: null };

function stand(overrides: Record<string, unknown> = {}) {
  const listeners: Array<(e: unknown) => void> = [];
  const api = {
    selfService: {
      welcome: async () => ({ mode: 'self-service', eventName: 'Summit', color: '#123456' }),
      lookup: async ({ code }: { code: string }) => (code === 'C-1' ? { outcome: 'ready', guest, verdict: 'admitted', reprintAllowed: false } : { outcome: 'refused', guest: null, verdict: 'cancelled', reprintAllowed: false }),
      find: async () => ({ outcome: 'refused', guest: null, verdict: 'unknown', reprintAllowed: false }),
      confirm: async () => ({ checkinId: 'ck-1', verdict: 'admitted', job, seeDesk: false }),
      preview: async ({ qrLabel }: { qrLabel: string }) => ({ svg: `<svg data-masked="qr">${qrLabel}</svg>`, template: 'badge-4x3', widthMm: 1, heightMm: 1, sample: false, notes: [] }),
      ...overrides,
    },
    // The guest's screen never asks for the unmasked preview.
    print: { preview: async () => Promise.reject(new Error('print.preview shows the real QR')) },
    on: (_: string, listener: (e: unknown) => void) => (listeners.push(listener), () => undefined),
  } as unknown as ArrivalsApi;
  return { api, emit: (e: unknown) => listeners.forEach((l) => l(e)) };
}

describe('self-service store', () => {
  it('scan → confirm with preview → printing → done from printer.status; reset forgets the guest', async () => {
    const { api, emit } = stand();
    let t = 0;
    const store = createGuestStore({ api, now: () => (t += 5000) });
    store.getState().listen();
    await store.getState().scan('C-1');
    expect(store.getState()).toMatchObject({ step: 'confirm', guest, preview: expect.stringMatching(/^data:image\/svg\+xml/) });
    expect(decodeURIComponent(store.getState().preview!)).toContain('data-masked="qr">QR code printed on your badge<');
    await store.getState().confirm();
    expect(store.getState()).toMatchObject({ step: 'printing', progress: 'queued', checkedIn: true });
    emit({ jobId: 'job-1', printer: 'x', state: 'printing' });
    expect(store.getState().progress).toBe('printing');
    emit({ jobId: 'other', printer: 'x', state: 'done' });
    expect(store.getState().step).toBe('printing');
    emit({ jobId: 'job-1', printer: 'x', state: 'done' });
    expect(store.getState().step).toBe('done');
    store.getState().reset();
    expect(store.getState()).toMatchObject({ step: 'attract', guest: null, preview: null, job: null });
  });

  it('a done event that arrives before confirm answers still ends the printing', async () => {
    let emitLater: (e: unknown) => void = () => undefined;
    const { api, emit } = stand({
      confirm: async () => {
        emitLater({ jobId: 'job-1', printer: 'x', state: 'done' });
        return { checkinId: 'ck-1', verdict: 'admitted', job, seeDesk: false };
      },
    });
    emitLater = emit;
    const store = createGuestStore({ api });
    store.getState().listen();
    await store.getState().scan('C-1');
    await store.getState().confirm();
    expect(store.getState().step).toBe('done');
  });

  it('a failed attempt shows the printer error; a refused code shows an error and no guest; Find me without one match stays on the form', async () => {
    const { api, emit } = stand();
    let t = 0;
    const store = createGuestStore({ api, now: () => (t += 5000) });
    store.getState().listen();
    await store.getState().scan('C-1');
    await store.getState().confirm();
    emit({ jobId: 'job-1', printer: 'x', state: 'queued', reason: 'printer offline; retrying in 2 s' });
    expect(store.getState()).toMatchObject({ step: 'error', error: 'printer' });
    emit({ jobId: 'job-1', printer: 'x', state: 'done' });
    expect(store.getState().step).toBe('done');
    await store.getState().scan('C-GONE');
    expect(store.getState()).toMatchObject({ step: 'error', error: 'cancelled', guest: null });
    store.getState().startFind();
    await store.getState().find({ lastName: 'Twin', emailStart: 'kim' });
    expect(store.getState()).toMatchObject({ step: 'find', notFound: true, guest: null });
  });
});
