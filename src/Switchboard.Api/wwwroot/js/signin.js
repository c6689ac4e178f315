// The sign-in dialog: an API key (sent as x-api-key) or an Entra ID access token (sent as a bearer token).
import { signIn } from './auth.js';
import { openDialog } from './dialog.js';
import { h, uid } from './dom.js';
import { announce } from './status.js';

let open = null;

/** Shows the dialog (once, however many requests were answered 401), with the API's message if there is one. */
export function showSignIn(message, onSignedIn) {
  if (open) {
    if (message) open.querySelector('.sign-in-message')?.replaceChildren(message);
    return;
  }
  const secretId = uid('secret');
  const hintId = uid('hint');
  const secret = h('input', {
    id: secretId, type: 'password', name: 'secret', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': hintId, 'aria-required': 'true', autofocus: true,
  });
  const label = h('label', { for: secretId }, 'Key');
  const hint = h('p', { class: 'hint', id: hintId }, 'Kept in this browser tab only and sent as the x-api-key header.');
  const error = h('p', { class: 'field-error', hidden: true });
  const kinds = [['apiKey', 'API key'], ['token', 'Entra ID access token']].map(([value, text], i) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'kind', value, checked: i === 0 }), text));

  const form = h('form', { class: 'form', novalidate: true },
    message ? h('div', { class: 'notice notice-warning sign-in-message', role: 'alert' }, message) : null,
    h('fieldset', { class: 'choices' }, h('legend', {}, 'Sign in with'), kinds),
    h('div', { class: 'field' }, label, secret, hint, error),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));

  form.addEventListener('change', () => {
    const token = form.elements.kind.value === 'token';
    label.textContent = token ? 'Token' : 'Key';
    hint.textContent = token
      ? 'An Entra ID access token for the Switchboard API, kept in this browser tab only and sent as a bearer token.'
      : 'Kept in this browser tab only and sent as the x-api-key header.';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!secret.value.trim()) {
      error.textContent = 'Enter a key or a token.';
      error.hidden = false;
      secret.setAttribute('aria-invalid', 'true');
      secret.focus();
      return;
    }
    signIn(form.elements.kind.value, secret.value);
    secret.value = '';
    dialog.close();
    announce('Signed in.');
    onSignedIn?.();
  });

  const dialog = openDialog({ title: 'Sign in to Switchboard', content: form, onClose: () => { open = null; } });
  open = dialog;
}
