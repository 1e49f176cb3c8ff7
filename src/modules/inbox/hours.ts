import { conflict, invalidFields, notFound, pgErrorCode, UNIQUE_VIOLATION, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { findOrganization, listDepartments } from '../identity/service.js';
import type { BusinessHours, Holiday, HoursBody, NewHoliday, Period } from './admin-schemas.js';
import { settingsChanged as forgetEverywhere } from './automation-cache.js';
import { scheduleRecompute } from './sla.js';
import * as slaStore from './sla-store.js';

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const hhmm = (time: string) => time.slice(0, 5);

/** A department of the actor's clinic (another clinic's id is simply not found). */
export async function findDepartmentOf(platform: Platform, actor: Actor, departmentId: string) {
  const department = (await listDepartments(platform, actor, true)).find((d) => d.id === departmentId);
  if (!department) throw notFound('department', departmentId);
  return department;
}

/** Opening times must make sense: opens before closes, no two periods of one day overlapping. */
export function periodProblems(periods: Period[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  periods.forEach((period, index) => {
    if (minutesOf(period.opens) >= minutesOf(period.closes)) problems.push({ field: `periods.${index}.closes`, message: `must be after opens (${period.opens})` });
  });
  periods.forEach((period, index) => {
    const other = periods.findIndex((p, i) => i < index && p.weekday === period.weekday
      && minutesOf(p.opens) < minutesOf(period.closes) && minutesOf(period.opens) < minutesOf(p.closes));
    if (other >= 0) problems.push({ field: `periods.${index}`, message: `overlaps periods.${other} on ${WEEKDAYS[period.weekday]} (${periods[other]!.opens}-${periods[other]!.closes})` });
  });
  return problems;
}

const presentHoliday = (row: { id: string; day: string; name: string; department_id: string | null }): Holiday =>
  ({ id: row.id, day: row.day, name: row.name, departmentId: row.department_id });

/** A team's working hours (its own, or the clinic's when it has none) and the holidays that apply to it. */
export async function getBusinessHours(platform: Platform, actor: Actor, departmentId: string | null): Promise<BusinessHours> {
  if (departmentId) await findDepartmentOf(platform, actor, departmentId);
  const [organization, own, holidays] = await Promise.all([
    findOrganization(platform, actor.organizationId),
    slaStore.listOwnPeriods(platform.db, actor.organizationId, departmentId),
    slaStore.listHolidays(platform.db, actor.organizationId, departmentId),
  ]);
  const inherited = departmentId !== null && own.length === 0;
  const periods = inherited ? await slaStore.listOwnPeriods(platform.db, actor.organizationId, null) : own;
  return {
    departmentId, timeZone: organization?.time_zone ?? 'UTC', inherited,
    periods: periods.map((p) => ({ weekday: p.weekday, opens: hhmm(p.opens), closes: p.closes.startsWith('24') ? '24:00' : hhmm(p.closes) })),
    holidays: holidays.map(presentHoliday),
  };
}

async function settingsChanged(platform: Platform, organizationId: string) {
  await forgetEverywhere(platform, organizationId);
  await scheduleRecompute(platform, organizationId);
}

/** Replaces the working periods of the clinic (department null) or of one team. */
export async function setBusinessHours(platform: Platform, actor: Actor, input: HoursBody): Promise<BusinessHours> {
  if (input.departmentId) await findDepartmentOf(platform, actor, input.departmentId);
  const problems = periodProblems(input.periods);
  if (problems.length > 0) throw invalidFields(problems);
  const sorted = [...input.periods].sort((a, b) => a.weekday - b.weekday || minutesOf(a.opens) - minutesOf(b.opens));
  await platform.db.transaction().execute((trx) => slaStore.replacePeriods(trx, actor.organizationId, input.departmentId, sorted));
  await settingsChanged(platform, actor.organizationId);
  return getBusinessHours(platform, actor, input.departmentId);
}

/** A day the clinic (or one team) is closed. The same day twice in one scope: 409 holiday_exists. */
export async function addHoliday(platform: Platform, actor: Actor, input: NewHoliday): Promise<Holiday> {
  const departmentId = input.departmentId ?? null;
  if (departmentId) await findDepartmentOf(platform, actor, departmentId);
  try {
    const row = await slaStore.insertHoliday(platform.db, { organization_id: actor.organizationId, department_id: departmentId, day: input.day, name: input.name.trim() });
    await settingsChanged(platform, actor.organizationId);
    return presentHoliday(row);
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('holiday_exists', `${input.day} is already a holiday${departmentId ? ' of this team' : ''}.`, { day: input.day });
    throw error;
  }
}

export async function removeHoliday(platform: Platform, actor: Actor, id: string) {
  const removed = await slaStore.deleteHoliday(platform.db, actor.organizationId, id);
  if (!removed) throw notFound('holiday', id);
  await settingsChanged(platform, actor.organizationId);
}
