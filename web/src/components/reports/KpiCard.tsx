import { Link } from 'react-router-dom';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { countNoun, formatInterval, formatValue, plural } from '../../pages/reports/reportFormat.js';
import type { Kpi } from '../../pages/reports/types.js';
import { RagBadge } from './RagBadge.js';

/** What each number is, said on the card itself (the full definition is one click away). */
function subtitle(kpi: Kpi): string | null {
  if (kpi.kpi === 'nps') return '% promoters (9–10) minus % detractors (0–6)';
  if (kpi.kpi === 'csat') return '% of 4–5 answers on a 1–5 scale';
  if (kpi.kpi === 'ces') return '% of 5–7 answers ("easy") on a 1–7 scale';
  if (kpi.kpi === 'response_rate') return '% of invitations sent that were answered';
  if (kpi.kpi.startsWith('cahps:')) return 'Top box: % answering "always"';
  if (kpi.kpi.endsWith('_p90')) return '90% of them were faster than this';
  if (kpi.kpi === 'no_show_rate') return '% of visits due that the patient missed';
  if (kpi.kpi === 'referral_closure') return '% of referrals sent whose result is back';
  if (kpi.kpi === 'referral_days_to_close') return 'From sending to the result, calendar time';
  return null;
}

/** A threshold in the KPI's own unit, and which side of it is good. */
function targetText(kpi: Kpi): string | null {
  if (!kpi.target) return null;
  const sign = kpi.better === 'higher' ? '≥' : '≤';
  const scope = kpi.target.departmentId ? 'Department target' : 'Target';
  return `${scope}: green ${sign} ${formatValue(kpi.kpi, kpi.unit, kpi.target.green)}, amber ${sign} ${formatValue(kpi.kpi, kpi.unit, kpi.target.amber)}`;
}

export function KpiCard({ kpi, rowsHref }: { kpi: Kpi; rowsHref: (kpi: string) => string }) {
  const headingId = `kpi-${kpi.kpi.replace(/[^a-z0-9_-]/gi, '-')}`;
  const interval = formatInterval(kpi.kpi, kpi.unit, kpi.ci);
  const sub = subtitle(kpi);
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={headingId} data-kpi={kpi.kpi}>
      <Stack gap={4} h="100%">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Title order={4} id={headingId} fz="sm" fw={650}>{kpi.label}</Title>
          <RagBadge status={kpi.target?.status ?? null} hasTarget={kpi.target !== null} />
        </Group>
        {sub && <Text fz="xs" c="dimmed">{sub}</Text>}
        <Text fz={28} fw={700} lh={1.2} data-testid="kpi-value">{formatValue(kpi.kpi, kpi.unit, kpi.value)}</Text>
        {kpi.n === 0 && kpi.value === null && <Text fz="sm" c="dimmed">Nothing to measure in this period.</Text>}
        {kpi.family === 'inbox' && kpi.businessValue !== undefined && kpi.businessValue !== null && (
          <Text fz="sm">{formatValue(kpi.kpi, kpi.unit, kpi.businessValue)} <Text span fz="sm" c="dimmed">in business hours (the value above is calendar time)</Text></Text>
        )}
        {interval && (
          <Text fz="sm" data-testid="kpi-ci">
            95% CI {interval}
            <Text span fz="xs" c="dimmed" display="block">
              {kpi.kpi === 'nps' ? 'adjusted Wald (Rocks 2016)' : kpi.ci?.method}
              {kpi.kpi === 'nps' && kpi.adjusted !== undefined && `, centred on ${kpi.adjusted.toFixed(1)}`}
            </Text>
          </Text>
        )}
        {kpi.kpi === 'nps' && kpi.detail && kpi.n > 0 && (
          <Text fz="xs" c="dimmed">
            {plural(kpi.detail.promoters ?? 0, ['promoter', 'promoters'])} · {plural(kpi.detail.passives ?? 0, ['passive', 'passives'])} · {plural(kpi.detail.detractors ?? 0, ['detractor', 'detractors'])}
          </Text>
        )}
        {targetText(kpi) && <Text fz="xs" c="dimmed">{targetText(kpi)}</Text>}
        <Group justify="space-between" mt="auto" pt={4} gap="xs">
          <Text fz="xs" c="dimmed" data-testid="kpi-n">n = {plural(kpi.n, countNoun(kpi))}</Text>
          {kpi.n > 0 && (
            <Link className="table-link" to={rowsHref(kpi.kpi)} aria-label={`See the ${kpi.n} rows behind ${kpi.label}`} style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
              See the {kpi.n.toLocaleString('en-US')} rows
            </Link>
          )}
        </Group>
        <details>
          <summary style={{ fontSize: 'var(--mantine-font-size-xs)', cursor: 'pointer' }}>How it is counted</summary>
          <Text fz="xs" mt={4}>{kpi.definition}</Text>
        </details>
      </Stack>
    </Paper>
  );
}
