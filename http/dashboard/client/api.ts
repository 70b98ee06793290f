// Talking to the server: every request carries the bearer token kept in this tab, goes to this server only and
// is never cached; an answer that is not 2xx becomes an ApiError carrying its status.

const TOKEN_KEY = 'passend.dashboard.token';

/** A failed request: `status` is the HTTP status (401 when no token was given). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The token this tab signed in with, if any. */
export function storedToken(): string | null {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps `token` for this tab only. */
export function storeToken(token: string): void {
  window.sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the token. */
export function forgetToken(): void {
  window.sessionStorage.removeItem(TOKEN_KEY);
}

/** The JSON answer of `GET path` on this server, as `T` (the server's schemas define it). */
export async function getJson<T>(path: string): Promise<T> {
  const token = storedToken();
  if (token === null) throw new ApiError('sign in first', 401);
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  });
  const body = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!response.ok)
    throw new ApiError(body.message ?? body.error ?? `HTTP ${response.status}`, response.status);
  return body as T;
}

/** `error` as an ApiError (a network failure has status 0). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(error instanceof Error ? error.message : String(error), 0);
}
