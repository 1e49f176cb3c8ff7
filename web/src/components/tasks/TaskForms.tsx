import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Paper, Select, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Assignee, Task, TaskChanges } from '../../../../src/modules/care/schemas.js';
import { api, query } from '../../api.js';
import { fullName } from '../../format.js';
import { useSignedIn } from '../../session.js';
import type { Page, PatientSummary } from '../../types.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { fromLocalInput, KINDS, toLocalInput, type Action } from './taskLabels.js';

export interface ActionFormProps {
  task: Task; action: Action; assignees: Assignee[]; error: unknown; pending: boolean;
  onCancel(): void; onSave(changes: TaskChanges): void;
}

/** The modal's form: an outcome to complete, an owner to reassign, or a new due time. */
export function ActionForm({ task, action, assignees, error, pending, onCancel, onSave }: ActionFormProps) {
  const [outcome, setOutcome] = useState('');
  const [ownerId, setOwnerId] = useState(task.ownerId ?? '');
  const [due, setDue] = useState(toLocalInput(task.dueAt));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (action === 'complete') onSave({ status: 'done', outcome: outcome.trim() });
    else if (action === 'reassign') onSave({ ownerId: ownerId || null });
    else onSave({ dueAt: fromLocalInput(due) });
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {action === 'complete' && <Textarea label="Outcome" description="What was done: who was reached, what was agreed" required autosize minRows={3}
          value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)} error={fieldError(error, 'outcome')} data-autofocus />}
        {action === 'reassign' && <NativeSelect label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)} error={fieldError(error, 'ownerId')}
          data={[{ value: '', label: 'Nobody (unassigned)' }, ...assignees.map((a) => ({ value: a.id, label: a.displayName }))]} data-autofocus />}
        {action === 'due' && <TextInput type="datetime-local" label="Due" required value={due} onChange={(e) => setDue(e.currentTarget.value)} error={fieldError(error, 'dueAt')} data-autofocus />}
        {error !== null && !fieldError(error, 'outcome') && !fieldError(error, 'ownerId') && !fieldError(error, 'dueAt') && <ErrorAlert error={error} title="The task was not changed" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={pending} disabled={action === 'complete' ? !outcome.trim() : action === 'due' ? !due : false}>Save</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A task made by hand: kind, title, who and when; the patient is found by the usual patient search. */
export function NewTaskForm({ assignees, onDone }: { assignees: Assignee[]; onDone(): void }) {
  const queryClient = useQueryClient();
  const { user } = useSignedIn();
  const [kind, setKind] = useState<Task['kind']>('callback');
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const [priority, setPriority] = useState<Task['priority']>('normal');
  const [ownerId, setOwnerId] = useState(user.id);
  const [due, setDue] = useState('');
  const [patient, setPatient] = useState<{ value: string; label: string } | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const patients = useQuery({
    queryKey: ['patients', debounced, '', 1],
    queryFn: () => api.get<Page<PatientSummary>>(`/api/patients${query({ q: debounced, limit: 10 })}`),
    enabled: debounced.length >= 2 && debounced !== patient?.label,
  });
  const create = useMutation({
    mutationFn: () => api.post<Task>('/api/tasks', {
      kind, title: title.trim(), priority, ...(details.trim() && { details: details.trim() }), ...(patient && { patientId: patient.value }),
      ...(ownerId && { ownerId }), ...(due && { dueAt: fromLocalInput(due) }),
    }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['tasks'] }); onDone(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  // The chosen patient stays an option while the box shows its name (a search that would not find it).
  const found = (patients.data?.items ?? []).map((p) => ({ value: p.id, label: `${fullName(p)} · ${p.mrn}` }));
  const options = patient ? [patient, ...found.filter((o) => o.value !== patient.value)] : found;
  const owners = assignees.some((a) => a.id === user.id) ? assignees : [{ id: user.id, displayName: user.displayName, departmentId: null }, ...assignees];

  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">New task</Title>
      <form onSubmit={submit} aria-label="New task">
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" grow>
            <NativeSelect label="Kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Task['kind'])} data={KINDS} />
            <NativeSelect label="Priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as Task['priority'])} data={['low', 'normal', 'high', 'urgent']} />
            <TextInput type="datetime-local" label="Due" description="Empty: in an hour for a callback, tomorrow otherwise" value={due} onChange={(e) => setDue(e.currentTarget.value)} error={fieldError(create.error, 'dueAt')} />
          </Group>
          <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fieldError(create.error, 'title')} data-autofocus />
          <Textarea label="Details" autosize minRows={2} value={details} onChange={(e) => setDetails(e.currentTarget.value)} />
          <Group align="flex-start" gap="sm" grow>
            <Select label="Patient" description="Name, phone, date of birth or MRN" searchable clearable placeholder="Search patients"
              data={options} value={patient?.value ?? null} onChange={(_, option) => setPatient(option ?? null)} searchValue={search} onSearchChange={setSearch}
              filter={({ options: all }) => all} nothingFoundMessage={debounced.length >= 2 && !patients.isFetching ? 'No patient found' : undefined}
              error={fieldError(create.error, 'patientId')} />
            <NativeSelect label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)}
              data={[{ value: '', label: 'Nobody (unassigned)' }, ...owners.map((a) => ({ value: a.id, label: a.displayName }))]} />
          </Group>
          {create.error !== null && !fieldError(create.error, 'title') && !fieldError(create.error, 'dueAt') && <ErrorAlert error={create.error} title="The task was not created" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={create.isPending} disabled={!title.trim()}>Create task</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
