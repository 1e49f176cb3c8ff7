import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { BarChart } from '@mantine/charts';
import { Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDate } from '../../format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CATEGORIES, categoryLabel, HARM_LEVELS } from '../../components/quality/labels.js';
import type { QualityDashboardData } from '../../types-quality.js';

const CATEGORY_COLORS = ['blue.7', 'teal.7', 'grape.7', 'orange.7', 'cyan.8', 'pink.7', 'lime.8', 'indigo.7', 'yellow.7', 'red.7', 'violet.7', 'green.8', 'gray.6'];
const monthLabel = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', year: 'numeric' });

function Figure({ label, value, tone }: { label: string; value: number; tone?: string | undefined }) {
  return (
    <Paper withBorder p="md">
      <Text fz="sm" c="gray.7">{label}</Text>
      <Text fz={28} fw={700} c={tone}>{value}</Text>
    </Paper>
  );
}

/** The quality team's view: incidents over time by harm and by category, actions open and overdue, the highest FMEA risks. */
export function QualityDashboard() {
  usePageTitle('Quality dashboard');
  const [months, setMonths] = useState('12');
  const dashboard = useQuery({ queryKey: ['quality', 'dashboard', months], queryFn: () => api.get<QualityDashboardData>(`/api/quality/dashboard?months=${months}`) });
  const data = dashboard.data;
  const rows = (data?.months ?? []).map((m) => ({ month: monthLabel(m.month), ...m.byHarm, ...Object.fromEntries(Object.entries(m.byCategory).map(([k, v]) => [`c_${k}`, v])) }));
  const usedCategories = CATEGORIES.filter((c) => data?.byCategory.some((b) => b.category === c.value));
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Title order={1}>Quality dashboard</Title>
        <NativeSelect label="Period" value={months} onChange={(e) => setMonths(e.currentTarget.value)} w={200}
          data={[{ value: '3', label: 'Last 3 months' }, { value: '6', label: 'Last 6 months' }, { value: '12', label: 'Last 12 months' }, { value: '24', label: 'Last 24 months' }]} />
      </Group>
      <ErrorAlert error={dashboard.error} title="The dashboard could not be loaded" />
      {dashboard.isPending && <Text role="status">Loading…</Text>}
      {data && (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure label="Open incidents" value={data.openIncidents} />
            <Figure label="Open actions" value={data.actions.open} />
            <Figure label="Overdue actions" value={data.actions.overdue} tone={data.actions.overdue > 0 ? 'red.9' : undefined} />
            <Figure label="Actions to verify" value={data.actions.awaitingVerification} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">Incidents by harm level, per month</Title>
              <BarChart h={280} data={rows} dataKey="month" type="stacked" withLegend yAxisProps={{ allowDecimals: false }} role="img"
                aria-label="Incidents per month, stacked by harm level. The totals are in the table below."
                series={HARM_LEVELS.map((h) => ({ name: h.value, label: h.label, color: h.color }))} barProps={{ isAnimationActive: false }} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">Incidents by category, per month</Title>
              {usedCategories.length === 0 ? <Text fz="sm">No incident in this period.</Text> : (
                <BarChart h={280} data={rows} dataKey="month" type="stacked" withLegend yAxisProps={{ allowDecimals: false }} role="img"
                  aria-label="Incidents per month, stacked by category. The totals are in the table below."
                  series={usedCategories.map((c) => ({ name: `c_${c.value}`, label: c.label, color: CATEGORY_COLORS[CATEGORIES.indexOf(c)] ?? 'gray.6' }))} barProps={{ isAnimationActive: false }} />
              )}
            </Paper>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">In this period</Title>
              <Table aria-label="Incidents by harm level in this period">
                <Table.Thead><Table.Tr><Table.Th scope="col">Harm level</Table.Th><Table.Th scope="col" ta="right">Incidents</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>{data.byHarm.map((h) => <Table.Tr key={h.harmLevel}><Table.Td>{HARM_LEVELS.find((l) => l.value === h.harmLevel)?.label}</Table.Td><Table.Td ta="right">{h.count}</Table.Td></Table.Tr>)}</Table.Tbody>
              </Table>
              <Table aria-label="Incidents by category in this period" mt="md">
                <Table.Thead><Table.Tr><Table.Th scope="col">Category</Table.Th><Table.Th scope="col" ta="right">Incidents</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {data.byCategory.length === 0 && <Table.Tr><Table.Td colSpan={2}>None</Table.Td></Table.Tr>}
                  {data.byCategory.map((c) => <Table.Tr key={c.category}><Table.Td>{categoryLabel(c.category)}</Table.Td><Table.Td ta="right">{c.count}</Table.Td></Table.Tr>)}
                </Table.Tbody>
              </Table>
            </Paper>
            <Stack gap="md">
              <Paper withBorder p="md">
                <Group justify="space-between" mb="sm"><Title order={2} size="h4">Overdue actions</Title><Link className="table-link" to="/quality/actions">All actions</Link></Group>
                {data.overdueActions.length === 0 ? <Text fz="sm">No action is overdue.</Text> : (
                  <Table aria-label="Overdue actions">
                    <Table.Thead><Table.Tr>{['Due', 'Action', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {data.overdueActions.map((a) => (
                        <Table.Tr key={a.id}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}><Text fz="sm" fw={700} c="red.9">{formatDate(a.dueDate)}</Text></Table.Td>
                          <Table.Td><Link className="table-link" to={`/quality/incidents/${a.incidentId}`}>{a.incidentReference}</Link>: {a.title}</Table.Td>
                          <Table.Td>{a.ownerName ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
              <Paper withBorder p="md">
                <Group justify="space-between" mb="sm"><Title order={2} size="h4">Highest risks (FMEA)</Title><Link className="table-link" to="/quality/fmea">Worksheets</Link></Group>
                {data.topRisks.length === 0 ? <Text fz="sm">No failure mode scored yet.</Text> : (
                  <Table aria-label="Failure modes with the highest RPN">
                    <Table.Thead><Table.Tr>{['RPN', 'Failure mode', 'Worksheet', 'After action'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {data.topRisks.map((r) => (
                        <Table.Tr key={r.failureModeId}>
                          <Table.Td fw={700}>{r.rpn}</Table.Td>
                          <Table.Td>{r.failureMode}<Text fz="xs" c="gray.7">{r.stepName} · severity {r.severity}</Text></Table.Td>
                          <Table.Td><Link className="table-link" to={`/quality/fmea/${r.worksheetId}`}>{r.worksheetTitle}</Link></Table.Td>
                          <Table.Td>{r.rpnAfter ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            </Stack>
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
