// The HTTP API at /api (an absolute path, so the portal works at / and at /api/portal/ alike).
import { authHeaders, reportUnauthorized } from './auth.js';

/** A problem+json answer (RFC 9457): status, code, detail and, for validation, errors by field. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    // A bare status (401 from the authentication challenge, say) has a title but no detail: say what it means.
    super(problem?.detail || defaultMessage(status) || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
    this.code = problem?.code ?? null;
    this.errors = problem?.errors && typeof problem.errors === 'object' ? problem.errors : null;
    this.headers = headers ?? new Headers();
  }

  /** The endpoint is not there (yet): an unknown route or a method the server does not map. */
  get isMissingEndpoint() {
    return this.status === 405 || (this.status === 404 && !this.problem.detail);
  }
}

function defaultMessage(status) {
  switch (status) {
    case 0: return 'The service could not be reached. Check the connection and try again.';
    case 401: return 'Sign in to use the API.';
    case 403: return 'You do not have permission to do this.';
    case 404: return 'Not found.';
    case 405: return 'The service does not offer this yet.';
    case 503: return 'The service is unavailable for a moment; try again shortly.';
    default: return null;
  }
}

const enc = encodeURIComponent;

/** /api/hubs/{hub} or /api/hubs/{hub}/projects/{project}. */
export function scopePath({ hub, project }) {
  return `/api/hubs/${enc(hub)}` + (project ? `/projects/${enc(project)}` : '');
}

export function connectionPath(scope, alias) {
  return `${scopePath(scope)}/connections/${enc(alias)}`;
}

/** The path and query of a link the API returned (nextLink, Location), so it is called on this origin. */
export function localPath(link) {
  const url = new URL(link, window.location.origin);
  return url.pathname + url.search;
}

export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * Calls the API. Resolves { status, data, etag, location, retryAfter } for 2xx; throws ApiError otherwise
 * (and tells the sign-in listeners about a 401 first).
 */
export async function call(path, { method = 'GET', body, ifMatch, idempotencyKey, query } = {}) {
  const headers = { accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  if (ifMatch) headers['if-match'] = ifMatch;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

  let response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, null);
  }

  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data, response.headers);
    if (response.status === 401) reportUnauthorized(error.message);
    throw error;
  }
  return {
    status: response.status,
    data,
    etag: response.headers.get('etag') ?? data?.etag ?? null,
    location: response.headers.get('location'),
    retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
  };
}

function retryAfterSeconds(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** One page of a list: { items, next } where next is the local path of nextLink or null. */
export async function page(path, query) {
  const { data } = await call(path, { query });
  return { items: data?.value ?? [], next: data?.nextLink ? localPath(data.nextLink) : null };
}

/** Every page of a list (for short lists: hubs, projects, providers). */
export async function all(path) {
  const items = [];
  let next = withQuery(path, { top: 1000 });
  while (next) {
    const result = await page(next);
    items.push(...result.items);
    next = result.next;
  }
  return items;
}
