// Rotating a connection's credentials: new ones typed in, or generated where the provider can. The API
// answers 202 with the operation to follow; a rotation already running (409) is followed instead.
import { call, localPath } from '../api.js';
import { openDialog } from '../dialog.js';
import { h } from '../dom.js';
import { operationLocation } from '../operations.js';
import { clearErrors, errorSummary, field, secretInput, showErrors } from '../fields.js';
import { keyValueEditor } from '../keyvalues.js';
import { announce } from '../status.js';
import { humanize, notice } from './common.js';

export function openRotateDialog({ path, connection, provider, onStarted }) {
  const specs = provider?.credentialFields?.[connection.authType] ?? [];
  const custom = connection.authType === 'CustomKeys';
  const canGenerate = provider?.canGenerateCredentials === true;
  const hasFields = custom || specs.length > 0;

  if (!hasFields && !canGenerate) {
    openDialog({
      title: `Rotate ${connection.alias}`,
      content: h('div', { class: 'stack' }, h('p', {}, 'This connection stores no credentials, so there is nothing to rotate.'),
        h('div', { class: 'form-actions' }, h('button', { type: 'button', onclick: (e) => e.target.closest('dialog').close() }, 'Close'))),
    });
    return;
  }

  const generate = h('input', { type: 'radio', name: 'mode', value: 'generate', checked: canGenerate });
  const enter = h('input', { type: 'radio', name: 'mode', value: 'enter', checked: !canGenerate });
  const customKeys = custom ? keyValueEditor({ group: 'credentials', legend: 'New credential fields', addLabel: 'Add credential field', secret: true, entries: [['', '']] }) : null;
  const inputs = specs.map((spec) => field({
    key: `credentials.${spec.name}`, label: `New ${humanize(spec.name).toLowerCase()}`, required: spec.required,
    control: secretInput({ dataset: { credential: spec.name } }), hint: spec.description,
  }));
  const fields = h('div', { class: 'credential-fields' }, customKeys?.element, inputs);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start rotation');
  const form = h('form', { class: 'form', novalidate: true },
    errorSummary(),
    h('p', {}, 'A rotation writes a new secret version; the previous one stays readable for the grace period ',
      `(${connection.rotation?.gracePeriod ?? 'P1D'}).`),
    canGenerate ? h('fieldset', { class: 'choices' }, h('legend', {}, 'New credentials'),
      h('label', { class: 'choice' }, generate, 'Let Switchboard generate them'),
      h('label', { class: 'choice' }, enter, 'Enter them')) : null,
    fields,
    h('div', { class: 'form-actions' }, submit, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  const sync = () => { fields.hidden = canGenerate && generate.checked; };
  form.addEventListener('change', sync);
  sync();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {};
    if (!(canGenerate && generate.checked)) {
      body.credentials = custom
        ? Object.fromEntries(customKeys.entries())
        : Object.fromEntries([...fields.querySelectorAll('[data-credential]')].filter((i) => i.value !== '').map((i) => [i.dataset.credential, i.value]));
    }
    submit.disabled = true;
    try {
      const result = await call(`${path}/rotate`, { method: 'POST', body });
      for (const secret of form.querySelectorAll('[data-secret]')) secret.value = '';
      dialog.close();
      announce('Rotation started.');
      onStarted(operationLocation(result));
    } catch (error) {
      submit.disabled = false;
      if (error.code === 'OperationInProgress') {
        const location = error.headers.get('location') ? localPath(error.headers.get('location')) : operationLocation({ problem: error.problem });
        dialog.close();
        announce('A rotation is already running; showing it.');
        onStarted(location, error.message);
      } else if (error.isMissingEndpoint) {
        form.querySelector('.error-summary').replaceWith(notice('warning', 'Rotation is not available yet',
          h('p', {}, 'This Switchboard server does not offer rotation yet. To change the credentials now, edit the connection and enter new ones.')));
      } else {
        showErrors(form, error, { title: 'The rotation did not start' });
      }
    }
  });

  const dialog = openDialog({ title: `Rotate ${connection.alias}`, content: form });
}
