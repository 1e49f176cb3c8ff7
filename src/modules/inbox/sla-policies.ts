import { conflict, invalid, notFound, pgErrorCode, UNIQUE_VIOLATION } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import type { NewSlaPolicy, SlaPolicy, SlaPolicyChanges } from './admin-schemas.js';
import { settingsChanged } from './automation-cache.js';
import { findDepartmentOf } from './hours.js';
import { scheduleRecompute } from './sla.js';
import * as slaStore from './sla-store.js';
import type { SlaPolicyRow } from './sla-store.js';

/** SLA policies: response and resolution targets per team and priority (the clinic's apply where a team has none). */
export const presentPolicy = (row: SlaPolicyRow): SlaPolicy => ({
  id: row.id, name: row.name, departmentId: row.department_id, priority: row.priority,
  firstResponseMinutes: row.first_response_minutes, nextResponseMinutes: row.next_response_minutes, resolutionMinutes: row.resolution_minutes,
  businessHours: row.business_hours, warnBeforeMinutes: row.warn_before_minutes,
});

export async function listPolicies(platform: Platform, actor: Actor) {
  return (await slaStore.listPolicies(platform.db, actor.organizationId)).map(presentPolicy);
}

function checkTargets(policy: Pick<SlaPolicy, 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes'>) {
  if (policy.firstResponseMinutes === null && policy.nextResponseMinutes === null && policy.resolutionMinutes === null) {
    throw invalid('firstResponseMinutes', 'set at least one target (first response, next response or resolution minutes)');
  }
}

async function saving<T>(work: () => Promise<T>, policy: Pick<SlaPolicy, 'departmentId' | 'priority'>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) {
      throw conflict('sla_policy_exists', `There is already a policy for ${policy.priority} priority ${policy.departmentId ? 'in this team' : 'clinic-wide'}: edit that one.`, { departmentId: policy.departmentId, priority: policy.priority });
    }
    throw error;
  }
}

export async function createPolicy(platform: Platform, actor: Actor, input: NewSlaPolicy): Promise<SlaPolicy> {
  const policy = {
    name: input.name.trim(), departmentId: input.departmentId ?? null, priority: input.priority,
    firstResponseMinutes: input.firstResponseMinutes ?? null, nextResponseMinutes: input.nextResponseMinutes ?? null, resolutionMinutes: input.resolutionMinutes ?? null,
    businessHours: input.businessHours ?? true, warnBeforeMinutes: input.warnBeforeMinutes ?? 15,
  };
  checkTargets(policy);
  if (policy.departmentId) await findDepartmentOf(platform, actor, policy.departmentId);
  const row = await saving(() => slaStore.insertPolicy(platform.db, {
    organization_id: actor.organizationId, name: policy.name, department_id: policy.departmentId, priority: policy.priority,
    first_response_minutes: policy.firstResponseMinutes, next_response_minutes: policy.nextResponseMinutes, resolution_minutes: policy.resolutionMinutes,
    business_hours: policy.businessHours, warn_before_minutes: policy.warnBeforeMinutes,
  }), policy);
  await settingsChanged(platform, actor.organizationId);
  await scheduleRecompute(platform, actor.organizationId);
  return presentPolicy(row);
}

export async function updatePolicy(platform: Platform, actor: Actor, id: string, changes: SlaPolicyChanges): Promise<SlaPolicy> {
  const before = await slaStore.findPolicy(platform.db, actor.organizationId, id);
  if (!before) throw notFound('SLA policy', id);
  const after = { ...presentPolicy(before), ...changes };
  checkTargets(after);
  if (changes.departmentId) await findDepartmentOf(platform, actor, changes.departmentId);
  const row = await saving(() => slaStore.updatePolicy(platform.db, actor.organizationId, id, {
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
    ...(changes.priority !== undefined && { priority: changes.priority }),
    ...(changes.firstResponseMinutes !== undefined && { first_response_minutes: changes.firstResponseMinutes }),
    ...(changes.nextResponseMinutes !== undefined && { next_response_minutes: changes.nextResponseMinutes }),
    ...(changes.resolutionMinutes !== undefined && { resolution_minutes: changes.resolutionMinutes }),
    ...(changes.businessHours !== undefined && { business_hours: changes.businessHours }),
    ...(changes.warnBeforeMinutes !== undefined && { warn_before_minutes: changes.warnBeforeMinutes }),
  }), after);
  if (!row) throw notFound('SLA policy', id);
  await settingsChanged(platform, actor.organizationId);
  await scheduleRecompute(platform, actor.organizationId);
  return presentPolicy(row);
}

export async function deletePolicy(platform: Platform, actor: Actor, id: string) {
  const removed = await platform.db.transaction().execute((trx) => slaStore.deletePolicy(trx, actor.organizationId, id));
  if (!removed) throw notFound('SLA policy', id);
  await settingsChanged(platform, actor.organizationId);
  await scheduleRecompute(platform, actor.organizationId);
}
