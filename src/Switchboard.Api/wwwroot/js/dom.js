// Builds DOM from data without innerHTML, so nothing the API returns is ever parsed as markup.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

/** h('button', { class: 'primary', onclick: fn }, 'Save') */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  const properties = [];
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (PROPERTIES.has(name)) properties.push([name, value]);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  // A select's value can only be set once its options are there.
  for (const [name, value] of properties) element[name] = value;
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

let ids = 0;
export const uid = (prefix = 'id') => `${prefix}-${++ids}`;

const TONES = {
  Active: 'ok', Valid: 'ok', Completed: 'ok', Succeeded: 'ok',
  Disabled: 'off', Unknown: 'off', None: 'off', Terminated: 'off',
  ExpiringSoon: 'warn', Provisioning: 'info', Pending: 'info', Running: 'info', NotStarted: 'info',
  Expired: 'bad', Failed: 'bad', Unreachable: 'bad', Forbidden: 'bad',
};

const LABELS = { ExpiringSoon: 'Expiring soon', NotStarted: 'Not started' };

/** A status badge: a word (never colour alone) in a tinted pill. */
export function badge(value, { label, title } = {}) {
  const text = label ?? LABELS[value] ?? value ?? 'Unknown';
  return h('span', { class: `badge badge-${TONES[value] ?? 'off'}`, title }, text);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A <time> in the reader's time zone (the day only, or the time of day only), with the exact UTC value as its tooltip. */
export function time(iso, { dateOnly = false, clockOnly = false } = {}) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, (dateOnly ? dayFormat : clockOnly ? clockFormat : dateFormat).format(date));
}

/** A value for a datetime-local input (local time, minutes) from an ISO instant. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant from a datetime-local input's value (read as local time). */
export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** A labelled definition list from [term, value] pairs; values may be nodes. */
export function definitions(pairs, className = 'facts') {
  return h('dl', { class: className }, pairs.filter(Boolean).map(([term, value]) => [
    h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value === undefined || value === null || value === '' ? h('span', { class: 'muted' }, '—') : value)),
  ]));
}

export const code = (text) => h('code', {}, text);
