import type { Role } from '../db/schema.js';

export type { Role };

/** Every permission a route can require. Roles are fixed bundles of them. */
export const PERMISSIONS = [
  'patients:read',
  'patients:write',
  'patients:merge',
  'patients:import',
  'audit:read',
  'staff:manage',
  'tokens:manage',
  'inbox:read',
  'inbox:reply',
  'inbox:manage',
  'tasks:read',
  'tasks:write',
  'schedule:read',
  'schedule:book',
  'schedule:manage',
  'feedback:read',
  'feedback:manage',
  'recovery:work',
  'reports:read',
  'reports:manage',
  'tasks:manage',
  'referrals:read',
  'referrals:write',
  'quality:read',
  'quality:report',
  'quality:manage',
  'broadcast:read',
  'broadcast:send',
  'assistant:manage',
  'webhooks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES: Record<Role, { label: string; permissions: readonly Permission[] }> = {
  admin: { label: 'Administrator', permissions: PERMISSIONS },
  agent: { label: 'Front desk / call center agent', permissions: ['patients:read', 'patients:write', 'patients:import', 'inbox:read', 'inbox:reply', 'tasks:read', 'tasks:write', 'schedule:read', 'schedule:book', 'feedback:read', 'recovery:work', 'referrals:read', 'referrals:write', 'quality:report', 'broadcast:read'] },
  clinician: { label: 'Clinician', permissions: ['patients:read', 'patients:write', 'inbox:read', 'inbox:reply', 'tasks:read', 'tasks:write', 'schedule:read', 'schedule:book', 'feedback:read', 'recovery:work', 'reports:read', 'referrals:read', 'referrals:write', 'quality:report'] },
  quality_manager: { label: 'Quality manager', permissions: ['patients:read', 'audit:read', 'inbox:read', 'inbox:manage', 'tasks:read', 'tasks:write', 'schedule:read', 'feedback:read', 'feedback:manage', 'recovery:work', 'reports:read', 'reports:manage', 'tasks:manage', 'referrals:read', 'quality:read', 'quality:report', 'quality:manage', 'broadcast:read', 'assistant:manage'] },
  viewer: { label: 'Viewer (read only)', permissions: ['patients:read', 'inbox:read', 'tasks:read', 'schedule:read', 'feedback:read', 'reports:read', 'referrals:read', 'quality:read', 'broadcast:read'] },
};

export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(ROLES[role].permissions);
}

/**
 * Who is acting: a signed-in staff member, an API token, the system itself (jobs, CLI), or an
 * inbox automation rule (its events are never fed back to the rules, so rules cannot loop).
 */
export interface Actor {
  organizationId: string;
  type: 'user' | 'token' | 'system' | 'automation';
  id: string | null;
  label: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  source: 'web' | 'api' | 'cli' | 'job';
  sessionId?: string;
}

export function systemActor(organizationId: string, source: Actor['source'] = 'job', label = 'Careloop'): Actor {
  return { organizationId, type: 'system', id: null, label, role: 'admin', permissions: permissionsOf('admin'), source };
}

/** An automation rule acting on its own (label "Automation: <rule name>"); events it causes carry actor type 'automation'. */
export function automationActor(organizationId: string, label: string): Actor {
  return { ...systemActor(organizationId, 'job', label), type: 'automation' };
}
