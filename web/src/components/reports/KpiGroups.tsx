import { SimpleGrid, Stack, Title } from '@mantine/core';
import type { Kpi } from '../../pages/reports/types.js';
import { KpiCard } from './KpiCard.js';

export const KPI_GROUPS = [
  { id: 'experience', title: 'Patient experience' },
  { id: 'inbox', title: 'Inbox' },
  { id: 'visits', title: 'Visits' },
  { id: 'referrals', title: 'Referrals' },
] as const;
export type KpiGroupId = (typeof KPI_GROUPS)[number]['id'];

/** Which section a KPI belongs to, from its name (the server's family names may differ in wording). */
export function groupOf(kpi: string): KpiGroupId {
  if (kpi === 'nps' || kpi === 'csat' || kpi === 'ces' || kpi === 'response_rate' || kpi.startsWith('cahps:')) return 'experience';
  if (kpi.startsWith('first_response') || kpi.startsWith('next_response') || kpi.startsWith('resolution') || kpi === 'unanswered') return 'inbox';
  if (kpi === 'no_show_rate' || kpi.startsWith('wait')) return 'visits';
  return 'referrals';
}

export function KpiGroups({ kpis, rowsHref }: { kpis: Kpi[]; rowsHref: (kpi: string) => string }) {
  return (
    <Stack gap="lg">
      {KPI_GROUPS.map((group) => {
        const inGroup = kpis.filter((k) => groupOf(k.kpi) === group.id);
        if (inGroup.length === 0) return null;
        return (
          <section key={group.id} aria-labelledby={`kpi-group-${group.id}`}>
            <Title order={3} fz="h4" id={`kpi-group-${group.id}`} mb="xs">{group.title}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="sm">
              {inGroup.map((kpi) => <KpiCard key={kpi.kpi} kpi={kpi} rowsHref={rowsHref} />)}
            </SimpleGrid>
          </section>
        );
      })}
    </Stack>
  );
}
