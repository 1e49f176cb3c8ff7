import type { ReactNode } from 'react';
import { Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import { ErrorAlert } from '../ErrorAlert.js';
import type { FmeaWorksheet, WorksheetStatus } from '../../types-fmea.js';
import { WORKSHEET_STATUS_LABELS } from './FmeaLabels.js';
import { FmeaInlineText } from './FmeaInlineFields.js';
import { useWorksheetEdit } from './FmeaQueries.js';
import { FmeaRpnBadge } from './FmeaRpnBadge.js';

/** The worksheet's title, process, scope, team and status, edited in place. */
export function FmeaDetails({ worksheet, canEdit }: { worksheet: FmeaWorksheet; canEdit: boolean }) {
  const edit = useWorksheetEdit(worksheet.id);
  const save = (body: Record<string, unknown>) => edit.mutateAsync({ kind: 'worksheet', body });
  const readOnly = canEdit && worksheet.status === 'archived';
  return (
    <Paper withBorder p="md">
      <ErrorAlert error={edit.error} title="The worksheet could not be changed" />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap={4}>
          <Text fz="sm" fw={600} component="span">Title</Text>
          <FmeaInlineText label="Worksheet title" value={worksheet.title} canEdit={canEdit && !readOnly} required onSave={(v) => save({ title: v })} />
          <Text fz="sm" fw={600} component="span" mt="xs">Process</Text>
          <FmeaInlineText label="Process" value={worksheet.process} canEdit={canEdit && !readOnly} placeholder="Where the process starts and ends" onSave={(v) => save({ process: v })} />
          <Text fz="sm" fw={600} component="span" mt="xs">Scope</Text>
          <FmeaInlineText label="Scope" value={worksheet.scope} canEdit={canEdit && !readOnly} placeholder="What is in and out of the analysis" onSave={(v) => save({ scope: v })} />
        </Stack>
        <Stack gap="xs">
          {canEdit ? (
            <NativeSelect label="Status" w={200} value={worksheet.status}
              onChange={(e) => { void save({ status: e.currentTarget.value as WorksheetStatus }).catch(() => undefined); }}
              data={Object.entries(WORKSHEET_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          ) : <Group gap="xs"><Text fz="sm" fw={600}>Status</Text><Badge variant="light" tt="none">{WORKSHEET_STATUS_LABELS[worksheet.status]}</Badge></Group>}
          {readOnly && <Text fz="sm" c="gray.7">Archived: set another status to change the worksheet.</Text>}
          {canEdit && !readOnly ? (
            <TagsInput label="Team" description="Press Enter after each name" value={worksheet.team} maxTags={40}
              onChange={(team) => { void save({ team }).catch(() => undefined); }} />
          ) : <Text fz="sm"><Text span fw={600}>Team: </Text>{worksheet.team.join(', ') || '—'}</Text>}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

/** The worksheet at a glance: how many failure modes by priority, the highest RPN, total RPN now against before, and open actions. */
export function FmeaSummary({ worksheet }: { worksheet: FmeaWorksheet }) {
  const s = worksheet.summary;
  const reduction = s.totalRpn > 0 ? Math.round((1 - s.totalRpnNow / s.totalRpn) * 100) : 0;
  const item = (label: string, value: ReactNode) => (
    <Stack gap={0}><Text fz="xs" c="gray.7">{label}</Text><Text fz="lg" fw={700} component="div">{value}</Text></Stack>
  );
  return (
    <Paper withBorder p="md" aria-label="Summary" component="section">
      <Group gap="xl" wrap="wrap">
        {item('Failure modes', s.failureModes)}
        {item('High priority', <Text span fz="lg" fw={700} c={s.high > 0 ? 'red.9' : undefined}>{s.high}</Text>)}
        {item('Medium', s.medium)}
        {item('Low', s.low)}
        {item('Highest RPN', s.highestRpn === null ? '—' : <FmeaRpnBadge rpn={s.highestRpn} priority={worksheet.failureModes[0]!.priority} />)}
        {item('Total RPN', s.totalRpn === s.totalRpnNow ? s.totalRpn : `${s.totalRpn} → ${s.totalRpnNow} (−${reduction}%)`)}
        {item('Open actions', s.openActions)}
        {item('Overdue actions', <Text span fz="lg" fw={700} c={s.overdueActions > 0 ? 'red.9' : undefined}>{s.overdueActions}</Text>)}
      </Group>
    </Paper>
  );
}
