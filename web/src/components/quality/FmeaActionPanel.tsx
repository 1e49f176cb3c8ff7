import { useState } from 'react';
import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { ActionStatus, FmeaFailureMode } from '../../types-fmea.js';
import { ACTION_STATUS_LABELS, SCORE_HINTS } from './FmeaLabels.js';
import { FmeaScoreSelect } from './FmeaInlineFields.js';
import { useActionOwners, useWorksheetEdit } from './FmeaQueries.js';
import { FmeaRpnBadge } from './FmeaRpnBadge.js';

/** A failure mode's recommended action (owner, due date, status), what was done, and its scores after the action. */
export function FmeaActionPanel({ failureMode: f, canEdit, onSaved }: { failureMode: FmeaFailureMode; canEdit: boolean; onSaved?(): void }) {
  const edit = useWorksheetEdit(f.worksheetId);
  const owners = useActionOwners(canEdit);
  const [recommendedAction, setRecommendedAction] = useState(f.recommendedAction ?? '');
  const [ownerId, setOwnerId] = useState(f.actionOwnerId ?? '');
  const [dueOn, setDueOn] = useState(f.actionDueOn ?? '');
  const [status, setStatus] = useState<ActionStatus | ''>(f.actionStatus ?? '');
  const [actionTaken, setActionTaken] = useState(f.actionTaken ?? '');
  const [after, setAfter] = useState({ severityAfter: f.severityAfter, occurrenceAfter: f.occurrenceAfter, detectionAfter: f.detectionAfter });
  const who = `"${f.failureMode}"`;

  if (!canEdit) {
    const line = (label: string, value: string) => <Stack gap={2}><Text fz="xs" fw={700}>{label}</Text><Text fz="sm">{value}</Text></Stack>;
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {line('Recommended action', f.recommendedAction ?? 'None')}
        {line('Owner and due date', `${f.actionOwnerName ?? 'Nobody'} · ${f.actionDueOn ?? 'no date'}`)}
        {line('Status', f.actionStatus ? `${ACTION_STATUS_LABELS[f.actionStatus]}${f.actionOverdue ? ' (overdue)' : ''}` : 'No action')}
        {line('Action taken', f.actionTaken ?? '—')}
        {line('After the action (S × O × D)', f.rpnAfter === null ? 'Not scored yet' : `${f.severityAfter} × ${f.occurrenceAfter} × ${f.detectionAfter} = ${f.rpnAfter} (was ${f.rpn})`)}
      </SimpleGrid>
    );
  }

  const save = () => {
    const action = recommendedAction.trim() || null;
    edit.mutate({
      kind: 'failure-mode', failureModeId: f.id,
      body: {
        recommendedAction: action,
        ...(action && { actionOwnerId: ownerId || null, actionDueOn: dueOn || null, ...(status && { actionStatus: status }) }),
        actionTaken: actionTaken.trim() || null,
        ...after,
      },
    }, { onSuccess: () => onSaved?.() });
  };
  return (
    <form onSubmit={(event) => { event.preventDefault(); save(); }} aria-label={`Action for ${who}`}>
      <Stack gap="sm">
        <ErrorAlert error={edit.error} title="The action could not be saved" />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <Textarea label="Recommended action" autosize minRows={2} value={recommendedAction} onChange={(e) => setRecommendedAction(e.currentTarget.value)}
            error={fieldError(edit.error, 'recommendedAction')} placeholder="What would lower the risk" />
          <Textarea label="Action taken" autosize minRows={2} value={actionTaken} onChange={(e) => setActionTaken(e.currentTarget.value)}
            error={fieldError(edit.error, 'actionTaken')} placeholder="What was actually done" />
        </SimpleGrid>
        <Group align="flex-end" gap="sm">
          <NativeSelect label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)} w={220} error={fieldError(edit.error, 'actionOwnerId')}
            data={[{ value: '', label: 'Nobody yet' }, ...(owners.data?.items ?? []).map((o) => ({ value: o.id, label: o.displayName }))]} />
          <TextInput label="Due on" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} w={170} error={fieldError(edit.error, 'actionDueOn')} />
          <NativeSelect label="Action status" value={status} onChange={(e) => setStatus(e.currentTarget.value as ActionStatus | '')} w={170}
            error={fieldError(edit.error, 'actionStatus')}
            data={[{ value: '', label: recommendedAction.trim() ? 'Planned (default)' : 'No action' }, ...Object.entries(ACTION_STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
        </Group>
        <Group align="flex-end" gap="sm">
          <Text fz="sm" fw={600} mb={6}>After the action:</Text>
          {(['severity', 'occurrence', 'detection'] as const).map((score) => (
            <Stack key={score} gap={2}>
              <Text fz="xs" component="span" id={`${f.id}-${score}-after`}>{score[0]!.toUpperCase() + score.slice(1)}</Text>
              <FmeaScoreSelect label={`${score} after the action for ${who}`} nullable canEdit hint={SCORE_HINTS[score]}
                value={after[`${score}After`]} onChange={(value) => setAfter((current) => ({ ...current, [`${score}After`]: value }))} />
            </Stack>
          ))}
          <Stack gap={2}>
            <Text fz="xs">RPN after</Text>
            <FmeaRpnBadge label="RPN after the action" rpn={f.rpnAfter} priority={f.priorityAfter} />
          </Stack>
          <Button type="submit" loading={edit.isPending} ml="auto">Save action</Button>
        </Group>
      </Stack>
    </form>
  );
}
