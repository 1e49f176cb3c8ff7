import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { FmeaDetails, FmeaSummary } from '../../components/quality/FmeaDetails.js';
import { FmeaFailureModeTable, type FmeaOrder } from '../../components/quality/FmeaFailureModeTable.js';
import { WORKSHEET_STATUS_COLORS, WORKSHEET_STATUS_LABELS } from '../../components/quality/FmeaLabels.js';
import { FmeaNewFailureMode } from '../../components/quality/FmeaNewFailureMode.js';
import { useWorksheet } from '../../components/quality/FmeaQueries.js';
import { FmeaSteps } from '../../components/quality/FmeaSteps.js';

/** One FMEA worksheet: details, process steps, failure modes ranked by RPN with their actions, edited in place; CSV export. */
export function FmeaWorksheet() {
  const { id = '' } = useParams();
  const { can } = useSignedIn();
  const worksheet = useWorksheet(id);
  const [order, setOrder] = useState<FmeaOrder>('rank');
  usePageTitle(worksheet.data ? `FMEA: ${worksheet.data.title}` : 'FMEA worksheet');
  const data = worksheet.data;
  const canEdit = can('quality:manage') && data?.status !== 'archived';

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Group gap="sm">
          <Title order={1}>{data ? data.title : 'FMEA worksheet'}</Title>
          {data && <Badge color={WORKSHEET_STATUS_COLORS[data.status]} variant="light" tt="none">{WORKSHEET_STATUS_LABELS[data.status]}</Badge>}
        </Group>
        <Group gap="sm">
          {data && (
            <Button component="a" href={`/api/quality/fmea/${data.id}/export.csv`} download variant="default">Export CSV</Button>
          )}
          <Anchor component={Link} to="/quality/fmea" c="blue.9" underline="always">All worksheets</Anchor>
        </Group>
      </Group>
      <ErrorAlert error={worksheet.error} title="The worksheet could not be loaded" />
      {worksheet.isPending && <Text role="status">Loading…</Text>}
      {data && (
        <Stack gap="md">
          <FmeaDetails worksheet={data} canEdit={can('quality:manage')} />
          <FmeaSummary worksheet={data} />
          <FmeaSteps worksheet={data} canEdit={canEdit} />
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm" wrap="wrap">
              <Title order={2} size="h3">Failure modes</Title>
              <SegmentedControl aria-label="Order of the failure modes" value={order} onChange={(v) => setOrder(v === 'step' ? 'step' : 'rank')}
                data={[{ value: 'rank', label: 'Ranked by RPN' }, { value: 'step', label: 'By process step' }]} />
            </Group>
            <Text fz="xs" c="gray.7" mb="xs">
              RPN = severity × occurrence × detection, worked out by Careloop. High priority (red): RPN 200 or more, or severity 9–10;
              medium (orange): 100–199; low (green): under 100. Ties rank by severity.
            </Text>
            {data.failureModes.length === 0
              ? <Text fz="sm" c="gray.7">No failure mode yet. {data.steps.length === 0 ? 'Add the process steps first.' : 'Ask, for each step: how could it fail?'}</Text>
              : <FmeaFailureModeTable worksheet={data} canEdit={canEdit} order={order} />}
          </Paper>
          {canEdit && <FmeaNewFailureMode worksheet={data} />}
        </Stack>
      )}
    </>
  );
}
