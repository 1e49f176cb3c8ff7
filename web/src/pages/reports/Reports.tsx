import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CompareSection } from '../../components/reports/CompareSection.js';
import { CsvLink } from '../../components/reports/CsvLink.js';
import { DrillDown } from '../../components/reports/DrillDown.js';
import { KpiGroups } from '../../components/reports/KpiGroups.js';
import { ReportFiltersBar } from '../../components/reports/ReportFiltersBar.js';
import { TargetsSection } from '../../components/reports/TargetsSection.js';
import { TrendSection } from '../../components/reports/TrendSection.js';
import { exportUrl, useReportState } from './reportFilters.js';
import { useDimensions, useSummary } from './reportsApi.js';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The quality manager's numbers for a period and a slice of the clinic, each linked to the rows behind it. */
export function Reports() {
  usePageTitle('Reports');
  const { can } = useSignedIn();
  // Presets end "today" on the clinic's clock; the summary says which zone that is.
  const [zone, setZone] = useState(browserZone);
  const state = useReportState(zone);
  const summary = useSummary(state.filters);
  const dimensions = useDimensions();
  const clinicZone = summary.data?.period.timeZone;
  useEffect(() => {
    if (clinicZone && clinicZone !== zone) setZone(clinicZone);
  }, [clinicZone, zone]);

  const location = useLocation();
  const rowsHref = useCallback((kpi: string) => {
    const params = new URLSearchParams(location.search);
    params.set('rows', kpi);
    params.delete('page');
    return `?${params.toString()}`;
  }, [location.search]);

  const kpis = summary.data?.kpis ?? [];
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <div>
          <Title order={1}>Reports</Title>
          <Text fz="sm" c="dimmed">Service quality for a period and a part of the clinic. Every number links to the rows behind it.</Text>
        </div>
        <CsvLink href={exportUrl(state.filters, 'summary')} what="the summary" />
      </Group>
      <Stack gap="md">
        <ReportFiltersBar state={state} dimensions={dimensions.data} timeZone={clinicZone ?? zone} />
        <ErrorAlert error={summary.error} title="The report could not be loaded" />
        <ErrorAlert error={dimensions.error} title="The filter choices could not be loaded" />
        <section aria-labelledby="summary-heading" aria-busy={summary.isFetching}>
          <Title order={2} fz="h3" id="summary-heading" mb="sm">Summary</Title>
          {summary.isPending ? <Text fz="sm" c="dimmed" role="status">Loading…</Text> : <KpiGroups kpis={kpis} rowsHref={rowsHref} />}
        </section>
        {kpis.length > 0 && (
          <>
            <TrendSection state={state} kpis={kpis} />
            <CompareSection state={state} kpis={kpis} />
            {can('reports:manage') && <TargetsSection kpis={kpis} dimensions={dimensions.data} />}
          </>
        )}
      </Stack>
      <DrillDown state={state} kpis={kpis} />
    </>
  );
}
