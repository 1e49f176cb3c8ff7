import { Group, NativeSelect, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../ErrorAlert.js';
import { exportUrl, type ReportState } from '../../pages/reports/reportFilters.js';
import { formatInterval, formatValue } from '../../pages/reports/reportFormat.js';
import { useTrend } from '../../pages/reports/reportsApi.js';
import type { Kpi, TrendInterval } from '../../pages/reports/types.js';
import { CsvLink } from './CsvLink.js';
import { ScrollTable } from './ScrollTable.js';
import { TrendChart, periodLabel } from './TrendChart.js';

/** One KPI over the period, by day, week or month, with its interval band and the numbers as a table. */
export function TrendSection({ state, kpis }: { state: ReportState; kpis: Kpi[] }) {
  const chartable = kpis;
  const kpi = chartable.find((k) => k.kpi === state.trendKpi) ?? chartable[0];
  const trend = useTrend(state.filters, kpi?.kpi ?? 'nps', state.interval);
  if (!kpi) return null;
  const points = trend.data?.kpi === kpi.kpi ? trend.data.points : [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="trend-heading">
      <Group justify="space-between" align="flex-end" mb="sm" gap="sm">
        <Title order={2} fz="h3" id="trend-heading">Trend</Title>
        <Group gap="sm" align="flex-end">
          <NativeSelect label="KPI" value={kpi.kpi} w={240} onChange={(e) => state.update({ trend: e.currentTarget.value })}
            data={chartable.map((k) => ({ value: k.kpi, label: k.label }))} />
          <div>
            <Text component="span" id="trend-interval-label" fz="sm" fw={500} display="block">Interval</Text>
            <SegmentedControl aria-labelledby="trend-interval-label" value={state.interval}
              onChange={(value) => state.update({ interval: value })}
              data={[{ value: 'day', label: 'Day' }, { value: 'week', label: 'Week' }, { value: 'month', label: 'Month' }]} />
          </div>
          <CsvLink href={exportUrl(state.filters, 'trend', { kpi: kpi.kpi, interval: state.interval })} what={`the ${kpi.label} trend`} />
        </Group>
      </Group>
      <ErrorAlert error={trend.error} title="The trend could not be loaded" />
      {points.length === 0 ? (
        <Text fz="sm" c="dimmed" role="status">{trend.isPending ? 'Loading…' : 'No data in this period.'}</Text>
      ) : (
        <>
          <TrendChart kpi={kpi.kpi} unit={kpi.unit} interval={state.interval as TrendInterval} points={points} label={kpi.label} />
          <details>
            <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)', marginTop: 8 }}>The numbers behind the chart</summary>
            <ScrollTable minWidth={420} label={`${kpi.label} by ${state.interval}, scrolls sideways`}>
              <Table aria-label={`${kpi.label} by ${state.interval}`} striped>
                <Table.Thead>
                  <Table.Tr>{['Period', kpi.label, '95% interval', 'n'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {points.map((p) => (
                    <Table.Tr key={p.start}>
                      <Table.Td>{periodLabel(p.start, state.interval as TrendInterval)}</Table.Td>
                      <Table.Td>{formatValue(kpi.kpi, kpi.unit, p.value)}</Table.Td>
                      <Table.Td>{formatInterval(kpi.kpi, kpi.unit, p.ci) ?? '—'}</Table.Td>
                      <Table.Td>{p.n.toLocaleString('en-US')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </details>
        </>
      )}
    </Paper>
  );
}
