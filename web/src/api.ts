// The one way the browser talks to the Careloop API: JSON in and out, the session's CSRF token on
// every state-changing request, and the API's error shape turned into an ApiError.

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** Per-field problems of a validation error, with the "body." prefix dropped. */
  get fields(): FieldProblem[] {
    const details = this.details as { fields?: FieldProblem[] } | null | undefined;
    return (details?.fields ?? []).map((f) => ({ field: f.field.replace(/^(body|querystring)\./, ''), message: f.message }));
  }
}

let csrfToken: string | null = null;
let sessionExpiredHandler: ((message: string) => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request that needed a session got 401: the session ended elsewhere or timed out. */
export function onSessionExpired(handler: ((message: string) => void) | null) {
  sessionExpiredHandler = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** A body sent as is (a CSV file), with its content type. */
  raw?: { body: BodyInit; contentType: string };
  /** Don't treat a 401 as an expired session (the sign-in form and the first session check). */
  anonymous?: boolean;
  /** Extra headers, e.g. If-Match with the version an edit started from. */
  headers?: Record<string, string>;
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    payload = options.raw.body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Careloop cannot be reached. Check the network connection and try again.', null);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const failure = new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    error?.details ?? null,
  );
  if (response.status === 401 && !options.anonymous) sessionExpiredHandler?.(failure.message);
  throw failure;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, body, { headers }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
