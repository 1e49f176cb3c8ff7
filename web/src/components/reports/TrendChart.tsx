import { CompositeChart } from '@mantine/charts';
import { Paper, Text } from '@mantine/core';
import type { TooltipContentProps } from 'recharts';
import { formatInterval, formatValue } from '../../pages/reports/reportFormat.js';
import type { KpiUnit, TrendInterval, TrendPoint } from '../../pages/reports/types.js';

interface ChartRow {
  period: string;
  value: number | null;
  band: [number, number] | null;
  n: number;
  interval: string | null;
}

/** The first day of a period as its axis label: "Mar 4" for days and weeks, "Mar 2026" for months. */
export function periodLabel(start: string, interval: TrendInterval): string {
  const [y, m, d] = start.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = interval === 'month' ? { month: 'short', year: 'numeric' } : { month: 'short', day: 'numeric' };
  const label = date.toLocaleDateString('en-US', { timeZone: 'UTC', ...options });
  return interval === 'week' ? `Week of ${label}` : label;
}

function TrendTooltip({ active, payload, kpi, unit }: TooltipContentProps<number, string> & { kpi: string; unit: KpiUnit }) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <Paper withBorder shadow="sm" p="xs" fz="sm">
      <Text fz="sm" fw={650}>{row.period}</Text>
      <Text fz="sm">{formatValue(kpi, unit, row.value)}</Text>
      {row.interval && <Text fz="xs">95% CI {row.interval}</Text>}
      <Text fz="xs" c="dimmed">n = {row.n.toLocaleString('en-US')}</Text>
    </Paper>
  );
}

/** The KPI over time: the line is the value, the shaded band its 95% interval; the tooltip gives n. */
export function TrendChart({ kpi, unit, interval, points, label }: { kpi: string; unit: KpiUnit; interval: TrendInterval; points: TrendPoint[]; label: string }) {
  const data: ChartRow[] = points.map((p) => ({
    period: periodLabel(p.start, interval),
    value: p.value,
    band: p.ci ? [p.ci.low, p.ci.high] : null,
    n: p.n,
    interval: formatInterval(kpi, unit, p.ci),
  }));
  const hasBand = data.some((row) => row.band !== null);
  return (
    <CompositeChart
      h={280}
      data={data}
      dataKey="period"
      role="img"
      aria-label={`${label} by ${interval}: a line chart. The same numbers are in the table below it.`}
      series={[
        ...(hasBand ? [{ name: 'band', label: '95% interval', color: 'blue.2', type: 'area' as const }] : []),
        { name: 'value', label, color: 'blue.8', type: 'line' as const },
      ]}
      areaProps={{ fillOpacity: 0.5, strokeWidth: 0, isAnimationActive: false, dot: false, activeDot: false }}
      lineProps={{ isAnimationActive: false }}
      curveType="linear"
      connectNulls={false}
      withLegend={hasBand}
      valueFormatter={(value) => formatValue(kpi, unit, value)}
      yAxisProps={{ width: 70 }}
      tooltipProps={{ content: (props) => <TrendTooltip {...(props as TooltipContentProps<number, string>)} kpi={kpi} unit={unit} /> }}
    />
  );
}
