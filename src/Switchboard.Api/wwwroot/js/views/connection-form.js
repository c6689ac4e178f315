// "+ New connection" and "Edit": the provider drives the auth types, credential fields and settings.
// Creating POSTs the connection; editing PATCHes only what changed, with If-Match, so a change made by
// someone else in the meantime is reported instead of overwritten.
import { call, connectionPath, scopePath } from '../api.js';
import { clear, code, fromLocalInput, h, toLocalInput, uid } from '../dom.js';
import { clearErrors, errorSummary, field, input, secretInput, showErrors } from '../fields.js';
import { keyValueEditor } from '../keyvalues.js';
import { href } from '../router.js';
import { announce } from '../status.js';
import { createBody, patchOf } from './connection-body.js';
import { authTypeLabel, humanize, notice, pageHeader, randomKey, scopeLabel } from './common.js';

export const CONFLICT_MESSAGE = 'This connection was changed by someone else. Reload to see the latest version.';

const REFERENCE_HINT = [
  'Instead of a value you may enter a configuration reference such as ', code('$References:OpenAI:Key'),
  ': it is stored as written (not in Key Vault) and resolved from the service\u2019s configuration when secrets are listed.',
];

export async function renderConnectionForm(view, context) {
  const { scope, route } = context;
  const editing = route.mode === 'edit';
  const providers = await context.providers();
  let connection = null;
  let etag = null;
  if (editing) {
    const result = await call(connectionPath(scope, route.alias));
    connection = result.data;
    etag = result.etag;
  }

  const title = editing ? `Edit ${connection.name || connection.alias}` : 'New connection';
  const cancelHref = editing ? href({ ...scope, alias: connection.alias }) : href(scope);
  view.append(pageHeader(title, scopeLabel(scope)));
  if (editing && connection.scope === 'hub' && scope.project) {
    view.append(notice('info', 'This is a hub connection shared with this project',
      h('p', {}, 'It is changed at the hub. ', h('a', { href: href({ hub: scope.hub, alias: connection.alias, mode: 'edit' }) }, 'Edit it at the hub'), '.')));
    return;
  }

  const choosable = providers.filter((p) => !p.createdThroughKeyVaultSetupOnly);
  const state = { provider: editing ? providers.find((p) => p.id === connection.provider) : choosable[0] };

  // Basics
  const providerSelect = h('select', { name: 'provider', value: state.provider?.id },
    choosable.map((p) => h('option', { value: p.id }, p.displayName)));
  const name = input({ name: 'name', value: connection?.name ?? '' });
  const alias = input({ name: 'alias', value: connection?.alias ?? '', autocapitalize: 'off' });
  const target = input({ name: 'target', type: 'url', value: connection?.target ?? '', placeholder: 'https://' });
  const isActive = h('input', { type: 'checkbox', name: 'isActive', checked: true });
  const basics = h('fieldset', {}, h('legend', {}, 'Basics'),
    editing
      ? h('div', { class: 'field readonly' }, h('span', { class: 'label' }, 'Provider'), h('p', {}, state.provider?.displayName ?? connection.provider))
      : field({ key: 'provider', label: 'Provider', control: providerSelect, required: true,
        hint: 'An Azure Key Vault connection is made on the Key Vault page.' }),
    field({ key: 'name', label: 'Name', control: name, hint: 'A display name, e.g. \u201cOpenAI Production\u201d. Defaults to the alias.' }),
    editing
      ? h('div', { class: 'field readonly' }, h('span', { class: 'label' }, 'Alias'), h('p', {}, code(connection.alias)),
        h('p', { class: 'hint' }, 'The alias and the provider cannot be changed.'))
      : field({ key: 'alias', label: 'Alias', control: alias, required: true,
        hint: 'How code refers to it: letters, digits and hyphens, unique in the hub. It cannot be changed later.' }),
    field({ key: 'target', label: 'Target', control: target, required: true, hint: 'The endpoint: an absolute https URL.' }),
    editing ? null : h('div', { class: 'field checkbox', dataset: { field: 'isActive' } },
      h('label', {}, isActive, 'Active: usable as soon as it is created'),
      h('p', { class: 'field-error', id: uid('error'), hidden: true })));

  // Authentication
  const authTypeSelect = h('select', { name: 'authType' });
  const credentialsBox = h('div', { class: 'credential-fields' });
  let customKeys = null;
  const authentication = h('fieldset', {}, h('legend', {}, 'Authentication'),
    field({ key: 'authType', label: 'Authentication type', control: authTypeSelect, required: true }),
    credentialsBox,
    h('p', { class: 'hint reference-hint' }, REFERENCE_HINT));

  // Settings
  const settingsBox = h('div', { class: 'settings-fields' });
  const settings = h('fieldset', { dataset: { field: 'settings' } }, h('legend', {}, 'Settings'), settingsBox,
    h('p', { class: 'field-error', id: uid('error'), hidden: true }));

  // Sharing (hub connections only)
  const sharing = scope.project ? null : sharingFieldset(context.projects, connection?.sharedWith ?? 'all');

  // Expiry and rotation
  const rotation = connection?.rotation ?? {};
  const expiresAt = h('input', { type: 'datetime-local', name: 'expiresAt', value: toLocalInput(connection?.expiresAt) });
  const notifyBefore = input({ name: 'notifyBefore', value: rotation.notifyBefore ?? '', placeholder: 'P30D' });
  const gracePeriod = input({ name: 'gracePeriod', value: rotation.gracePeriod ?? '', placeholder: 'P1D' });
  const validityPeriod = input({ name: 'validityPeriod', value: rotation.validityPeriod ?? '', placeholder: 'P90D' });
  const autoRotate = h('input', { type: 'checkbox', name: 'autoRotate', checked: rotation.autoRotate === true });
  const expiry = h('fieldset', {}, h('legend', {}, 'Expiry and rotation'),
    h('p', { class: 'hint fieldset-hint' }, 'Durations are ISO 8601: P30D is 30 days, PT12H is 12 hours. Empty fields keep the defaults.'),
    h('div', { class: 'field-grid' },
      field({ key: 'expiresAt', label: 'Credentials expire at', control: expiresAt, hint: 'Your local time. Leave empty if they do not expire.' }),
      field({ key: 'rotation.notifyBefore', label: 'Warn before expiry', control: notifyBefore, hint: 'Default P30D.' }),
      field({ key: 'rotation.validityPeriod', label: 'Validity period', control: validityPeriod,
        hint: 'Each new credential version then expires this long after it is written.' }),
      field({ key: 'rotation.gracePeriod', label: 'Grace period', control: gracePeriod, hint: 'How long the previous version stays readable. Default P1D.' })),
    h('div', { class: 'field checkbox', dataset: { field: 'rotation.autoRotate' } },
      h('label', {}, autoRotate, 'Rotate automatically before expiry'),
      h('p', { class: 'hint' }, 'Only providers for which Switchboard can generate credentials rotate by themselves.'),
      h('p', { class: 'field-error', id: uid('error'), hidden: true })));

  const metadata = keyValueEditor({
    group: 'metadata', legend: 'Metadata', addLabel: 'Add metadata',
    hint: 'Optional labels for people and scripts, e.g. team = search.', entries: Object.entries(connection?.metadata ?? {}),
  });


  const conflict = h('div', { class: 'notice notice-warning conflict', role: 'alert', hidden: true },
    h('p', {}, CONFLICT_MESSAGE),
    h('button', { type: 'button', onclick: () => reload() }, 'Reload'));
  const submit = h('button', { type: 'submit', class: 'primary' }, editing ? 'Save changes' : 'Create connection');
  const form = h('form', { class: 'form connection-form', novalidate: true, 'aria-label': title },
    h('p', { class: 'hint' }, 'Fields marked ', h('span', { class: 'required' }, '*'), ' are required.'),
    errorSummary(), conflict,
    basics, authentication, settings, sharing, expiry, metadata.element,
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'button', href: cancelHref }, 'Cancel')));
  view.append(form);

  function fillAuthTypes() {
    const types = state.provider?.authTypes ?? [];
    const keep = editing && state.provider?.id === connection.provider ? connection.authType : authTypeSelect.value;
    authTypeSelect.replaceChildren(...types.map((t) => h('option', { value: t }, authTypeLabel(t))));
    authTypeSelect.value = types.includes(keep) ? keep : types[0] ?? '';
  }

  function fillCredentials() {
    const authType = authTypeSelect.value;
    const specs = state.provider?.credentialFields?.[authType] ?? [];
    customKeys = null;
    clear(credentialsBox);
    if (editing) {
      credentialsBox.append(h('p', { class: 'hint' }, connection.credentialFields?.length
        ? 'Credentials are write-only. Leave these empty to keep the current ones; new values replace the whole set as a new secret version.'
        : 'Enter credentials only if the authentication type needs them.'));
    }
    if (authType === 'CustomKeys') {
      customKeys = keyValueEditor({ group: 'credentials', legend: 'Credential fields', addLabel: 'Add credential field', secret: true,
        hint: 'Names of your choice (letters, digits, - and _); values are kept in Key Vault.',
        entries: editing ? [] : [['', '']] });
      credentialsBox.append(customKeys.element);
    } else if (specs.length === 0) {
      credentialsBox.append(h('p', { class: 'hint' }, authType === 'None'
        ? 'No credentials: the target is called without authentication.'
        : 'No credentials are stored: Switchboard\u2019s identity is used.'));
    } else {
      for (const spec of specs) {
        credentialsBox.append(field({
          key: `credentials.${spec.name}`, label: humanize(spec.name), required: spec.required && !editing,
          control: secretInput({ name: `credential-${spec.name}`, dataset: { credential: spec.name } }),
          hint: spec.description,
        }));
      }
    }
  }

  function fillSettings() {
    const specs = state.provider?.settingsFields ?? [];
    const current = editing ? connection.settings ?? {} : {};
    clear(settingsBox);
    if (specs.length === 0) settingsBox.append(h('p', { class: 'hint' }, 'This provider has no settings.'));
    for (const spec of specs) {
      settingsBox.append(field({
        key: `settings.${spec.name}`, label: humanize(spec.name), required: spec.required,
        control: input({ name: `setting-${spec.name}`, dataset: { setting: spec.name }, value: current[spec.name] ?? '' }),
        hint: spec.description,
      }));
    }
    settingsBox.append(h('p', { class: 'hint' }, 'Settings may also be configuration references ($Section:Key).'));
  }

  providerSelect.addEventListener('change', () => {
    state.provider = providers.find((p) => p.id === providerSelect.value);
    fillAuthTypes();
    fillCredentials();
    fillSettings();
  });
  authTypeSelect.addEventListener('change', fillCredentials);
  fillAuthTypes();
  fillCredentials();
  fillSettings();

  const values = () => ({
    name: name.value.trim(),
    alias: alias.value.trim(),
    target: target.value.trim(),
    authType: authTypeSelect.value,
    credentials: customKeys
      ? Object.fromEntries(customKeys.entries())
      : Object.fromEntries([...credentialsBox.querySelectorAll('[data-credential]')].filter((i) => i.value !== '').map((i) => [i.dataset.credential, i.value])),
    settings: Object.fromEntries([...settingsBox.querySelectorAll('[data-setting]')].map((i) => [i.dataset.setting, i.value.trim()])),
    sharedWith: sharing?.value(),
    expiresAt: fromLocalInput(expiresAt.value),
    rotation: { notifyBefore: notifyBefore.value.trim(), gracePeriod: gracePeriod.value.trim(), validityPeriod: validityPeriod.value.trim(), autoRotate: autoRotate.checked },
    metadata: Object.fromEntries(metadata.entries()),
    isActive: isActive.checked,
  });

  let idempotency = { key: randomKey(), body: null };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    conflict.hidden = true;
    const v = values();
    const body = editing ? patchOf(connection, v, state.provider) : createBody(v, state.provider, !scope.project);
    if (editing && Object.keys(body).length === 0) {
      announce('There are no changes to save.');
      return;
    }
    // A retry of the very same request keeps its Idempotency-Key; anything else is a new request.
    const serialized = JSON.stringify(body);
    if (idempotency.body !== serialized) idempotency = { key: randomKey(), body: serialized };

    submit.disabled = true;
    submit.textContent = editing ? 'Saving…' : 'Creating…';
    try {
      const result = editing
        ? await call(connectionPath(scope, connection.alias), { method: 'PATCH', body, ifMatch: etag })
        : await call(`${scopePath(scope)}/connections`, { method: 'POST', body, idempotencyKey: idempotency.key });
      for (const secret of form.querySelectorAll('[data-secret]')) secret.value = '';
      announce(editing ? `Saved ${result.data.alias}.` : `Created connection ${result.data.alias}.`, 'success');
      window.location.hash = href({ ...scope, alias: result.data.alias });
    } catch (error) {
      if (error.status === 412) {
        conflict.hidden = false;
        conflict.querySelector('button').focus();
      } else {
        showErrors(form, error, { title: editing ? 'The changes were not saved' : 'The connection was not created' });
      }
    } finally {
      submit.disabled = false;
      submit.textContent = editing ? 'Save changes' : 'Create connection';
    }
  });

  async function reload() {
    clear(view);
    try {
      await renderConnectionForm(view, context);
      announce('Reloaded the latest version of the connection.');
      view.querySelector('h1')?.focus();
    } catch (error) {
      view.append(notice('error', 'The connection could not be reloaded', h('p', {}, error.message)));
    }
  }
}

function sharingFieldset(projects, sharedWith) {
  const all = sharedWith === 'all' || sharedWith == null;
  const selected = new Set(Array.isArray(sharedWith) ? sharedWith : []);
  const allRadio = h('input', { type: 'radio', name: 'sharing', value: 'all', checked: all });
  const someRadio = h('input', { type: 'radio', name: 'sharing', value: 'some', checked: !all });
  const names = [...new Set([...projects.map((p) => p.name), ...selected])];
  const boxes = names.map((project) => h('input', { type: 'checkbox', name: 'sharedProject', value: project, checked: selected.has(project), disabled: all }));
  const list = h('div', { class: 'project-choices' }, names.length
    ? boxes.map((box) => h('label', { class: 'choice' }, box, box.value))
    : h('p', { class: 'hint' }, 'This hub has no projects yet.'));
  const update = () => { for (const box of boxes) box.disabled = allRadio.checked; };
  allRadio.addEventListener('change', update);
  someRadio.addEventListener('change', update);
  const element = h('fieldset', { dataset: { field: 'sharedWith' } },
    h('legend', {}, 'Shared with'),
    h('label', { class: 'choice' }, allRadio, 'All projects of the hub, including projects created later'),
    h('label', { class: 'choice' }, someRadio, 'Only these projects:'),
    list,
    h('p', { class: 'field-error', id: uid('error'), hidden: true }));
  element.value = () => (allRadio.checked ? 'all' : boxes.filter((b) => b.checked).map((b) => b.value));
  return element;
}
