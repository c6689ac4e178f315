// Modal dialogs on the native <dialog>: it keeps focus inside, makes the page behind inert and closes on
// Escape; closing returns focus to whatever opened it.
import { h, uid } from './dom.js';

export function openDialog({ title, content, className = '', onClose }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-header' },
      h('h2', { id: titleId }, title),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
    h('div', { class: 'dialog-body' }, content));
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus]') ?? dialog.querySelector('.dialog-body :is(input, select, textarea, button)');
  first?.focus();
  return dialog;
}

/** Closes every open dialog (on navigation, so none outlives its page). */
export function closeDialogs() {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
}
