// Pieces every page uses: its header, a loading line, an error panel, names for fields and scopes.
import { h } from '../dom.js';

export function pageHeader(title, subtitle, ...actions) {
  return h('div', { class: 'page-header' },
    h('div', { class: 'page-title' },
      h('h1', { tabindex: '-1' }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export const loading = (what = 'Loading…') => h('p', { class: 'loading', role: 'status' }, what);

/** A panel saying what went wrong, in the API's words. */
export function errorPanel(error, { title = 'Something went wrong', retry } = {}) {
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', { class: 'notice-title' }, title),
    h('p', {}, messageOf(error)),
    explanationOf(error) ? h('p', {}, explanationOf(error)) : null,
    error?.status === 401 ? h('p', {}, 'Sign in with an API key or an access token to continue.') : null,
    retry ? h('button', { type: 'button', onclick: retry }, 'Try again') : null);
}

export function notice(tone, title, ...body) {
  return h('div', { class: `notice notice-${tone}`, role: tone === 'error' ? 'alert' : null },
    title ? h('p', { class: 'notice-title' }, title) : null, body);
}

export function messageOf(error) {
  if (!error) return '';
  if (error.status === 403) return error.problem?.detail || 'You do not have permission to do this.';
  return error.message || String(error);
}

export function scopeLabel({ hub, project }) {
  return project ? `Project ${project} in hub ${hub}` : `Hub ${hub}`;
}

const WORDS = { id: 'ID', api: 'API', sas: 'SAS', url: 'URL', uri: 'URI', sql: 'SQL', ai: 'AI' };

/** "clientSecret" -> "Client secret", "tenantId" -> "Tenant ID". */
export function humanize(name) {
  const words = String(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/).filter(Boolean);
  return words.map((word, i) => {
    const lower = word.toLowerCase();
    if (WORDS[lower]) return WORDS[lower];
    return i === 0 ? lower[0].toUpperCase() + lower.slice(1) : lower;
  }).join(' ');
}

const AUTH_TYPES = {
  ApiKey: 'API key', ManagedIdentity: 'Managed identity', ServicePrincipal: 'Service principal',
  SasToken: 'SAS token', AccountKey: 'Account key', CustomKeys: 'Custom keys', None: 'None',
};
export const authTypeLabel = (value) => AUTH_TYPES[value] ?? value;

export function providerLabel(providers, id) {
  return providers?.find((p) => p.id === id)?.displayName ?? id;
}

/** A random Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the Key Vault rules mean, for the codes the API refuses with. */
const EXPLANATIONS = {
  KeyVaultMustBeFirst: 'A Key Vault connection must be the hub\u2019s first connection: delete the other connections first (in the hub and in its projects), then connect the vault.',
  KeyVaultMustBeLast: 'The Key Vault connection must be the hub\u2019s last connection: delete the other connections first (in the hub and in its projects), then disconnect the vault.',
  KeyVaultAlreadyConnected: 'This hub already has a Key Vault connection, and a hub has at most one. To switch vaults, disconnect the current one and connect the new one (secrets are not migrated).',
  KeyVaultSetupInProgress: 'The hub\u2019s Key Vault connection is still being set up. Wait until it is Active, then try again.',
  HubDeleting: 'The hub is being deleted; nothing in it can be changed any more.',
  ConnectionDisabled: 'The connection is disabled. Enable it first.',
};

export const explanationOf = (error) => (error?.code ? EXPLANATIONS[error.code] ?? null : null);
