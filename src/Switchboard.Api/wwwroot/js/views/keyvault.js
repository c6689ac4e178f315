// The hub's Key Vault connection ("bring your own vault"): its state, connecting one (a setup operation
// with steps), disconnecting it, and moving the hub's credentials to another vault (a migration operation),
// with the rules the API enforces spelled out.
import { call } from '../api.js';
import { openDialog } from '../dialog.js';
import { badge, clear, code, definitions, h, time } from '../dom.js';
import { clearErrors, errorSummary, field, input, showErrors } from '../fields.js';
import { operationLocation, operationPanel } from '../operations.js';
import { href } from '../router.js';
import { announce } from '../status.js';
import { errorPanel, explanationOf, loading, notice, pageHeader } from './common.js';

const keyVaultPath = (hub) => `/api/hubs/${encodeURIComponent(hub)}/keyvault`;
const migrationPath = (hub) => `/api/operations/${encodeURIComponent(`keyvault-migration-${hub}`)}`;

const STATUS_HELP = {
  Provisioning: 'Setup is running: Switchboard is checking that it can use the vault.',
  Active: 'Switchboard keeps this hub\u2019s credentials in this vault.',
  Unreachable: 'Switchboard could not reach the vault at its last check. If it was deleted, every connection of this hub that keeps credentials in it is broken.',
  Forbidden: 'The vault refused Switchboard\u2019s identity at its last check: give it the Key Vault Secrets Officer role on the vault again.',
};

/** GET the hub's Key Vault connection: the body, or null when there is none (404). */
async function loadVault(hub) {
  try {
    return await call(keyVaultPath(hub));
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** The one-line summary at the top of a hub's connections. */
export function keyVaultSummary(hub) {
  const line = h('div', { class: 'keyvault-summary' }, h('span', { class: 'muted' }, 'Checking the Key Vault connection…'));
  loadVault(hub).then((result) => {
    const manage = h('a', { href: href({ hub, section: 'keyvault' }) }, result ? 'Manage' : 'Connect a vault');
    clear(line).append(result
      ? h('p', {}, h('strong', {}, 'Key Vault: '), badge(result.data.status), code(result.data.vaultUri ?? ''), ' \u00b7 ', manage)
      : h('p', {}, h('strong', {}, 'Key Vault: '), 'none connected, so credentials are kept in Switchboard\u2019s managed vault. ',
        'To use your own vault, connect it before any other connection exists. ', manage));
  }).catch(() => line.remove());
  return line;
}

export async function renderKeyVault(view, { scope }) {
  const hub = scope.hub;
  const area = h('div', { class: 'stack' }, loading());
  // Setup progress lives outside the area that is redrawn when setup finishes, so its steps stay readable.
  const progress = h('div', { class: 'stack' });
  view.append(pageHeader('Key Vault', `Hub ${hub}`), area, progress,
    h('section', { class: 'card rules' }, h('h2', {}, 'How the Key Vault connection works'),
      h('ul', {},
        h('li', {}, 'With a Key Vault connection, the credentials of this hub and its projects are kept in your own vault; without one, in Switchboard\u2019s managed vault.'),
        h('li', {}, 'It must be the hub\u2019s first connection: connect it before any other connection exists in the hub or its projects.'),
        h('li', {}, 'It must also be the last: disconnect it only after every other connection is deleted.'),
        h('li', {}, 'There is one per hub. To switch vaults, move the credentials: Switchboard copies every credential to the new vault while apps keep reading them, then switches the hub.'),
        h('li', {}, 'Give Switchboard\u2019s identity the Key Vault Secrets Officer role on the vault.'))));

  async function refresh(message) {
    clear(area).append(loading());
    let result;
    try {
      result = await loadVault(hub);
    } catch (error) {
      clear(area).append(errorPanel(error, { title: 'The Key Vault connection could not be loaded', retry: () => refresh() }));
      return;
    }
    clear(area).append(result ? connectedCard(result) : connectForm(), moveForm(result));
    // Setup that is still running (started here or elsewhere) is followed until it ends.
    if (result?.data.status === 'Provisioning' && result.data.operationId && !progress.hasChildNodes()) {
      followSetup(`/api/operations/${encodeURIComponent(result.data.operationId)}`);
    }
    if (message) announce(message, 'success');
  }

  function connectedCard({ data, etag }) {
    return h('section', { class: 'card' },
      h('div', { class: 'operation-header' }, h('h2', {}, 'Connected vault'), badge(data.status)),
      h('p', {}, STATUS_HELP[data.status] ?? ''),
      definitions([
        ['Vault', code(data.vaultUri)],
        ['Status', badge(data.status)],
        ['Last checked', time(data.lastCheckedAt)],
        data.updatedAt ? ['Last changed', time(data.updatedAt)] : null,
      ]),
      h('div', { class: 'card-actions' }, h('button', { type: 'button', class: 'danger', onclick: () => confirmDisconnect(etag ?? data.etag) }, 'Disconnect')));
  }

  function connectForm() {
    const vaultUri = input({ name: 'vaultUri', type: 'url', placeholder: 'https://my-vault.vault.azure.net/' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Connect a vault');
    const form = h('form', { class: 'form', novalidate: true },
      errorSummary(),
      field({ key: 'vaultUri', label: 'Vault URI', control: vaultUri, required: true, hint: 'The vault\u2019s URI, e.g. https://my-vault.vault.azure.net/' }),
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        const result = await call(keyVaultPath(hub), { method: 'PUT', body: { vaultUri: vaultUri.value.trim() } });
        announce('Key Vault setup started.');
        followSetup(operationLocation(result));
        await refresh();
      } catch (error) {
        submit.disabled = false;
        if (error.isMissingEndpoint) {
          showErrors(form, Object.assign(error, { message: 'This Switchboard server does not offer Key Vault connections yet.' }), { title: 'Not available yet' });
        } else {
          showErrors(form, error, { title: 'The vault was not connected' });
        }
      }
    });
    return h('section', { class: 'card' },
      h('h2', {}, 'No Key Vault connection'),
      h('p', {}, 'This hub\u2019s credentials are kept in Switchboard\u2019s managed vault. Connect your own vault to keep them there instead.'),
      form);
  }

  /** Moving the hub's credentials: to the managed vault or to a vault URI, followed as an operation. */
  function moveForm(current) {
    const toManaged = h('input', { type: 'radio', name: 'moveTo', value: 'managed', id: 'move-managed', checked: !!current });
    const toVault = h('input', { type: 'radio', name: 'moveTo', value: 'vault', id: 'move-vault', checked: !current });
    const vaultUri = input({ name: 'to', type: 'url', placeholder: 'https://other-vault.vault.azure.net/' });
    const purge = h('input', { type: 'checkbox', name: 'purgeSource', id: 'move-purge' });
    const submit = h('button', { type: 'submit' }, 'Move credentials');
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Move credentials' },
      errorSummary(),
      h('fieldset', {}, h('legend', {}, 'Move to'),
        h('div', {}, toManaged, h('label', { for: 'move-managed' }, ' Switchboard’s managed vault')),
        h('div', {}, toVault, h('label', { for: 'move-vault' }, ' Another vault'))),
      field({ key: 'to', label: 'Target vault URI', control: vaultUri, hint: 'For another vault: its URI, with the Key Vault Secrets Officer role for Switchboard.' }),
      h('div', {}, purge, h('label', { for: 'move-purge' }, ' Purge the old copies instead of soft-deleting them (where the vault allows it)')),
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      const to = toManaged.checked ? 'managed' : vaultUri.value.trim();
      try {
        const result = await call(`${keyVaultPath(hub)}/migrate`, { method: 'POST', body: { to, purgeSource: purge.checked } });
        announce('Moving the hub’s credentials.');
        followMove(operationLocation(result));
      } catch (error) {
        showErrors(form, error, { title: 'The credentials were not moved' });
      } finally {
        submit.disabled = false;
      }
    });
    return h('section', { class: 'card' },
      h('h2', {}, 'Move credentials'),
      h('p', {}, 'Copies the current and previous credentials of every connection of this hub and its projects to another vault, '
        + 'switches each connection to its copy and then the hub, and soft-deletes the old copies. Reads go on throughout; '
        + 'changes of credentials wait until the move has finished. A failure puts everything back as it was.'),
      form);
  }

  function followMove(location) {
    clear(progress).append(operationPanel(location, {
      title: 'Key Vault migration',
      onFinished: (operation) => refresh(`Key Vault migration: ${operation.status ?? 'finished'}.`),
    }));
  }

  function followSetup(location) {
    clear(progress).append(operationPanel(location, {
      title: 'Key Vault setup',
      onFinished: (operation) => refresh(`Key Vault setup: ${operation.status ?? 'finished'}.`),
    }));
  }

  function confirmDisconnect(etag) {
    const errorArea = h('div', { 'aria-live': 'assertive' });
    const yes = h('button', { type: 'button', class: 'danger' }, 'Disconnect the vault');
    const dialog = openDialog({
      title: 'Disconnect the Key Vault',
      className: 'dialog-danger',
      content: h('div', { class: 'stack' },
        h('p', {}, 'Switchboard stops using this vault for the hub. This is only allowed once every other connection of the hub and its projects is deleted.'),
        errorArea,
        h('div', { class: 'form-actions' }, yes, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))),
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await call(keyVaultPath(hub), { method: 'DELETE', ifMatch: etag });
        dialog.close();
        await refresh('The Key Vault connection was removed.');
      } catch (error) {
        yes.disabled = false;
        clear(errorArea).append(error.isMissingEndpoint
          ? notice('warning', null, h('p', {}, 'This Switchboard server does not offer Key Vault connections yet.'))
          : notice('error', 'The vault was not disconnected', h('p', {}, error.message), explanationOf(error) ? h('p', {}, explanationOf(error)) : null));
      }
    });
  }

  await refresh();
  // A move started elsewhere (a script, a Logic App) is followed too.
  try {
    const running = await call(migrationPath(hub));
    if (running.status === 202 && !progress.hasChildNodes()) followMove(migrationPath(hub));
  } catch {
    // None has run for this hub.
  }
}

