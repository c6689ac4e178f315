// The request bodies of the connection form: the whole connection to create (POST), or a JSON merge patch
// (PATCH) of only what the user changed, so that fields someone else changed meanwhile are not sent back.
import { toLocalInput } from '../dom.js';

function rotationOf(v) {
  const rotation = {};
  if (v.rotation.notifyBefore) rotation.notifyBefore = v.rotation.notifyBefore;
  if (v.rotation.gracePeriod) rotation.gracePeriod = v.rotation.gracePeriod;
  if (v.rotation.validityPeriod) rotation.validityPeriod = v.rotation.validityPeriod;
  if (v.rotation.autoRotate) rotation.autoRotate = true;
  return rotation;
}

export function createBody(v, provider, hubScope) {
  const body = { alias: v.alias, provider: provider?.id, target: v.target, authType: v.authType, isActive: v.isActive };
  if (v.name) body.name = v.name;
  const takesCredentials = v.authType === 'CustomKeys' || (provider?.credentialFields?.[v.authType] ?? []).length > 0;
  if (takesCredentials) body.credentials = v.credentials;
  const settings = Object.fromEntries(Object.entries(v.settings).filter(([, value]) => value !== ''));
  if (Object.keys(settings).length) body.settings = settings;
  if (v.expiresAt) body.expiresAt = v.expiresAt;
  const rotation = rotationOf(v);
  if (Object.keys(rotation).length) body.rotation = rotation;
  if (hubScope) body.sharedWith = v.sharedWith;
  if (Object.keys(v.metadata).length) body.metadata = v.metadata;
  return body;
}

/** A JSON merge patch of what changed; null removes (a setting, an expiry) or restores a default. */
export function patchOf(connection, v, provider) {
  const patch = {};
  if (v.name !== (connection.name ?? '')) patch.name = v.name || null;
  if (v.target !== connection.target) patch.target = v.target;
  if (v.authType !== connection.authType) patch.authType = v.authType;
  const takesCredentials = v.authType === 'CustomKeys' || (provider?.credentialFields?.[v.authType] ?? []).length > 0;
  if (Object.keys(v.credentials).length > 0 || (patch.authType && takesCredentials)) patch.credentials = v.credentials;
  else if (patch.authType) patch.credentials = {};

  const settings = diff(connection.settings ?? {}, v.settings, true);
  if (Object.keys(settings).length) patch.settings = settings;
  if (toLocalInput(connection.expiresAt) !== toLocalInput(v.expiresAt)) patch.expiresAt = v.expiresAt;

  const before = connection.rotation ?? {};
  const rotation = {};
  for (const key of ['notifyBefore', 'gracePeriod', 'validityPeriod']) {
    if ((before[key] ?? '') !== v.rotation[key]) rotation[key] = v.rotation[key] || null;
  }
  if ((before.autoRotate === true) !== v.rotation.autoRotate) rotation.autoRotate = v.rotation.autoRotate;
  if (Object.keys(rotation).length) patch.rotation = rotation;

  if (v.sharedWith !== undefined && JSON.stringify(normalizeShared(connection.sharedWith)) !== JSON.stringify(normalizeShared(v.sharedWith))) {
    patch.sharedWith = v.sharedWith;
  }
  const metadata = diff(connection.metadata ?? {}, v.metadata, false);
  if (Object.keys(metadata).length) patch.metadata = metadata;
  return patch;
}

function diff(before, after, emptyRemoves) {
  const changes = {};
  for (const [key, value] of Object.entries(after)) {
    if (emptyRemoves && value === '') {
      if (key in before) changes[key] = null;
    } else if (before[key] !== value) {
      changes[key] = value;
    }
  }
  for (const key of Object.keys(before)) if (!(key in after) && !emptyRemoves) changes[key] = null;
  return changes;
}

function normalizeShared(value) {
  return value === 'all' || value == null ? 'all' : [...value].sort();
}
