// The hub's audit log, newest first: who did what to which connection, filtered by alias and action.
import { page } from '../api.js';
import { clear, code, h, time, uid } from '../dom.js';
import { href } from '../router.js';
import { errorPanel, loading, pageHeader } from './common.js';

const ACTIONS = {
  'connection.created': 'Connection created',
  'connection.updated': 'Connection updated',
  'connection.credentialsChanged': 'Credentials changed',
  'connection.deleted': 'Connection deleted',
  'connection.disabled': 'Connection disabled',
  'connection.enabled': 'Connection enabled',
  'connection.secretsListed': 'Secrets listed',
  'connection.tested': 'Connection tested',
  'rotation.started': 'Rotation started',
  'connection.rotated': 'Credentials rotated',
  'dependent.added': 'Dependent added',
  'dependent.removed': 'Dependent removed',
  'keyvault.setupStarted': 'Key Vault setup started',
  'keyvault.connected': 'Key Vault connected',
  'keyvault.setupFailed': 'Key Vault setup failed',
  'keyvault.removed': 'Key Vault removed',
  'hub.created': 'Hub created',
  'hub.updated': 'Hub updated',
  'hub.deleted': 'Hub deleted',
  'project.created': 'Project created',
  'project.updated': 'Project updated',
  'project.deleted': 'Project deleted',
  'apiKey.created': 'API key created',
  'apiKey.revoked': 'API key revoked',
  'roleAssignment.saved': 'Role assignment saved',
  'roleAssignment.deleted': 'Role assignment deleted',
};

const filtersByHub = new Map();

export async function renderAudit(view, { scope }) {
  const hub = scope.hub;
  const filters = filtersByHub.get(hub) ?? { alias: '', action: '', top: 50 };
  filtersByHub.set(hub, filters);
  const path = `/api/hubs/${encodeURIComponent(hub)}/audit`;

  const results = h('div', { class: 'results' }, loading('Loading the audit log…'));
  const count = h('p', { class: 'result-count', 'aria-live': 'polite' });
  view.append(pageHeader('Audit log', `Hub ${hub}: who did what and when, newest first. Credential values are never recorded.`),
    filterForm(filters, () => load(true)), count, results);

  let entries = [];
  let next = null;

  async function load(reset) {
    try {
      const result = reset ? await page(path, { alias: filters.alias.trim(), action: filters.action.trim(), top: filters.top }) : await page(next);
      entries = reset ? result.items : [...entries, ...result.items];
      next = result.next;
      show();
    } catch (error) {
      clear(results).append(errorPanel(error, { title: 'The audit log could not be loaded', retry: () => load(true) }));
    }
  }

  function show() {
    count.textContent = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${next ? ' loaded, more available' : ''}.`;
    clear(results);
    if (entries.length === 0) {
      results.append(h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, 'No entries.'),
        filters.alias || filters.action ? h('p', {}, 'Nothing matches these filters.') : null));
      return;
    }
    results.append(h('div', { class: 'table-wrap' }, h('table', { class: 'data-table audit-table' },
      h('caption', { class: 'visually-hidden' }, `Audit log of hub ${hub}`),
      h('thead', {}, h('tr', {}, ['Time', 'Action', 'Connection', 'Actor', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, entries.map((entry) => h('tr', {},
        h('td', { 'data-label': 'Time' }, time(entry.time)),
        h('td', { 'data-label': 'Action' }, h('span', { class: 'action-label' }, ACTIONS[entry.action] ?? entry.action),
          h('span', { class: 'muted small block' }, entry.action)),
        h('td', { 'data-label': 'Connection' }, connectionCell(hub, entry)),
        h('td', { 'data-label': 'Actor' }, entry.actor),
        h('td', { 'data-label': 'Details' }, details(entry))))))));
    if (next) results.append(h('div', { class: 'pager' }, h('button', { type: 'button', class: 'load-more', onclick: () => load(false) }, 'Load more')));
  }

  await load(true);
}

function filterForm(filters, onApply) {
  const aliasId = uid('audit');
  const actionId = uid('audit');
  const listId = uid('actions');
  const alias = h('input', { id: aliasId, type: 'search', value: filters.alias, placeholder: 'e.g. openai-prod', autocomplete: 'off' });
  const action = h('input', { id: actionId, type: 'search', list: listId, value: filters.action, placeholder: 'Any action', autocomplete: 'off' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    h('div', { class: 'filter' }, h('label', { for: aliasId }, 'Connection alias'), alias),
    h('div', { class: 'filter' }, h('label', { for: actionId }, 'Action'), action,
      h('datalist', { id: listId }, Object.entries(ACTIONS).map(([value, label]) => h('option', { value }, label)))),
    h('div', { class: 'filter filter-button' }, h('button', { type: 'submit' }, 'Apply')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.alias = alias.value;
    filters.action = action.value;
    onApply();
  });
  return form;
}

function connectionCell(hub, entry) {
  if (!entry.alias) return h('span', { class: 'muted' }, entry.project ? `Project ${entry.project}` : '—');
  const link = entry.action === 'connection.deleted'
    ? code(entry.alias)
    : h('a', { href: href({ hub, project: entry.project ?? null, alias: entry.alias }) }, entry.alias);
  return h('span', {}, link, entry.project ? h('span', { class: 'muted small block' }, `project ${entry.project}`) : null);
}

function details(entry) {
  const pairs = Object.entries(entry.details ?? {});
  return h('div', { class: 'audit-details' },
    pairs.length ? h('span', {}, pairs.map(([k, v], i) => [i ? ', ' : '', `${k}: ${v}`])) : null,
    h('span', { class: 'muted small block', title: 'Correlation ID' }, `Request ${entry.correlationId}`));
}
