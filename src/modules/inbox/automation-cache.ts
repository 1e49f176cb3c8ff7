import type { Platform } from '../../platform/platform.js';
import { forgetCalendars } from './calendar.js';
import * as rulesStore from './rules-store.js';
import type { RuleRow } from './rules-store.js';
import * as slaStore from './sla-store.js';
import type { SlaPolicyRow } from './sla-store.js';

/**
 * A clinic's SLA policies and enabled rules, read on every inbound message, are kept for at most
 * 30 s per process. It is a cache, not state: a change publishes `inbox.settings_changed`, which
 * every process receives (LISTEN/NOTIFY) and forgets at once; the 30 s bound a process that missed it.
 */
export const SETTINGS_CHANGED = 'inbox.settings_changed';
const CACHE_MS = 30_000;

interface Settings { policies: SlaPolicyRow[]; rules: RuleRow[] }
// Keyed by the configuration object, which transaction-scoped copies of the platform share.
const caches = new WeakMap<Platform['config'], Map<string, { settings: Promise<Settings>; until: number }>>();

function entriesOf(platform: Platform) {
  const entries = caches.get(platform.config) ?? new Map<string, { settings: Promise<Settings>; until: number }>();
  caches.set(platform.config, entries);
  return entries;
}

async function settingsOf(platform: Platform, organizationId: string): Promise<Settings> {
  const entries = entriesOf(platform);
  const hit = entries.get(organizationId);
  if (hit && hit.until > Date.now()) return hit.settings;
  const settings = Promise.all([slaStore.listPolicies(platform.db, organizationId), rulesStore.listRules(platform.db, organizationId)])
    .then(([policies, rules]) => ({ policies, rules: rules.filter((rule) => rule.enabled) }));
  entries.set(organizationId, { settings, until: Date.now() + CACHE_MS });
  settings.catch(() => entries.delete(organizationId));
  return settings;
}

export const policiesOf = async (platform: Platform, organizationId: string) => (await settingsOf(platform, organizationId)).policies;

/** The enabled rules of one event, in the order they run (position, then age). */
export const rulesOf = async (platform: Platform, organizationId: string, event: string) =>
  (await settingsOf(platform, organizationId)).rules.filter((rule) => rule.event === event);

/** Forgets what this process kept of a clinic's settings (and its business calendars). */
export function forgetSettings(platform: Platform, organizationId: string) {
  entriesOf(platform).delete(organizationId);
  forgetCalendars(platform, organizationId);
}

/** Policies, rules, hours or holidays changed: every process forgets what it kept of this clinic. */
export async function settingsChanged(platform: Platform, organizationId: string) {
  forgetSettings(platform, organizationId);
  await platform.events.publish({
    type: SETTINGS_CHANGED, version: 1, organizationId, actor: { type: 'system', id: null, label: 'Careloop' }, at: new Date().toISOString(), data: {},
  });
}

export function subscribeSettingsChanges(platform: Platform) {
  return platform.events.subscribe(SETTINGS_CHANGED, (event) => forgetSettings(platform, event.organizationId), { everyProcess: true });
}
