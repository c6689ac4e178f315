// Hash routes, so the same files work at / and at /api/portal/ without server-side routing:
//   #/hubs/{hub}[/projects/{project}]/connections[/{alias}[/edit]]
//   #/hubs/{hub}[/projects/{project}]/new-connection
//   #/hubs/{hub}/keyvault      #/hubs/{hub}/audit

export function parseRoute(hash) {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const route = { hub: null, project: null, section: 'connections', mode: 'list', alias: null };
  if (parts[0] !== 'hubs' || !parts[1]) return route;
  route.hub = parts[1];
  let rest = parts.slice(2);
  if (rest[0] === 'projects' && rest[1]) {
    route.project = rest[1];
    rest = rest.slice(2);
  }
  switch (rest[0]) {
    case 'keyvault':
    case 'audit':
      route.section = rest[0];
      break;
    case 'new-connection':
      route.mode = 'new';
      break;
    case 'connections':
      if (rest[1]) {
        route.alias = rest[1];
        route.mode = rest[2] === 'edit' ? 'edit' : 'details';
      }
      break;
    default:
      break;
  }
  return route;
}

const enc = encodeURIComponent;

export function href({ hub, project = null, section = 'connections', mode = 'list', alias = null }) {
  if (!hub) return '#/';
  const base = `#/hubs/${enc(hub)}`;
  if (section === 'keyvault' || section === 'audit') return `${base}/${section}`;
  const scope = project ? `${base}/projects/${enc(project)}` : base;
  if (mode === 'new') return `${scope}/new-connection`;
  if (alias && mode === 'edit') return `${scope}/connections/${enc(alias)}/edit`;
  if (alias) return `${scope}/connections/${enc(alias)}`;
  return `${scope}/connections`;
}
