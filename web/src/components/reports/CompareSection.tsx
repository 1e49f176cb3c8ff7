import { Badge, Group, NativeSelect, Paper, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../ErrorAlert.js';
import { exportUrl, type ReportState } from '../../pages/reports/reportFilters.js';
import { DIFFERENCE_LABELS, formatInterval, formatValue } from '../../pages/reports/reportFormat.js';
import { useComparison } from '../../pages/reports/reportsApi.js';
import type { CompareBy, Difference, Kpi } from '../../pages/reports/types.js';
import { CsvLink } from './CsvLink.js';
import { ScrollTable } from './ScrollTable.js';

const BY_OPTIONS: { value: CompareBy; label: string; noun: string }[] = [
  { value: 'department', label: 'Department', noun: 'department' },
  { value: 'provider', label: 'Provider', noun: 'provider' },
  { value: 'location', label: 'Location', noun: 'location' },
  { value: 'channel', label: 'Channel', noun: 'channel' },
];

/** "Higher (better)" for NPS, "Higher (worse)" for a wait: the direction and what it means, in words. */
function DifferenceBadge({ difference, better }: { difference: Difference; better: Kpi['better'] }) {
  if (difference === 'within_noise' || difference === 'not_tested') return <Badge variant="outline" color="gray">{DIFFERENCE_LABELS[difference]}</Badge>;
  const good = difference === better;
  return (
    <Badge variant="light" color={good ? 'green' : 'red'}>
      {DIFFERENCE_LABELS[difference]} ({good ? 'better' : 'worse'})
    </Badge>
  );
}

/** One KPI side by side for each department, provider, location or channel, with whether each differs beyond noise. */
export function CompareSection({ state, kpis }: { state: ReportState; kpis: Kpi[] }) {
  const comparable = kpis;
  const kpi = comparable.find((k) => k.kpi === state.compareKpi) ?? comparable[0];
  const comparison = useComparison(state.filters, kpi?.kpi ?? 'nps', state.by);
  if (!kpi) return null;
  const by = BY_OPTIONS.find((o) => o.value === state.by) ?? BY_OPTIONS[0]!;
  const data = comparison.data?.kpi === kpi.kpi ? comparison.data : undefined;
  const ci = (value: Parameters<typeof formatInterval>[2]) => formatInterval(kpi.kpi, kpi.unit, value) ?? '—';
  // A difference of durations reads as a signed duration; of percents, in percentage points.
  const differenceText = (d: { low: number; high: number }) => {
    const one = (v: number) => {
      const sign = v < 0 ? '−' : '+';
      if (kpi.unit === 'seconds') return `${sign}${formatValue(kpi.kpi, kpi.unit, Math.abs(v))}`;
      return `${sign}${Math.abs(v).toFixed(1)}${kpi.unit === 'percent' ? ' pts' : ''}`;
    };
    return `${one(d.low)} to ${one(d.high)}`;
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="compare-heading">
      <Group justify="space-between" align="flex-end" mb="xs" gap="sm">
        <Title order={2} fz="h3" id="compare-heading">Comparison by {by.noun}</Title>
        <Group gap="sm" align="flex-end">
          <NativeSelect label="KPI" value={kpi.kpi} w={240} onChange={(e) => state.update({ compare: e.currentTarget.value })}
            data={comparable.map((k) => ({ value: k.kpi, label: k.label }))} />
          <NativeSelect label="Compare by" value={state.by} w={160} onChange={(e) => state.update({ by: e.currentTarget.value })}
            data={BY_OPTIONS.map((o) => ({ value: o.value, label: o.label }))} />
          <CsvLink href={exportUrl(state.filters, 'compare', { kpi: kpi.kpi, by: state.by })} what={`the ${kpi.label} comparison by ${by.noun}`} />
        </Group>
      </Group>
      <Text fz="sm" c="dimmed" mb="sm" data-testid="compare-test">
        {data?.test ?? `Each ${by.noun} is compared with the rest of the clinic: it is marked higher or lower only when the 95% confidence interval of the difference excludes zero; otherwise the difference is within noise.`}
      </Text>
      <ErrorAlert error={comparison.error} title="The comparison could not be loaded" />
      {!data ? (
        <Text fz="sm" c="dimmed" role="status">{comparison.isPending ? 'Loading…' : 'No data in this period.'}</Text>
      ) : (
        <ScrollTable minWidth={560} label={`${kpi.label} by ${by.noun}, scrolls sideways`}>
          <Table aria-label={`${kpi.label} by ${by.noun}`} striped>
            <Table.Thead>
              <Table.Tr>
                {[by.label, kpi.label, '95% interval', 'n', 'Against the rest'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.length === 0 && (
                <Table.Tr><Table.Td colSpan={5}><Text fz="sm" c="dimmed">Nothing to compare in this period.</Text></Table.Td></Table.Tr>
              )}
              {data.rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Th scope="row" fw={500}>{row.name}</Table.Th>
                  <Table.Td>{formatValue(kpi.kpi, kpi.unit, row.value)}</Table.Td>
                  <Table.Td>{ci(row.ci)}</Table.Td>
                  <Table.Td>{row.n.toLocaleString('en-US')}</Table.Td>
                  <Table.Td>
                    <DifferenceBadge difference={row.difference} better={kpi.better} />
                    {row.differenceCi && <Text fz="xs" c="dimmed">difference {differenceText(row.differenceCi)}</Text>}
                    {row.note && <Text fz="xs" c="dimmed">{row.note}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">Whole selection</Table.Th>
                <Table.Td fw={650}>{formatValue(kpi.kpi, kpi.unit, data.overall.value)}</Table.Td>
                <Table.Td>{ci(data.overall.ci)}</Table.Td>
                <Table.Td>{data.overall.n.toLocaleString('en-US')}</Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}
