// The credentials card: names and where they are kept, never values, unless the caller explicitly reveals
// them (POST listSecrets, audited). "Hide" takes the values out of the page again; so does leaving it.
import { call } from '../api.js';
import { append, clear, code, definitions, h } from '../dom.js';
import { announce } from '../status.js';
import { humanize, messageOf } from './common.js';

const SOURCES = { KeyVault: 'Key Vault', ConfigurationReference: 'Configuration reference', None: 'None' };

export function credentialsCard({ path, connection }) {
  const fields = connection.credentialFields ?? [];
  const references = Object.entries(connection.credentialReferences ?? {});
  const revealed = h('div', { class: 'revealed', 'aria-live': 'polite' });
  const reveal = h('button', { type: 'button', onclick: () => show() }, 'Reveal');
  const hide = h('button', { type: 'button', hidden: true, onclick: () => conceal(true) }, 'Hide');

  function conceal(announceIt) {
    clear(revealed);
    hide.hidden = true;
    reveal.hidden = false;
    if (announceIt) {
      announce('The credentials are hidden again.');
      reveal.focus();
    }
  }

  async function show() {
    reveal.disabled = true;
    try {
      const { data } = await call(`${path}/listSecrets`, { method: 'POST' });
      const entries = Object.entries(data?.credentials ?? {});
      append(clear(revealed), [
        h('p', { class: 'hint' }, 'Revealed values are shown to you only and the reveal is recorded in the audit log.'),
        entries.length
          ? h('dl', { class: 'facts secrets' }, entries.map(([name, value]) =>
            h('div', { class: 'fact' }, h('dt', {}, humanize(name)), h('dd', {}, h('code', { class: 'secret-value' }, value)))))
          : h('p', { class: 'muted' }, 'There are no credential values.'),
        data?.unresolved?.length
          ? h('p', { class: 'notice notice-warning' }, `Not found in the service\u2019s configuration: ${data.unresolved.join(', ')}.`)
          : null]);
      reveal.hidden = true;
      hide.hidden = false;
      hide.focus();
    } catch (error) {
      clear(revealed).append(h('p', { class: 'notice notice-error', role: 'alert' },
        error.status === 403 ? 'You may not list secrets.' : messageOf(error)));
    } finally {
      reveal.disabled = false;
    }
  }

  // Nothing revealed survives the tab being hidden or left.
  const onHidden = () => {
    if (!revealed.isConnected) {
      document.removeEventListener('visibilitychange', onHidden);
      return;
    }
    if (document.visibilityState === 'hidden') conceal(false);
  };
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', () => conceal(false), { once: true });

  return h('section', { class: 'card card-credentials' },
    h('h2', {}, 'Credentials'),
    definitions([
      ['Fields', fields.length ? h('span', {}, fields.map((f, i) => [i ? ', ' : '', code(f)])) : 'None'],
      ['Kept in', SOURCES[connection.credentialSource] ?? connection.credentialSource],
      references.length ? ['References', h('span', {}, references.map(([f, ref], i) => [i ? ', ' : '', `${f}: `, code(ref)]))] : null,
      connection.secretVersion ? ['Secret version', code(connection.secretVersion)] : null,
    ]),
    fields.length
      ? [h('p', { class: 'hint' }, 'Credentials are write-only and never shown unless you reveal them.'),
        h('div', { class: 'card-actions' }, reveal, hide), revealed]
      : h('p', { class: 'muted' }, 'This connection stores no credentials.'));
}
