import { invalid } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { listDepartments } from '../identity/service.js';
import { listSurveys } from '../feedback/surveys.js';
import { listLocations, listProviders } from '../scheduling/setup-service.js';
import { CAHPS_PREFIX, cahpsKpi, KPIS, kpiByName, type KpiDefinition } from './catalogue.js';
import { factRows } from './facts.js';
import { cahpsMetrics, loadTotals, resolveScope } from './report-scope.js';
import { CHANNELS, type Dimensions, type FilterQuery, type Kpi, type Rows, type RowsQuery, type Summary } from './schemas.js';
import { targetJudge } from './targets.js';

/** The KPI a request names (400 when unknown). */
export function requireKpi(name: string): KpiDefinition {
  const kpi = kpiByName(name);
  if (!kpi) throw invalid('kpi', 'is not a known KPI');
  return kpi;
}

/** The question of each CAHPS item key, as the clinic's surveys word it (the newest survey's wording wins). */
async function cahpsQuestions(platform: Platform, actor: Actor): Promise<Map<string, string>> {
  const questions = new Map<string, string>();
  const surveys = (await listSurveys(platform, actor, {})).items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  for (const survey of surveys) {
    for (const item of survey.items) if (item.kind === 'cahps' && !questions.has(item.key)) questions.set(item.key, item.text);
  }
  return questions;
}

/** Every KPI of the clinic: the fixed ones and one per CAHPS item it has answers to. */
export async function clinicKpis(platform: Platform, actor: Actor): Promise<KpiDefinition[]> {
  const keys = (await cahpsMetrics(platform, actor.organizationId)).map((metric) => metric.slice(CAHPS_PREFIX.length));
  const questions = keys.length ? await cahpsQuestions(platform, actor) : new Map<string, string>();
  const cahps = keys.map((key) => cahpsKpi(key, questions.get(key)));
  const referrals = KPIS.filter((kpi) => kpi.family === 'referrals');
  return [...KPIS.filter((kpi) => kpi.family !== 'referrals'), ...cahps, ...referrals];
}

const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], string> = { sms: 'Text message', email: 'E-mail', chat: 'Web chat', voice: 'Phone', portal: 'Patient portal' };

/** The summary: every KPI's value, interval and target status over the period and filters. */
export async function summary(platform: Platform, actor: Actor, query: FilterQuery): Promise<Summary> {
  const scope = await resolveScope(platform, actor, query);
  const kpis = await clinicKpis(platform, actor);
  const metrics = [...new Set(kpis.flatMap((kpi) => (kpi.metric ? [kpi.metric] : [])))];
  const [totals, judge] = await Promise.all([
    loadTotals(platform, scope, metrics),
    targetJudge(platform, actor.organizationId, query.departmentId ?? null),
  ]);
  return {
    period: scope.period,
    kpis: kpis.map((kpi): Kpi => {
      const measure = kpi.measure(totals.get(kpi.metric ?? ''));
      return {
        kpi: kpi.kpi, label: kpi.label, family: kpi.family, unit: kpi.unit, better: kpi.better, definition: kpi.definition, metric: kpi.metric,
        ...measure, target: judge(kpi, measure.value),
      };
    }),
  };
}

/** The rows behind a KPI's number (what the page links to and exports). */
export async function rows(platform: Platform, actor: Actor, query: RowsQuery): Promise<Rows> {
  const kpi = requireKpi(query.kpi);
  if (!kpi.metric) throw invalid('kpi', 'is not measured yet: it has no rows');
  const scope = await resolveScope(platform, actor, query);
  const page = await factRows(platform, actor.organizationId, kpi.metric, scope.filter, { limit: query.limit ?? 50, offset: query.offset ?? 0 });
  return { kpi: kpi.kpi, metric: kpi.metric, period: scope.period, ...page };
}

/** The names a report can be filtered and compared by, from the modules that own them. */
export async function dimensions(platform: Platform, actor: Actor): Promise<Dimensions> {
  const [departments, providers, locations, kpis] = await Promise.all([
    listDepartments(platform, actor), listProviders(platform, actor), listLocations(platform, actor), clinicKpis(platform, actor),
  ]);
  const named = (items: { id: string; name: string }[]) => items.map((item) => ({ id: item.id, name: item.name }));
  return {
    departments: named(departments), providers: named(providers), locations: named(locations),
    channels: CHANNELS.map((channel) => ({ id: channel, name: CHANNEL_NAMES[channel] })),
    kpis: kpis.map((kpi) => ({ kpi: kpi.kpi, label: kpi.label, family: kpi.family, unit: kpi.unit, better: kpi.better })),
  };
}

/** Names of every value a dimension can take, archived ones included (old periods still name them). */
export async function dimensionNames(platform: Platform, actor: Actor, by: 'department' | 'provider' | 'location' | 'channel'): Promise<Map<string, string>> {
  const entries = async (): Promise<[string, string][]> => {
    if (by === 'department') return (await listDepartments(platform, actor, true)).map((d) => [d.id, d.name]);
    if (by === 'provider') return (await listProviders(platform, actor, { includeArchived: true })).map((p) => [p.id, p.name]);
    if (by === 'location') return (await listLocations(platform, actor, { includeArchived: true })).map((l) => [l.id, l.name]);
    return CHANNELS.map((channel) => [channel, CHANNEL_NAMES[channel]]);
  };
  return new Map(await entries());
}
