// The caller's credential: an API key or an Entra ID access token, kept in this tab's sessionStorage only
// (never localStorage, never a URL, never logged), and forgotten when the tab closes or on sign-out.

const STORAGE_KEY = 'switchboard.signIn';
const listeners = new Set();

/** { kind: 'apiKey' | 'token', value } or null. */
export function currentSignIn() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && (stored.kind === 'apiKey' || stored.kind === 'token') && stored.value ? stored : null;
  } catch {
    return null;
  }
}

export function signIn(kind, value) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, value: value.trim() }));
}

export function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function authHeaders() {
  const current = currentSignIn();
  if (!current) return {};
  return current.kind === 'token' ? { authorization: `Bearer ${current.value}` } : { 'x-api-key': current.value };
}

export function describeSignIn() {
  const current = currentSignIn();
  if (!current) return 'Not signed in';
  return current.kind === 'token' ? 'Signed in with an Entra ID token' : 'Signed in with an API key';
}

/** Called with the API's message whenever a request is answered 401. */
export function onUnauthorized(listener) {
  listeners.add(listener);
}

export function reportUnauthorized(message) {
  for (const listener of listeners) listener(message);
}
