// The portal's shell: the hub and project pickers, the section navigation, sign-in, and which page to show.
import { all, ApiError } from './api.js';
import { currentSignIn, describeSignIn, onUnauthorized, signOut } from './auth.js';
import { closeDialogs } from './dialog.js';
import { append, clear, h } from './dom.js';
import { href, parseRoute } from './router.js';
import { showSignIn } from './signin.js';
import { announce } from './status.js';
import { errorPanel, pageHeader } from './views/common.js';
import { renderAudit } from './views/audit.js';
import { renderConnectionDetails } from './views/connection-details.js';
import { renderConnectionForm } from './views/connection-form.js';
import { renderConnections } from './views/connections.js';
import { renderKeyVault } from './views/keyvault.js';

const HUB_KEY = 'switchboard.hub';
const main = document.getElementById('main');
const hubPicker = document.getElementById('hub-picker');
const projectPicker = document.getElementById('project-picker');

const cache = { hubs: null, projects: new Map(), providers: null };
let renders = 0;
let firstRender = true;

function resetCache() {
  cache.hubs = null;
  cache.projects.clear();
  cache.providers = null;
}

async function hubs() {
  cache.hubs ??= await all('/api/hubs');
  return cache.hubs;
}

async function projectsOf(hub) {
  if (!cache.projects.has(hub)) cache.projects.set(hub, await all(`/api/hubs/${encodeURIComponent(hub)}/projects`));
  return cache.projects.get(hub);
}

async function providers() {
  cache.providers ??= await all('/api/providers');
  return cache.providers;
}

function updateAccount() {
  const signedIn = currentSignIn() !== null;
  document.getElementById('account-state').textContent = describeSignIn();
  document.getElementById('sign-in-button').hidden = signedIn;
  document.getElementById('sign-out-button').hidden = !signedIn;
}

function fillPickers(route, hubList, projectList) {
  hubPicker.replaceChildren(...hubList.map((hub) =>
    h('option', { value: hub.name }, hub.displayName && hub.displayName !== hub.name ? `${hub.displayName} (${hub.name})` : hub.name)));
  hubPicker.value = route.hub ?? '';
  hubPicker.disabled = hubList.length === 0;
  projectPicker.replaceChildren(h('option', { value: '' }, 'None (hub level)'),
    ...projectList.map((project) => h('option', { value: project.name }, project.displayName && project.displayName !== project.name
      ? `${project.displayName} (${project.name})` : project.name)));
  projectPicker.value = route.section === 'connections' ? route.project ?? '' : '';
  projectPicker.disabled = !route.hub;
}

function fillNavigation(route) {
  const links = {
    connections: href({ hub: route.hub, project: route.project }),
    keyvault: href({ hub: route.hub, section: 'keyvault' }),
    audit: href({ hub: route.hub, section: 'audit' }),
  };
  for (const [section, link] of Object.entries(links)) {
    const anchor = document.getElementById(`nav-${section}`);
    anchor.href = link;
    if (route.section === section) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
}

async function render() {
  const token = ++renders;
  const route = parseRoute(window.location.hash);
  closeDialogs();
  updateAccount();

  let hubList;
  try {
    hubList = await hubs();
  } catch (error) {
    if (token === renders) showFailure(error, 'The hubs could not be loaded');
    return;
  }
  if (token !== renders) return;

  if (!route.hub) {
    const remembered = sessionStorage.getItem(HUB_KEY);
    const hub = hubList.find((candidate) => candidate.name === remembered) ?? hubList[0];
    if (hub) {
      window.location.replace(href({ hub: hub.name }));
    } else {
      fillPickers(route, [], []);
      clear(main).append(pageHeader('No hubs yet'),
        h('p', {}, 'There is no hub that you may see. A platform Administrator creates hubs (PUT /api/hubs/{hub}); '
          + 'ask one to create a hub or to give you a role in one, then sign in with that key or token.'));
    }
    return;
  }
  sessionStorage.setItem(HUB_KEY, route.hub);

  let projectList = [];
  try {
    projectList = await projectsOf(route.hub);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (token === renders) showFailure(error, 'Sign in to continue');
      return;
    }
    // A caller with a role in one project may not list the hub's projects; the pages still work.
  }
  if (token !== renders) return;
  fillPickers(route, hubList.some((hub) => hub.name === route.hub) ? hubList : [...hubList, { name: route.hub }], projectList);
  fillNavigation(route);

  const context = {
    route,
    scope: { hub: route.hub, project: route.section === 'connections' ? route.project : null },
    projects: projectList,
    providers,
  };
  const view = h('div', { class: 'view' });
  clear(main).append(view);
  try {
    if (route.section === 'keyvault') await renderKeyVault(view, context);
    else if (route.section === 'audit') await renderAudit(view, context);
    else if (route.mode === 'new') await renderConnectionForm(view, context);
    else if (route.mode === 'edit') await renderConnectionForm(view, context);
    else if (route.mode === 'details') await renderConnectionDetails(view, context);
    else await renderConnections(view, context);
  } catch (error) {
    if (token === renders) clear(view).append(pageHeader('Not available'), errorPanel(error, { retry: render }));
  }
  if (token !== renders) return;
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} \u00b7 Switchboard` : 'Switchboard';
  // After navigation, start screen readers and keyboards at the new page's heading.
  if (!firstRender) (heading ?? main).focus();
  firstRender = false;
}

function showFailure(error, title) {
  fillPickers({}, [], []);
  append(clear(main), [pageHeader(title), errorPanel(error, { title: error?.status === 401 ? 'You are not signed in' : title, retry: render }),
    error?.status === 401 ? h('button', { type: 'button', class: 'primary', onclick: () => showSignIn(null, afterSignIn) }, 'Sign in') : null]);
}

function afterSignIn() {
  resetCache();
  render();
}

hubPicker.addEventListener('change', () => {
  window.location.hash = href({ hub: hubPicker.value });
});
projectPicker.addEventListener('change', () => {
  window.location.hash = href({ hub: hubPicker.value, project: projectPicker.value || null });
});
document.getElementById('sign-in-button').addEventListener('click', () => showSignIn(null, afterSignIn));
document.getElementById('sign-out-button').addEventListener('click', () => {
  signOut();
  resetCache();
  announce('Signed out. The key or token was removed from this tab.');
  render();
});
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (main.querySelector('h1') ?? main).focus();
});
onUnauthorized((message) => showSignIn(message, afterSignIn));
window.addEventListener('hashchange', render);
render();
