import { invalid } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { compare } from './compare.js';
import { rows, summary } from './report.js';
import type { ExportQuery } from './schemas.js';
import { trend } from './trend.js';

type Cell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula starts with one of these (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: text that a spreadsheet would take for a formula is prefixed with ' (numbers are
 * written as numbers, so -3.5 stays a number); quoted when it holds a comma, quote or line break.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], lines: Cell[][]): string {
  return [header, ...lines].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The most rows one export writes (the rows behind a number, page by page). */
export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 500;

const ciCells = (ci: { low: number; high: number } | null) => [ci?.low ?? null, ci?.high ?? null];

/** A report as CSV, with the file name it downloads as. */
export async function exportCsv(platform: Platform, actor: Actor, query: ExportQuery): Promise<{ filename: string; body: string; patientIds: string[] }> {
  const { what, kpi, interval, by, ...filter } = query;
  const needKpi = () => {
    if (!kpi) throw invalid('kpi', `is required to export ${what}`);
    return kpi;
  };
  if (what === 'summary') {
    const report = await summary(platform, actor, filter);
    const body = toCsv(
      ['kpi', 'label', 'unit', 'value', 'n', 'ci_low', 'ci_high', 'ci_method', 'adjusted', 'business_hours_value', 'target_green', 'target_amber', 'target_status', 'definition'],
      report.kpis.map((k) => [k.kpi, k.label, k.unit, k.value, k.n, ...ciCells(k.ci), k.ci?.method, k.adjusted, k.businessValue, k.target?.green, k.target?.amber, k.target?.status, k.definition]),
    );
    return { filename: `summary-${report.period.from}-${report.period.to}.csv`, body, patientIds: [] };
  }
  if (what === 'trend') {
    const report = await trend(platform, actor, { ...filter, kpi: needKpi(), ...(interval && { interval }) });
    const body = toCsv(['period_start', 'kpi', 'value', 'n', 'ci_low', 'ci_high'], report.points.map((p) => [p.start, report.kpi, p.value, p.n, ...ciCells(p.ci)]));
    return { filename: `trend-${slug(report.kpi)}-${report.interval}-${report.period.from}-${report.period.to}.csv`, body, patientIds: [] };
  }
  if (what === 'compare') {
    if (!by) throw invalid('by', 'is required to export a comparison');
    const report = await compare(platform, actor, { ...filter, kpi: needKpi(), by });
    const body = toCsv(
      ['by', 'id', 'name', 'kpi', 'value', 'n', 'ci_low', 'ci_high', 'difference', 'difference_low', 'difference_high', 'note'],
      [['all', '', 'Whole clinic', report.kpi, report.overall.value, report.overall.n, ...ciCells(report.overall.ci), '', null, null, report.test],
        ...report.rows.map((r) => [by, r.id, r.name, report.kpi, r.value, r.n, ...ciCells(r.ci), r.difference, ...ciCells(r.differenceCi), r.note])],
    );
    return { filename: `compare-${slug(report.kpi)}-by-${by}-${report.period.from}-${report.period.to}.csv`, body, patientIds: [] };
  }
  const first = await rows(platform, actor, { ...filter, kpi: needKpi(), limit: PAGE, offset: 0 });
  const all = [...first.rows];
  while (all.length < Math.min(first.total, MAX_EXPORT_ROWS)) {
    const page = await rows(platform, actor, { ...filter, kpi: first.kpi, limit: PAGE, offset: all.length });
    if (page.rows.length === 0) break;
    all.push(...page.rows);
  }
  const written = all.slice(0, MAX_EXPORT_ROWS);
  const body = toCsv(first.columns.map((c) => c.label), written.map((row) => first.columns.map((c) => row[c.key])));
  const patientIds = written.flatMap((row) => (typeof row.patientId === 'string' ? [row.patientId] : []));
  return { filename: `rows-${slug(first.kpi)}-${first.period.from}-${first.period.to}.csv`, body, patientIds };
}

const slug = (text: string) => text.replace(/[^a-z0-9]+/gi, '-');
