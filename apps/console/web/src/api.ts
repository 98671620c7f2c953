/** The console API as the pages use it: JSON in and out, the CSRF token on every change. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let onUnauthorized: () => void = () => undefined;

export const setCsrfToken = (token: string | undefined) => (csrfToken = token);
export const whenLoggedOut = (handler: () => void) => (onUnauthorized = handler);

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') onUnauthorized();
    const text = (value: unknown, otherwise: string) => (typeof value === 'string' ? value : otherwise);
    throw new ApiError(response.status, text(data.error, String(response.status)), text(data.message, response.statusText), data);
  }
  return data as T;
}

export const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return search.size ? `?${search}` : '';
};
