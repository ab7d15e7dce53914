/**
 * The console's calls: the cloud's own API routes (the same ones the admin token drives), with the
 * session cookie the browser sends by itself and, on every call that changes something, the
 * session's CSRF token in `x-csrf-token`.
 */
import { useConsole } from './store';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown, options: { contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const csrf = useConsole.getState().session?.csrfToken;
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (options.contentType) {
      headers['content-type'] = options.contentType;
      payload = body as BodyInit;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(payload === undefined ? {} : { body: payload }) });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    if (response.status === 401 && path !== '/v1/session') useConsole.getState().signedOut();
    throw new ApiError(response.status, data?.error?.code ?? 'error', data?.error?.message ?? response.statusText);
  }
  return data as T;
}

/** An upload with progress (fetch has none for request bodies): the CSV import. */
export function upload<T>(path: string, bytes: ArrayBuffer, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'text/csv');
    const csrf = useConsole.getState().session?.csrfToken;
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      let data: { error?: { code: string; message: string } } | undefined;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, data?.error?.code ?? 'error', data?.error?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.send(bytes);
  });
}

export const eventPath = (eventId: string) => `/v1/events/${encodeURIComponent(eventId)}`;
