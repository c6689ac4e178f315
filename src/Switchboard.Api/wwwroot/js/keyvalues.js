// An editable list of name/value pairs: metadata, and the free-form credentials of CustomKeys.
import { h, uid } from './dom.js';
import { input, secretInput } from './fields.js';

/**
 * `group` is the API's field name ("metadata", "credentials"); each row takes errors for "group.name".
 * Returns { element, entries() } where entries() gives the rows that have a name.
 */
export function keyValueEditor({ group, legend, hint, addLabel, secret = false, entries = [] }) {
  const rows = h('div', { class: 'kv-rows' });
  const hintId = hint ? uid('hint') : null;
  const fieldset = h('fieldset', { class: 'kv', dataset: { field: group } },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    rows,
    h('button', { type: 'button', class: 'button-quiet', onclick: () => addRow('', '', true) }, h('span', { 'aria-hidden': 'true' }, '+ '), addLabel),
    h('p', { class: 'field-error', id: uid('error'), hidden: true }));

  function addRow(name, value, focus) {
    const number = rows.children.length + 1;
    const nameInput = input({ value: name, 'aria-label': `${legend}: name ${number}` });
    const valueInput = secret
      ? secretInput({ value, 'aria-label': `${legend}: value ${number}` })
      : input({ value, 'aria-label': `${legend}: value ${number}` });
    const row = h('div', { class: 'kv-row', dataset: { field: `${group}.${name}` } },
      h('span', { class: 'group-label visually-hidden' }, `${legend} ${number}`),
      nameInput, valueInput,
      h('button', { type: 'button', class: 'button-quiet', 'aria-label': `Remove ${legend.toLowerCase()} ${number}`,
        onclick: () => { row.remove(); fieldset.querySelector('button')?.focus(); } }, 'Remove'),
      h('p', { class: 'field-error', id: uid('error'), hidden: true }));
    nameInput.addEventListener('input', () => { row.dataset.field = `${group}.${nameInput.value.trim()}`; });
    rows.append(row);
    if (focus) nameInput.focus();
  }

  for (const [name, value] of entries) addRow(name, value, false);

  return {
    element: fieldset,
    entries: () => [...rows.querySelectorAll('.kv-row')]
      .map((row) => [row.querySelector('input').value.trim(), row.querySelectorAll('input')[1].value])
      .filter(([name]) => name),
  };
}
