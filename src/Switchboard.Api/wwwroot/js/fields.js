// Form fields with labels, hints and a place for the API's messages, and the mapping of a problem's
// `errors` (keys such as "alias", "credentials.key", "settings.accountName", "rotation.notifyBefore")
// onto them. Messages without a field go to the summary at the top of the form.
import { append, clear, h, uid } from './dom.js';
import { explanationOf, humanize } from './views/common.js';

/** A labelled field wrapper; `key` is the API's name for it (errors with that key land here). */
export function field({ key, label, control, hint, required = false, className = '' }) {
  const id = control.id || (control.id = uid('field'));
  const hintId = hint ? uid('hint') : null;
  const errorId = uid('error');
  if (hintId) control.setAttribute('aria-describedby', hintId);
  if (required) control.setAttribute('aria-required', 'true');
  return h('div', { class: `field ${className}`, dataset: { field: key ?? '' } },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

export const input = (attributes) => h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attributes });

/** A credential input: a password field that browsers neither fill nor offer to save. */
export const secretInput = (attributes) => h('input', {
  type: 'password', autocomplete: 'new-password', spellcheck: 'false', autocapitalize: 'off', 'data-secret': '', ...attributes,
});

/** The summary at the top of a form: the problem's detail and the list of field messages. */
export function errorSummary() {
  return h('div', { class: 'notice notice-error error-summary', role: 'alert', tabindex: '-1', hidden: true });
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll('.field-error')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const element of form.querySelectorAll('[aria-invalid]')) {
    element.removeAttribute('aria-invalid');
    const describedBy = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('error-'));
    if (describedBy.length) element.setAttribute('aria-describedby', describedBy.join(' '));
    else element.removeAttribute('aria-describedby');
  }
  const summary = form.querySelector('.error-summary');
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

/**
 * Shows an ApiError on a form: each `errors` entry next to its field, the detail (and anything that has no
 * field) in the summary, which takes the focus.
 */
export function showErrors(form, error, { title = 'The changes were not saved' } = {}) {
  clearErrors(form);
  const summary = form.querySelector('.error-summary');
  const items = [];
  for (const [key, messages] of Object.entries(error.errors ?? {})) {
    const text = [].concat(messages).join(' ');
    const target = fieldFor(form, key);
    if (target) {
      const message = target.querySelector(':scope > .field-error');
      message.textContent = message.textContent ? `${message.textContent} ${text}` : text;
      message.hidden = false;
      const control = target.querySelector('input:not([type=radio]):not([type=checkbox]), select, textarea') ?? target.querySelector('input');
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        describedBy.add(message.id);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
      }
      items.push(h('li', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); (control ?? target).focus(); } },
        `${labelOf(target, key)}: ${text}`)));
    } else {
      items.push(h('li', {}, `${humanize(key.split('.').pop())}: ${text}`));
    }
  }
  if (summary) {
    append(clear(summary), [
      h('p', { class: 'notice-title' }, title),
      h('p', {}, error.message),
      explanationOf(error) ? h('p', {}, explanationOf(error)) : null,
      items.length ? h('ul', {}, items) : null]);
    summary.hidden = false;
    summary.focus();
  }
}

function fieldFor(form, key) {
  // "credentials.key" -> its field; "credentials.x" of a custom key row; else the nearest group ("credentials").
  const exact = [...form.querySelectorAll('[data-field]')].find((element) => element.dataset.field === key);
  if (exact) return exact;
  const group = key.split('.')[0];
  return [...form.querySelectorAll('[data-field]')].find((element) => element.dataset.field === group) ?? null;
}

function labelOf(target, key) {
  const label = target.querySelector(':scope > .group-label') ?? target.querySelector(':scope > label, :scope > legend');
  return label ? label.textContent.replace(/\s*\*$/, '').trim() : humanize(key);
}
