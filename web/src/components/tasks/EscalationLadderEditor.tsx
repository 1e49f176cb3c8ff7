import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import type { EscalationLadder, EscalationLadderBody } from '../../../../src/modules/care/task-rule-schemas.js';
import { api, request } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { useAssignees } from '../feedback/queries.js';

type Step = EscalationLadderBody['steps'][number];
interface StepForm { amount: number | string; unit: 'minutes' | 'hours' | 'days'; action: Step['action']; target: Step['target']; targetUserId: string }
const PER = { minutes: 1, hours: 60, days: 1440 } as const;

const formOf = (step: EscalationLadder['steps'][number]): StepForm => {
  const unit = step.afterMinutes % 1440 === 0 ? 'days' : step.afterMinutes % 60 === 0 ? 'hours' : 'minutes';
  return { amount: step.afterMinutes / PER[unit], unit, action: step.action, target: step.target, targetUserId: step.targetUserId ?? '' };
};

/** The clinic's escalation ladder: what happens to a task that stays overdue, step by step. */
export function EscalationLadderEditor({ canManage }: { canManage: boolean }) {
  const ladder = useQuery({ queryKey: ['task-rules', 'ladder'], queryFn: () => api.get<EscalationLadder>('/api/task-escalation') });
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb={4}>Escalation of overdue tasks</Title>
      <Text fz="sm" c="dimmed" mb="sm">
        Every overdue task first goes up one priority step. Then each step below is taken once per task and due time: the person is
        notified (the task shows under “Escalated to me”) or the task is handed to them. A new due time starts the ladder again.
      </Text>
      <ErrorAlert error={ladder.error} title="The ladder could not be loaded" />
      {ladder.data && <LadderForm initial={ladder.data.steps.map(formOf)} canManage={canManage} />}
    </Paper>
  );
}

function LadderForm({ initial, canManage }: { initial: StepForm[]; canManage: boolean }) {
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState(initial);
  const assignees = useAssignees(canManage);
  const people = [{ value: '', label: 'Nobody' }, ...(assignees.data?.items ?? []).map((a) => ({ value: a.id, label: a.displayName }))];
  const change = (index: number, patch: Partial<StepForm>) => setSteps((now) => now.map((step, i) => (i === index ? { ...step, ...patch } : step)));
  const save = useMutation({
    mutationFn: () => request<EscalationLadder>('PUT', '/api/task-escalation', {
      steps: steps.map((s) => ({ afterMinutes: Number(s.amount) * PER[s.unit], action: s.action, target: s.target, ...(s.targetUserId && { targetUserId: s.targetUserId }) })),
    }),
    // The form keeps what was typed; the saved ladder is the cache's from now on.
    onSuccess: (saved) => { queryClient.setQueryData(['task-rules', 'ladder'], saved); },
  });
  return (
    <Stack gap="sm">
      {steps.length === 0 && <Text fz="sm">No steps: overdue tasks only go up in priority.</Text>}
      {steps.map((step, index) => (
        <fieldset key={index} style={{ border: 0, padding: 0, margin: 0 }} disabled={!canManage}>
          <legend className="visually-hidden">Step {index + 1}</legend>
          <Group align="flex-end" gap="sm">
            <Text fw={600} fz="sm" mb={8} w={56}>Step {index + 1}</Text>
            <NumberInput label="Overdue by" min={1} w={110} value={step.amount} onChange={(value) => change(index, { amount: value })}
              error={fieldError(save.error, `steps.${index}.afterMinutes`)} />
            <NativeSelect label="Unit" w={110} value={step.unit} onChange={(e) => change(index, { unit: e.currentTarget.value as StepForm['unit'] })} data={['minutes', 'hours', 'days']} />
            <NativeSelect label="Then" w={160} value={step.action} onChange={(e) => change(index, { action: e.currentTarget.value as Step['action'] })}
              data={[{ value: 'notify', label: 'Notify' }, { value: 'reassign', label: 'Hand the task to' }]} />
            <NativeSelect label="Whom" w={220} value={step.target} onChange={(e) => change(index, { target: e.currentTarget.value as Step['target'] })}
              data={[{ value: 'department_owner', label: "The department's owner" }, { value: 'staff', label: 'A named person' }]} />
            <NativeSelect label={step.target === 'staff' ? 'Person' : 'If no department owner'} w={200} value={step.targetUserId}
              onChange={(e) => change(index, { targetUserId: e.currentTarget.value })} data={people} error={fieldError(save.error, `steps.${index}.targetUserId`)} />
            {canManage && <Button variant="subtle" color="red" c="red.9" onClick={() => setSteps((now) => now.filter((_, i) => i !== index))} aria-label={`Remove step ${index + 1}`}>Remove</Button>}
          </Group>
        </fieldset>
      ))}
      {save.error !== null && !steps.some((_, i) => fieldError(save.error, `steps.${i}.afterMinutes`) || fieldError(save.error, `steps.${i}.targetUserId`)) &&
        <ErrorAlert error={save.error} title="The ladder was not saved" />}
      {canManage && (
        <Group>
          <Button variant="default" disabled={steps.length >= 5}
            onClick={() => setSteps((now) => [...now, { amount: now.length ? Number(now[now.length - 1]!.amount) * 2 || 1 : 30, unit: now.length ? now[now.length - 1]!.unit : 'minutes', action: 'notify', target: 'department_owner', targetUserId: '' }])}>
            Add a step
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>Save the ladder</Button>
          <Text fz="sm" role="status" aria-live="polite">{save.isSuccess ? 'Ladder saved.' : ''}</Text>
        </Group>
      )}
    </Stack>
  );
}
