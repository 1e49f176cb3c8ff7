import { DateTime } from 'luxon';
import { HARM_LEVELS, INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../../db/schema-quality.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import * as capaStore from './capa-store.js';
import type { Dashboard } from './dashboard-schemas.js';
import { topFailureModes } from './fmea-service.js';
import { presentActions } from './incident-present.js';
import * as store from './incident-store.js';

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<string, number>;

/**
 * The quality dashboard: incidents per month (in the clinic's zone) by harm level and category,
 * incidents by status, open / waiting / overdue actions with the most overdue ones, and the FMEA
 * failure modes with the highest RPN.
 */
export async function qualityDashboard(platform: Platform, actor: Actor, monthCount: number): Promise<Dashboard> {
  const timeZone = (await findOrganization(platform, actor.organizationId))?.time_zone ?? 'UTC';
  const first = DateTime.now().setZone(timeZone).startOf('month').minus({ months: monthCount - 1 });
  const now = new Date();
  const [counts, statuses, totals, overdue, risks] = await Promise.all([
    store.incidentCounts(platform.db, actor.organizationId, first.toJSDate(), timeZone),
    store.statusCounts(platform.db, actor.organizationId),
    capaStore.actionTotals(platform.db, actor.organizationId, now),
    capaStore.listActions(platform.db, actor.organizationId, { overdue: true, now, limit: 10, offset: 0 }),
    topFailureModes(platform, actor, 10),
  ]);
  const months = Array.from({ length: monthCount }, (_, i) => ({
    month: first.plus({ months: i }).toFormat('yyyy-MM'), total: 0, byHarm: zeros(HARM_LEVELS), byCategory: zeros(INCIDENT_CATEGORIES),
  }));
  const byHarm = zeros(HARM_LEVELS);
  const byCategory = zeros(INCIDENT_CATEGORIES);
  for (const row of counts) {
    const n = Number(row.count);
    const month = months.find((m) => m.month === row.month);
    if (month) {
      month.total += n;
      month.byHarm[row.harm_level] = (month.byHarm[row.harm_level] ?? 0) + n;
      month.byCategory[row.category] = (month.byCategory[row.category] ?? 0) + n;
    }
    byHarm[row.harm_level] = (byHarm[row.harm_level] ?? 0) + n;
    byCategory[row.category] = (byCategory[row.category] ?? 0) + n;
  }
  const statusCount = new Map(statuses.map((row) => [row.status, Number(row.count)]));
  return {
    timeZone,
    months,
    byHarm: HARM_LEVELS.map((harmLevel) => ({ harmLevel, count: byHarm[harmLevel] ?? 0 })),
    byCategory: INCIDENT_CATEGORIES.map((category) => ({ category, count: byCategory[category] ?? 0 })).filter((row) => row.count > 0).sort((a, b) => b.count - a.count),
    incidentsByStatus: INCIDENT_STATUSES.map((status) => ({ status, count: statusCount.get(status) ?? 0 })),
    openIncidents: INCIDENT_STATUSES.filter((status) => status !== 'closed').reduce((sum, status) => sum + (statusCount.get(status) ?? 0), 0),
    actions: {
      open: Number(totals.open), awaitingVerification: Number(totals.awaiting_verification), overdue: Number(totals.overdue),
      effective: Number(totals.effective), notEffective: Number(totals.not_effective),
    },
    overdueActions: await presentActions(platform, actor, overdue.rows),
    topRisks: risks,
  };
}
