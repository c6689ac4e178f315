// The connections of a hub or a project: a filterable, paged table (stacked cards on a phone).
import { page, scopePath } from '../api.js';
import { badge, clear, h, time, uid } from '../dom.js';
import { href } from '../router.js';
import { announce } from '../status.js';
import { errorPanel, loading, pageHeader, providerLabel, scopeLabel } from './common.js';
import { keyVaultSummary } from './keyvault.js';

const PAGE_SIZES = [25, 50, 100];
// Filters live as long as the tab, per scope, so coming back from a connection keeps them.
const filtersByScope = new Map();

const CREDENTIAL_HELP = {
  Valid: 'The credentials have not expired.',
  ExpiringSoon: 'The credentials expire within the notice period.',
  Expired: 'The credentials have expired.',
  Unknown: 'No expiry date is known for these credentials.',
};

export async function renderConnections(view, { scope, providers: loadProviders }) {
  const key = scopePath(scope);
  const filters = filtersByScope.get(key) ?? { text: '', provider: '', status: '', credentialStatus: '', top: 25 };
  filtersByScope.set(key, filters);
  const providers = await loadProviders();

  const newLink = h('a', { class: 'button primary', href: href({ ...scope, mode: 'new' }) }, h('span', { 'aria-hidden': 'true' }, '+ '), 'New connection');
  view.append(pageHeader('Connections', scopeLabel(scope), newLink));
  if (!scope.project) view.append(keyVaultSummary(scope.hub));

  const results = h('div', { class: 'results' }, loading('Loading connections…'));
  const count = h('p', { class: 'result-count', 'aria-live': 'polite' });
  view.append(filterBar(filters, providers, {
    onServerChange: () => load(true),
    onTextChange: () => show(),
  }), count, results);

  let items = [];
  let next = null;
  let loads = 0;

  async function load(reset) {
    const button = results.querySelector('.load-more');
    if (button) button.disabled = true;
    // Filters can change faster than the API answers: only the latest request's answer is shown.
    const current = ++loads;
    try {
      const result = reset
        ? await page(`${key}/connections`, {
          provider: filters.provider, status: filters.status, credentialStatus: filters.credentialStatus, top: filters.top,
        })
        : await page(next);
      if (current !== loads) return;
      items = reset ? result.items : [...items, ...result.items];
      next = result.next;
      show();
      if (!reset) announce(`${result.items.length} more connections loaded.`);
    } catch (error) {
      if (current !== loads) return;
      clear(results).append(errorPanel(error, { title: 'The connections could not be loaded', retry: () => load(true) }));
    }
  }

  function show() {
    const text = filters.text.trim().toLowerCase();
    const shown = text ? items.filter((c) => c.alias.toLowerCase().includes(text) || (c.name ?? '').toLowerCase().includes(text)) : items;
    count.textContent = text
      ? `${shown.length} of ${items.length} loaded connections match “${filters.text.trim()}”.`
      : `${items.length} connection${items.length === 1 ? '' : 's'}${next ? ' loaded, more available' : ''}.`;
    clear(results);
    if (items.length === 0) {
      const filtered = filters.provider || filters.status || filters.credentialStatus;
      results.append(h('div', { class: 'empty' },
        h('p', { class: 'empty-title' }, filtered ? 'No connections match these filters.' : 'No connections yet.'),
        filtered ? null : h('p', {}, scope.project
          ? 'Connections created here are visible to this project only; hub connections shared with it appear here too.'
          : 'Connections keep the endpoints, settings and credentials of the services your projects use.'),
        filtered ? null : h('a', { class: 'button primary', href: href({ ...scope, mode: 'new' }) }, 'Create the first connection')));
      return;
    }
    results.append(table(shown, scope, providers));
    if (next) {
      results.append(h('div', { class: 'pager' },
        h('button', { type: 'button', class: 'load-more', onclick: () => load(false) }, 'Load more'),
        pageSize(filters, () => load(true))));
    } else if (items.length > PAGE_SIZES[0]) {
      results.append(h('div', { class: 'pager' }, pageSize(filters, () => load(true))));
    }
  }

  await load(true);
}

function filterBar(filters, providers, { onServerChange, onTextChange }) {
  const select = (label, name, options) => {
    const id = uid('filter');
    const element = h('select', { id, name, value: filters[name] },
      options.map(([value, text]) => h('option', { value }, text)));
    element.addEventListener('change', () => {
      filters[name] = element.value;
      onServerChange();
    });
    return h('div', { class: 'filter' }, h('label', { for: id }, label), element);
  };
  const searchId = uid('filter');
  const search = h('input', { id: searchId, type: 'search', value: filters.text, placeholder: 'Alias or name', autocomplete: 'off' });
  search.addEventListener('input', () => {
    filters.text = search.value;
    onTextChange();
  });
  return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter connections', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'filter filter-text' }, h('label', { for: searchId }, 'Filter by alias or name'), search),
    select('Provider', 'provider', [['', 'All providers'], ...providers.map((p) => [p.id, p.displayName])]),
    select('Status', 'status', [['', 'Any status'], ['Active', 'Active'], ['Disabled', 'Disabled']]),
    select('Credentials', 'credentialStatus', [['', 'Any'], ['Valid', 'Valid'], ['ExpiringSoon', 'Expiring soon'],
      ['Expired', 'Expired'], ['Unknown', 'Unknown']]));
}

function pageSize(filters, onChange) {
  const id = uid('page-size');
  const element = h('select', { id, value: String(filters.top) }, PAGE_SIZES.map((n) => h('option', { value: String(n) }, String(n))));
  element.addEventListener('change', () => {
    filters.top = Number(element.value);
    onChange();
  });
  return h('div', { class: 'page-size' }, h('label', { for: id }, 'Per page'), element);
}

function table(connections, scope, providers) {
  const headers = ['Name', 'Provider', 'Target', 'Scope', 'Status', 'Credentials', 'Expires'];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table connections-table' },
    h('caption', { class: 'visually-hidden' }, `Connections of ${scopeLabel(scope).toLowerCase()}`),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, connections.map((c) => h('tr', { dataset: { alias: c.alias } },
      h('th', { scope: 'row', class: 'cell-name' },
        h('a', { href: href({ ...scope, alias: c.alias }) }, c.name || c.alias),
        c.name && c.name !== c.alias ? h('span', { class: 'alias' }, c.alias) : null),
      h('td', { 'data-label': 'Provider' }, providerLabel(providers, c.provider)),
      h('td', { 'data-label': 'Target', class: 'cell-target' }, h('span', { title: c.target }, c.target)),
      h('td', { 'data-label': 'Scope' }, scopeCell(c, scope)),
      h('td', { 'data-label': 'Status' }, badge(c.status)),
      h('td', { 'data-label': 'Credentials' }, badge(c.credentialStatus, { title: CREDENTIAL_HELP[c.credentialStatus] })),
      h('td', { 'data-label': 'Expires', class: 'cell-date' }, time(c.expiresAt, { dateOnly: true })))))));
}

function scopeCell(connection, scope) {
  if (connection.scope === 'project') return 'Project';
  if (scope.project) return h('span', { title: 'A hub connection shared with this project' }, 'Hub (shared)');
  const shared = connection.sharedWith === 'all' || connection.sharedWith == null
    ? 'all projects'
    : `${connection.sharedWith.length} project${connection.sharedWith.length === 1 ? '' : 's'}`;
  return h('span', {}, 'Hub', h('span', { class: 'muted small block' }, shared));
}
