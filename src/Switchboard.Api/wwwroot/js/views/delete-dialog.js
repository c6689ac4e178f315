// Deleting a connection: list what uses it first; if the API refuses (409 ConnectionInUse), offer
// "Delete anyway", which asks once more before it sends ?force=true.
import { call } from '../api.js';
import { openDialog } from '../dialog.js';
import { clear, code, h } from '../dom.js';
import { errorPanel, messageOf, notice } from './common.js';
import { CONFLICT_MESSAGE } from './connection-form.js';

export function openDeleteDialog({ path, connection, etag, onDeleted }) {
  const dependentsArea = h('div', { class: 'dependents' }, h('p', { class: 'loading' }, 'Checking what uses this connection…'));
  const errorArea = h('div', { 'aria-live': 'assertive' });
  const deleteButton = h('button', { type: 'button', class: 'danger', onclick: () => remove(false) }, 'Delete');
  const cancel = h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel');
  const actions = h('div', { class: 'form-actions' }, deleteButton, cancel);
  let dependents = [];

  const content = h('div', { class: 'stack' },
    h('p', {}, 'Delete the connection ', code(connection.alias), '? Its secret is deleted from Key Vault too. This cannot be undone.'),
    dependentsArea, errorArea, actions);
  const dialog = openDialog({ title: `Delete ${connection.name || connection.alias}`, content, className: 'dialog-danger' });
  cancel.focus();

  call(`${path}/dependents`).then(({ data }) => {
    dependents = data?.value ?? [];
    clear(dependentsArea).append(dependents.length
      ? notice('warning', `${dependents.length} ${dependents.length === 1 ? 'thing uses' : 'things use'} this connection`,
        h('ul', { class: 'plain-list' }, dependents.map((d) => h('li', {}, h('strong', {}, d.name || d.id), ` (${d.kind}, ${d.id})`))),
        h('p', {}, 'They will stop working when it is deleted. Consider disabling it instead.'))
      : h('p', { class: 'muted' }, 'Nothing is registered as using this connection.'));
  }).catch((error) => clear(dependentsArea).append(h('p', { class: 'muted' }, `What uses it could not be checked: ${messageOf(error)}`)));

  async function remove(force) {
    for (const button of actions.querySelectorAll('button')) button.disabled = true;
    try {
      await call(force ? `${path}?force=true` : path, { method: 'DELETE', ifMatch: etag });
      dialog.close();
      onDeleted();
    } catch (error) {
      for (const button of actions.querySelectorAll('button')) button.disabled = false;
      if (error.code === 'ConnectionInUse' && !force) offerForce(error);
      else if (error.status === 412) clear(errorArea).append(notice('warning', null, h('p', {}, CONFLICT_MESSAGE)));
      else clear(errorArea).append(errorPanel(error, { title: 'The connection was not deleted' }));
    }
  }

  function offerForce(error) {
    clear(errorArea).append(notice('error', 'The connection is in use', h('p', {}, error.message)));
    const anyway = h('button', { type: 'button', class: 'danger', onclick: confirmForce }, 'Delete anyway');
    actions.replaceChildren(anyway, cancel);
    anyway.focus();
  }

  function confirmForce() {
    const count = dependents.length;
    const confirm = h('button', { type: 'button', class: 'danger', onclick: () => remove(true) }, 'Yes, delete it anyway');
    const back = h('button', { type: 'button', onclick: () => dialog.close() }, 'Keep the connection');
    clear(errorArea).append(notice('error', 'Are you sure?',
      h('p', {}, count
        ? `${count} ${count === 1 ? 'dependent' : 'dependents'} will stop working, and the connection cannot be restored.`
        : 'What uses it will stop working, and the connection cannot be restored.')));
    actions.replaceChildren(confirm, back);
    back.focus();
  }
}
