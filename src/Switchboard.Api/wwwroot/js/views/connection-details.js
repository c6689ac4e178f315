// One connection: every field but its credentials, and what can be done with it.
import { call, connectionPath } from '../api.js';
import { append, badge, clear, code, definitions, h, time } from '../dom.js';
import { href } from '../router.js';
import { announce } from '../status.js';
import { authTypeLabel, errorPanel, humanize, messageOf, notice, pageHeader, providerLabel } from './common.js';
import { CONFLICT_MESSAGE } from './connection-form.js';
import { credentialsCard } from './credentials.js';
import { openDeleteDialog } from './delete-dialog.js';
import { openRotateDialog } from './rotate-dialog.js';
import { operationPanel } from '../operations.js';

export async function renderConnectionDetails(view, context) {
  const { scope, route } = context;
  const providers = await context.providers();
  let result;
  try {
    result = await call(connectionPath(scope, route.alias));
  } catch (error) {
    if (error.status !== 404) throw error;
    view.append(pageHeader('Connection not found'),
      notice('warning', null, h('p', {}, `There is no connection \u201c${route.alias}\u201d in this scope. It may have been deleted.`),
        h('p', {}, h('a', { href: href(scope) }, 'Back to the connections'))));
    return;
  }
  const connection = result.data;
  const etag = result.etag;
  const provider = providers.find((p) => p.id === connection.provider);
  const readOnlyHere = connection.scope === 'hub' && !!scope.project;
  // The Key Vault connection is made, checked and removed on its own page, never as an ordinary connection.
  const isKeyVault = provider?.createdThroughKeyVaultSetupOnly === true;
  const path = connectionPath(scope, connection.alias);

  const output = h('div', { class: 'action-output', 'aria-live': 'polite' });
  const rerender = async (message) => {
    clear(view);
    await renderConnectionDetails(view, context);
    if (message) announce(message, 'success');
  };

  const actions = [];
  if (isKeyVault) {
    actions.push(h('a', { class: 'button', href: href({ hub: scope.hub, section: 'keyvault' }) }, 'Manage on the Key Vault page'));
  } else if (!readOnlyHere) {
    actions.push(h('a', { class: 'button', href: href({ ...scope, alias: connection.alias, mode: 'edit' }) }, 'Edit'));
    actions.push(h('button', { type: 'button', onclick: (e) => test(e.currentTarget) }, 'Test'));
    actions.push(h('button', {
      type: 'button',
      onclick: () => openRotateDialog({ path, connection, provider, onStarted: (location, note) => showOperation(location, 'Rotation', note) }),
    }, 'Rotate'));
    actions.push(h('button', { type: 'button', onclick: (e) => setActive(e.currentTarget, !connection.isActive) },
      connection.isActive ? 'Disable' : 'Enable'));
    actions.push(h('button', { type: 'button', class: 'danger', onclick: () => openDeleteDialog({ path, connection, etag, onDeleted }) }, 'Delete'));
  }

  append(view, [
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: href(scope) }, 'Connections'), h('span', { 'aria-hidden': 'true' }, ' / '), connection.alias),
    pageHeader(connection.name || connection.alias, null, ...actions),
    h('div', { class: 'badges' }, badge(connection.status), badge(connection.credentialStatus, { label: credentialLabel(connection.credentialStatus) }),
      h('span', { class: 'muted' }, providerLabel(providers, connection.provider))),
    readOnlyHere ? notice('info', 'A hub connection shared with this project',
      h('p', {}, 'It is managed at the hub. ', h('a', { href: href({ hub: scope.hub, alias: connection.alias }) }, 'Open it at the hub'), '.')) : null,
    output,
    h('div', { class: 'cards' },
      card('Overview', definitions([
        ['Alias', code(connection.alias)],
        ['Name', connection.name],
        ['Provider', providerLabel(providers, connection.provider)],
        ['Target', h('span', { class: 'break' }, connection.target)],
        ['Authentication', authTypeLabel(connection.authType)],
        ['Scope', connection.scope === 'hub' ? `Hub ${connection.hub}` : `Project ${connection.project} in hub ${connection.hub}`],
        connection.scope === 'hub' ? ['Shared with', sharedWithText(connection.sharedWith)] : null,
        ['Status', badge(connection.status)],
      ])),
      credentialsCard({ path, connection, readOnlyHere }),
      card('Settings', Object.keys(connection.settings ?? {}).length
        ? definitions(Object.entries(connection.settings).map(([key, value]) => [humanize(key), h('span', { class: 'break' }, value)]))
        : h('p', { class: 'muted' }, 'No settings.')),
      card('Expiry and rotation', definitions([
        ['Credentials expire', time(connection.expiresAt)],
        ['Credential status', badge(connection.credentialStatus, { label: credentialLabel(connection.credentialStatus) })],
        ['Warn before expiry', connection.rotation?.notifyBefore],
        ['Validity period', connection.rotation?.validityPeriod],
        ['Grace period', connection.rotation?.gracePeriod],
        ['Rotates automatically', connection.rotation?.autoRotate ? 'Yes' : 'No'],
      ])),
      dependentsCard(path),
      card('Metadata', Object.keys(connection.metadata ?? {}).length
        ? definitions(Object.entries(connection.metadata).map(([key, value]) => [key, value]))
        : h('p', { class: 'muted' }, 'No metadata.')),
      card('History', definitions([
        ['Created', h('span', {}, time(connection.createdAt), ` by ${connection.createdBy}`)],
        ['Last changed', h('span', {}, time(connection.updatedAt), ` by ${connection.updatedBy}`)],
        ['Connection ID', code(connection.id)],
        ['ETag', code(connection.etag ?? etag)],
      ]), h('p', {}, h('a', { href: href({ hub: scope.hub, section: 'audit' }) }, 'See the audit log'))))]);

  async function test(button) {
    button.disabled = true;
    button.textContent = 'Testing…';
    clear(output).append(h('p', { class: 'loading' }, 'Sending a request to the target…'));
    try {
      const { data } = await call(`${path}/test`, { method: 'POST' });
      clear(output).append(testResult(data));
      announce(data.ok === true ? 'The connection works.' : data.ok === false ? 'The connection test failed.' : 'This provider has no test.');
    } catch (error) {
      clear(output).append(errorPanel(error, { title: 'The connection could not be tested' }));
    } finally {
      button.disabled = false;
      button.textContent = 'Test';
    }
  }

  async function setActive(button, active) {
    button.disabled = true;
    try {
      await call(`${path}/${active ? 'enable' : 'disable'}`, { method: 'POST', ifMatch: etag });
      await rerender(active ? `Enabled ${connection.alias}.` : `Disabled ${connection.alias}.`);
    } catch (error) {
      button.disabled = false;
      clear(output).append(error.status === 412 ? conflictNotice(() => rerender()) : errorPanel(error, {
        title: active ? 'The connection was not enabled' : 'The connection was not disabled',
      }));
    }
  }

  function showOperation(location, title, note) {
    const panel = operationPanel(location, {
      title,
      note,
      onFinished: (operation) => {
        announce(`${title}: ${operation.status ?? 'finished'}.`);
        // What the page shows (secret version, expiry) predates the operation.
        panel.append(h('div', { class: 'card-actions' },
          h('button', { type: 'button', onclick: () => rerender() }, 'Show the connection as it is now')));
      },
    });
    clear(output).append(panel);
  }

  function onDeleted() {
    announce(`Deleted connection ${connection.alias}.`, 'success');
    window.location.hash = href(scope);
  }
}

function conflictNotice(reload) {
  return h('div', { class: 'notice notice-warning', role: 'alert' }, h('p', {}, CONFLICT_MESSAGE),
    h('button', { type: 'button', onclick: reload }, 'Reload'));
}

function card(title, ...body) {
  return h('section', { class: 'card' }, h('h2', {}, title), body);
}

function credentialLabel(status) {
  return { Valid: 'Credentials valid', ExpiringSoon: 'Expiring soon', Expired: 'Expired', Unknown: 'Expiry unknown' }[status] ?? status;
}

function sharedWithText(sharedWith) {
  if (sharedWith === 'all' || sharedWith == null) return 'All projects';
  return sharedWith.length ? sharedWith.join(', ') : 'No projects';
}

function testResult(result) {
  if (result.ok === null || result.ok === undefined) {
    return notice('info', 'Nothing to test', h('p', {}, result.detail || 'This provider has no test.'));
  }
  const facts = definitions([
    ['Result', result.ok ? badge('Active', { label: 'OK' }) : badge('Failed')],
    ['HTTP status', result.status ?? '—'],
    ['Latency', `${result.latencyMs} ms`],
    ['Detail', result.detail],
  ], 'facts compact');
  return notice(result.ok ? 'success' : 'error', result.ok ? 'The connection works' : 'The connection test failed', facts);
}

function dependentsCard(path) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  call(`${path}/dependents`).then(({ data }) => {
    const items = data?.value ?? [];
    clear(body).append(items.length
      ? h('ul', { class: 'plain-list' }, items.map((d) => h('li', {}, h('strong', {}, d.name || d.id), h('span', { class: 'muted' }, ` · ${d.kind} · ${d.id}`))))
      : h('p', { class: 'muted' }, 'Nothing is registered as using this connection.'));
  }).catch((error) => clear(body).append(h('p', { class: 'muted' }, messageOf(error))));
  return card('Used by', body);
}
