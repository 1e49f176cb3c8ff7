import type { KpiFamily, RollupDim } from '../../db/schema-analytics.js';

/**
 * The metrics kept in kpi_rollups, the family whose facts they come from (a family's days are
 * recomputed together) and the dimensions each family is broken down by. docs/kpis.md defines them.
 */
export const FAMILY_METRICS: Record<KpiFamily, readonly string[]> = {
  inbox: ['inbox.first_response', 'inbox.next_response', 'inbox.unanswered', 'inbox.resolution', 'inbox.cycles'],
  visits: ['visit.outcome', 'visit.wait'],
  surveys: ['survey.sent', 'survey.nps', 'survey.csat', 'survey.ces', 'survey.cahps:<item key>'],
  referrals: ['referral.closure', 'referral.days_to_close'],
};

export const FAMILIES: readonly KpiFamily[] = ['inbox', 'visits', 'surveys', 'referrals'];

export const FAMILY_DIMS: Record<KpiFamily, readonly RollupDim[]> = {
  inbox: ['all', 'department', 'channel', 'department_channel'],
  visits: ['all', 'department', 'provider', 'location', 'provider_location'],
  surveys: ['all', 'department', 'provider', 'location', 'channel', 'department_channel', 'provider_location'],
  referrals: ['all', 'department', 'provider', 'location', 'provider_location'],
};

/** The family a metric belongs to, or undefined for a name that is not a metric. */
export function familyOf(metric: string): KpiFamily | undefined {
  if (metric.startsWith('survey.cahps:')) return 'surveys';
  return FAMILIES.find((family) => FAMILY_METRICS[family].includes(metric));
}

/** A fact without a value for a dimension it is broken down by is counted under this value. */
export const NO_VALUE = 'none';
