// Long-running work (rotation, Key Vault setup): poll GET /api/operations/{id}?showHistory=true while it
// answers 202, waiting as long as its Retry-After says, and show the step, the progress and the history.
import { call, localPath, withQuery } from './api.js';
import { badge, clear, h, time } from './dom.js';
import { messageOf } from './views/common.js';

/** Where to follow an operation: the Location header, else the id in its body or in a 409's problem. */
export function operationLocation(result) {
  if (result?.location) return localPath(result.location);
  const id = result?.data?.id ?? result?.problem?.operationId;
  return id ? `/api/operations/${encodeURIComponent(id)}` : null;
}

const FINISHED = new Set(['Completed', 'Failed', 'Terminated', 'Succeeded', 'Canceled', 'Cancelled']);

export function operationPanel(location, { title = 'Operation', onFinished, note } = {}) {
  const heading = h('h2', {}, title);
  const status = h('span', {}, badge('Pending'));
  const body = h('div', { class: 'operation-body' }, h('p', { class: 'loading' }, 'Waiting for the service…'));
  const panel = h('section', { class: 'card operation', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('div', { class: 'operation-header' }, heading, status),
    note ? h('p', { class: 'hint' }, note) : null,
    body);

  if (!location) {
    panel.removeAttribute('aria-busy');
    clear(body).append(h('p', {}, 'The service did not say where to follow this operation.'));
    return panel;
  }

  (async () => {
    const url = withQuery(location, { showHistory: true });
    for (;;) {
      let result;
      try {
        result = await call(url);
      } catch (error) {
        if (!panel.isConnected) return;
        panel.removeAttribute('aria-busy');
        clear(body).append(h('p', { class: 'notice notice-error', role: 'alert' }, error.isMissingEndpoint
          ? 'Progress cannot be shown: this server does not offer /api/operations yet.'
          : `The operation could not be read: ${messageOf(error)}`));
        return;
      }
      if (!panel.isConnected) return;
      const operation = result.data ?? {};
      if (operation.name && title === 'Operation') heading.textContent = operation.name;
      status.replaceChildren(badge(operation.status ?? 'Running'));
      clear(body).append(describe(operation));
      if (result.status !== 202 || FINISHED.has(operation.status)) {
        panel.removeAttribute('aria-busy');
        onFinished?.(operation);
        return;
      }
      const seconds = Math.min(30, Math.max(1, result.retryAfter ?? 2));
      await new Promise((resolve) => { setTimeout(resolve, seconds * 1000); });
      if (!panel.isConnected) return;
    }
  })();
  return panel;
}

const EVENTS = {
  Started: 'Started', StepStarted: 'Step started', StepCompleted: 'Step completed', StepFailed: 'Step failed',
  StepRetrying: 'Retrying', RetryScheduled: 'Retry scheduled', Waiting: 'Waiting', Finished: 'Finished', Terminated: 'Terminated',
  CompensationStarted: 'Undoing the finished steps', CompensationStepStarted: 'Undoing', CompensationStepRun: 'Undone',
  CompensationStepCompleted: 'Undone', CompensationStepFailed: 'Could not undo',
};

function describe(operation) {
  const progress = operation.progress ?? {};
  const count = Number(progress.stepCount) || 0;
  // stepIndex counts from 0: the step now running (or the last one, once finished).
  const current = Math.min(count, (Number(progress.stepIndex) || 0) + 1);
  const done = operation.status === 'Completed' ? count : Math.max(0, current - 1);
  const history = Array.isArray(operation.history) ? operation.history : [];
  // A failed or stopped operation may have undone its steps; its history tells where it stopped.
  const ended = operation.status === 'Failed' || operation.status === 'Terminated';
  return h('div', { class: 'stack' },
    count && !ended ? h('p', { class: 'operation-step' },
      operation.status === 'Completed' ? `All ${count} steps done` : `Step ${current} of ${count}`,
      progress.step ? `: ${progress.step}` : '') : null,
    count && !ended ? h('progress', { max: String(count), value: String(done), 'aria-label': `${done} of ${count} steps done` }) : null,
    operation.status === 'Failed' || operation.error
      ? h('p', { class: 'notice notice-error' }, operation.error?.message ?? 'The operation failed.',
        operation.error?.code ? h('span', { class: 'muted' }, ` (${operation.error.code})`) : null)
      : null,
    operation.status === 'Completed' ? h('p', { class: 'notice notice-success' }, 'Completed.') : null,
    history.length ? h('div', {},
      h('h3', {}, 'History'),
      h('ol', { class: 'history' }, history.map((entry) => h('li', {},
        time(entry.timestamp ?? entry.time, { clockOnly: true }),
        ` ${EVENTS[entry.type] ?? entry.type ?? ''}`,
        entry.step ? h('strong', {}, ` ${entry.step}`) : null,
        entry.attempt > 1 ? h('span', { class: 'muted' }, ` (attempt ${entry.attempt})`) : null,
        entry.wakeAt ? h('span', { class: 'muted' }, [' at ', time(entry.wakeAt, { clockOnly: true })]) : null,
        entry.detail && entry.type !== 'Started' ? h('span', { class: 'muted' }, ` \u2014 ${entry.detail}`) : null,
        entry.error ? h('span', { class: 'history-error' }, ` ${entry.error.message ?? entry.error}`) : null)))) : null,
    h('p', { class: 'muted small' }, 'Started ', time(operation.createdAt), operation.lastUpdatedAt ? [' \u00b7 last update ', time(operation.lastUpdatedAt)] : null));
}
