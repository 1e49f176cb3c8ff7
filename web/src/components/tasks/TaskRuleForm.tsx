import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, MultiSelect, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { Preview, TaskRule, TriggerInfo } from '../../../../src/modules/care/task-rule-schemas.js';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { useAssignees, useDepartmentList, useServiceList } from '../feedback/queries.js';
import { bodyOf, CONDITION_LABELS, emptyRule, formOf, OWNER_LABELS, type RuleForm } from './ruleModel.js';
import { KINDS, PRIORITIES } from './taskLabels.js';

const CHOICES: Record<string, { value: string; label: string }[]> = {
  urgencies: [{ value: 'routine', label: 'Routine' }, { value: 'urgent', label: 'Urgent' }, { value: 'emergency', label: 'Emergency' }],
  referralKinds: [{ value: 'specialty', label: 'Specialty' }, { value: 'external', label: 'External provider' }, { value: 'test', label: 'Test' }],
};
type Named = { id: string; name: string; archived?: boolean };

/** Creates or edits a task rule, and previews it against the last week's events before saving. */
export function TaskRuleForm({ rule, triggers, onDone }: { rule: TaskRule | null; triggers: TriggerInfo[]; onDone(): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RuleForm>(rule ? formOf(rule) : emptyRule(triggers[0]?.event));
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((now) => ({ ...now, [key]: value }));
  const trigger = triggers.find((t) => t.event === form.event);
  const offered = trigger?.conditions ?? [];
  const departments = useDepartmentList();
  const services = useServiceList(true);
  const locations = useQuery({ queryKey: ['scheduling', 'locations'], queryFn: () => api.get<{ items: Named[] }>('/api/scheduling/locations'), staleTime: 60_000 });
  const providers = useQuery({ queryKey: ['scheduling', 'providers'], queryFn: () => api.get<{ items: Named[] }>('/api/scheduling/providers'), staleTime: 60_000 });
  const assignees = useAssignees(true);
  const named = (list: Named[] | undefined) => (list ?? []).filter((item) => !item.archived).map((item) => ({ value: item.id, label: item.name }));
  const choices: Record<string, { value: string; label: string }[]> = {
    ...CHOICES, departmentIds: named(departments.data), serviceIds: named(services.data?.items), locationIds: named(locations.data?.items), providerIds: named(providers.data?.items),
  };
  const save = useMutation({
    mutationFn: () => (rule ? api.patch<TaskRule>(`/api/task-rules/${rule.id}`, bodyOf(form, offered)) : api.post<TaskRule>('/api/task-rules', bodyOf(form, offered))),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['task-rules'] }); onDone(); },
  });
  const preview = useMutation({ mutationFn: () => api.post<Preview>('/api/task-rules/preview', bodyOf(form, offered)) });
  const error = save.error ?? preview.error;
  const shown = ['name', 'task.title', 'task.details', 'task.dueIn', 'task.dueIn.amount', 'owner.userId', 'owner.departmentId'];
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">{rule ? `Edit “${rule.name}”` : 'New task rule'}</Title>
      <form onSubmit={submit} aria-label={rule ? 'Edit task rule' : 'New task rule'}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError(error, 'name')} data-autofocus />
            <NativeSelect label="When" value={form.event} onChange={(e) => set('event', e.currentTarget.value)} data={triggers.map((t) => ({ value: t.event, label: t.label }))} />
          </Group>
          <Text fz="sm" fw={600}>Only if (leave empty for any)</Text>
          <Group grow align="flex-start">
            {offered.map((name) => (
              <MultiSelect key={name} label={CONDITION_LABELS[name]} data={choices[name] ?? []} value={form.conditions[name] ?? []} clearable searchable
                onChange={(values) => set('conditions', { ...form.conditions, [name]: values })} error={fieldError(error, `conditions.${name}`)} />
            ))}
          </Group>
          <Group grow align="flex-start">
            <NativeSelect label="Task kind" value={form.kind} onChange={(e) => set('kind', e.currentTarget.value as RuleForm['kind'])} data={KINDS} />
            <NativeSelect label="Priority" value={form.priority} onChange={(e) => set('priority', e.currentTarget.value as RuleForm['priority'])} data={PRIORITIES} />
            <NumberInput label="Due in" min={0} value={form.dueAmount} onChange={(value) => set('dueAmount', value)} error={fieldError(error, 'task.dueIn') ?? fieldError(error, 'task.dueIn.amount')} />
            <NativeSelect label="Unit" value={form.dueUnit} onChange={(e) => set('dueUnit', e.currentTarget.value as RuleForm['dueUnit'])} data={['minutes', 'hours', 'days']} />
          </Group>
          <TextInput label="Task title" required value={form.title} onChange={(e) => set('title', e.currentTarget.value)} error={fieldError(error, 'task.title')}
            description={`Placeholders: ${(trigger?.placeholders ?? []).map((p) => `{{${p}}}`).join(' ')}`} />
          <Textarea label="Details" autosize minRows={2} value={form.details} onChange={(e) => set('details', e.currentTarget.value)} error={fieldError(error, 'task.details')} />
          <Group grow align="flex-start">
            <NativeSelect label="Owner" value={form.ownerType} onChange={(e) => set('ownerType', e.currentTarget.value as RuleForm['ownerType'])}
              data={Object.entries(OWNER_LABELS).map(([value, label]) => ({ value, label }))} />
            {form.ownerType === 'staff' && <NativeSelect label="Staff member" value={form.ownerUserId} onChange={(e) => set('ownerUserId', e.currentTarget.value)} error={fieldError(error, 'owner.userId')}
              data={[{ value: '', label: 'Choose…' }, ...(assignees.data?.items ?? []).map((a) => ({ value: a.id, label: a.displayName }))]} />}
            {(form.ownerType === 'department_owner' || form.ownerType === 'round_robin') && <NativeSelect label="Department" value={form.ownerDepartmentId}
              onChange={(e) => set('ownerDepartmentId', e.currentTarget.value)} error={fieldError(error, 'owner.departmentId')}
              data={[{ value: '', label: form.ownerType === 'round_robin' ? 'Choose…' : "The event's department" }, ...named(departments.data).map((d) => ({ value: d.value, label: d.label }))]} />}
          </Group>
          {error !== null && !shown.some((field) => fieldError(error, field)) && <ErrorAlert error={error} title="The rule was not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button variant="light" onClick={() => { save.reset(); preview.mutate(); }} loading={preview.isPending}>Preview</Button>
            <Button type="submit" loading={save.isPending}>{rule ? 'Save rule' : 'Create rule'}</Button>
          </Group>
          {preview.data && <PreviewResult preview={preview.data} />}
        </Stack>
      </form>
    </Paper>
  );
}

function PreviewResult({ preview }: { preview: Preview }) {
  return (
    <div>
      <Text fz="sm" role="status" aria-live="polite" fw={600}>
        In the last {preview.days} days, {preview.matched} of {preview.events} such event{preview.events === 1 ? '' : 's'} would have made a task.
      </Text>
      {preview.sample.length > 0 && (
        <Table aria-label="Tasks the rule would have made" striped mt="xs">
          <Table.Thead><Table.Tr>{['When', 'Patient', 'Task', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr></Table.Thead>
          <Table.Tbody>
            {preview.sample.map((match, index) => (
              <Table.Tr key={index}>
                <Table.Td>{formatDateTime(match.at)}</Table.Td>
                <Table.Td>{match.patient?.name ?? '—'}</Table.Td>
                <Table.Td>{match.title}</Table.Td>
                <Table.Td>{match.ownerName ?? 'Unassigned'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}
