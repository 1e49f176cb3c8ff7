import { invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, listDepartments } from '../identity/service.js';
import { kpiByName, ragStatus, type KpiDefinition } from './catalogue.js';
import type { Target, TargetBody } from './schemas.js';
import * as store from './targets-store.js';

/** The range a target may take in each unit. */
const RANGES: Record<KpiDefinition['unit'], [number, number]> = { score: [-100, 100], percent: [0, 100], seconds: [0, 31_536_000], count: [0, 1e9] };

function present(row: store.TargetRow, departmentNames: Map<string, string>): Target {
  const kpi = kpiByName(row.kpi);
  return {
    id: row.id, kpi: row.kpi, label: kpi?.label ?? row.kpi, departmentId: row.department_id,
    departmentName: row.department_id ? departmentNames.get(row.department_id) ?? null : null,
    green: row.green, amber: row.amber, better: kpi?.better ?? 'higher',
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

async function departmentNames(platform: Platform, actor: Actor) {
  return new Map((await listDepartments(platform, actor, true)).map((department) => [department.id, department.name]));
}

/** The clinic's targets: clinic-wide ones and per department. */
export async function listTargets(platform: Platform, actor: Actor): Promise<Target[]> {
  const names = await departmentNames(platform, actor);
  return (await store.listTargets(platform.db, actor.organizationId)).map((row) => present(row, names));
}

/**
 * Sets (or replaces) a KPI's target for the clinic or a department. Green is the better threshold:
 * for a KPI where higher is better, amber may not be above green; where lower is better, not below.
 */
export async function setTarget(platform: Platform, actor: Actor, body: TargetBody): Promise<Target> {
  const kpi = kpiByName(body.kpi);
  if (!kpi) throw invalid('kpi', 'is not a known KPI');
  if (!kpi.metric) throw invalid('kpi', 'is not measured yet: a target cannot be judged');
  const [low, high] = RANGES[kpi.unit];
  for (const field of ['green', 'amber'] as const) {
    if (body[field] < low || body[field] > high) throw invalid(field, `must be between ${low} and ${high} for this KPI (${kpi.unit})`);
  }
  if (kpi.better === 'higher' && body.amber > body.green) throw invalid('amber', 'must not be better than green (higher is better for this KPI, so amber ≤ green)');
  if (kpi.better === 'lower' && body.amber < body.green) throw invalid('amber', 'must not be better than green (lower is better for this KPI, so amber ≥ green)');
  const departmentId = body.departmentId ?? null;
  if (departmentId && !(await findDepartmentById(platform, actor.organizationId, departmentId))) throw notFound('department', departmentId);
  const row = await store.upsertTarget(platform.db, { organizationId: actor.organizationId, kpi: kpi.kpi, departmentId, green: body.green, amber: body.amber });
  return present(row, await departmentNames(platform, actor));
}

export async function deleteTarget(platform: Platform, actor: Actor, id: string): Promise<void> {
  if (!(await store.deleteTarget(platform.db, actor.organizationId, id))) throw notFound('target', id);
}

export type TargetJudge = (kpi: KpiDefinition, value: number | null) =>
  { green: number; amber: number; status: 'green' | 'amber' | 'red' | null; departmentId: string | null } | null;

/** Judges values against the targets that apply: a department's own target before the clinic-wide one. */
export async function targetJudge(platform: Platform, organizationId: string, departmentId: string | null): Promise<TargetJudge> {
  const rows = await store.targetsFor(platform.db, organizationId, departmentId);
  const byKpi = new Map<string, store.TargetRow>();
  for (const row of rows) if (!byKpi.has(row.kpi) || row.department_id) byKpi.set(row.kpi, row);
  return (kpi, value) => {
    const target = byKpi.get(kpi.kpi);
    if (!target) return null;
    return { green: target.green, amber: target.amber, status: ragStatus(value, target, kpi.better), departmentId: target.department_id };
  };
}
