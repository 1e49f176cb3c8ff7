import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
// The task shapes are the API's own (TypeBox schemas on the server), imported as types only.
import type { Assignee, Task, TaskChanges, TaskList } from '../../../src/modules/care/schemas.js';
import { api, query } from '../api.js';
import { formatDateTime, fullName } from '../format.js';
import { useSignedIn } from '../session.js';
import type { Page, PatientSummary } from '../types.js';
import { ErrorAlert, fieldError } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';

const PAGE_SIZE = 25;
const KINDS: { value: Task['kind']; label: string }[] = [
  { value: 'callback', label: 'Callback' }, { value: 'post_visit_call', label: 'Post-visit call' }, { value: 'lab_result', label: 'Lab result' },
  { value: 'recovery_call', label: 'Recovery call' }, { value: 'referral_follow_up', label: 'Referral follow-up' }, { value: 'other', label: 'Other' },
];
const kindLabel = (kind: Task['kind']) => KINDS.find((k) => k.value === kind)?.label ?? kind;
const PRIORITY_COLORS: Record<Task['priority'], string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
type Action = 'complete' | 'reassign' | 'due';

/** "in 3 hours", "2 days ago": how far a due time is from now. */
function relative(timestamp: string, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const minutes = Math.round((Date.parse(timestamp) - now) / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 24 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}

/** An instant as a datetime-local input shows it (the browser's zone), and back. */
function toLocalInput(timestamp: string): string {
  const d = new Date(timestamp);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** The follow-up worklist: open tasks soonest due first, with complete, reassign and reschedule. */
export function TasksPage() {
  usePageTitle('Tasks');
  const { permissions } = useSignedIn();
  const canWrite = permissions.includes('tasks:write');
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [kind, setKind] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ task: Task; action: Action } | null>(null);
  const [creating, setCreating] = useState(false);

  const tasks = useQuery({
    queryKey: ['tasks', scope, kind, overdue, page],
    queryFn: () => api.get<TaskList>(`/api/tasks${query({ owner: scope === 'mine' ? 'me' : undefined, kind, overdue: overdue || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const assignees = useQuery({ queryKey: ['tasks', 'assignees'], queryFn: () => api.get<{ items: Assignee[] }>('/api/tasks/assignees'), enabled: canWrite, staleTime: 60_000 });
  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TaskChanges }) => api.patch<Task>(`/api/tasks/${id}`, changes),
    onSuccess: async () => { setActing(null); await queryClient.invalidateQueries({ queryKey: ['tasks'] }); },
  });
  const open = (task: Task, action: Action) => { update.reset(); setActing({ task, action }); };
  const filter = (apply: () => void) => { apply(); setPage(1); };
  const data = tasks.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Tasks</Title>
        {canWrite && <Button onClick={() => setCreating((c) => !c)} aria-expanded={creating}>New task</Button>}
      </Group>
      <Stack gap="md">
        {creating && <NewTaskForm assignees={assignees.data?.items ?? []} onDone={() => setCreating(false)} />}
        <Paper withBorder p="md">
          <Group align="flex-end" gap="md" mb="md">
            <SegmentedControl aria-label="Whose tasks" value={scope} onChange={(v) => filter(() => setScope(v === 'all' ? 'all' : 'mine'))} data={[{ value: 'mine', label: 'Mine' }, { value: 'all', label: 'All' }]} />
            <NativeSelect label="Kind" value={kind} onChange={(e) => { const next = e.currentTarget.value; filter(() => setKind(next)); }} data={[{ value: '', label: 'All kinds' }, ...KINDS]} w={200} />
            <Checkbox label="Overdue only" checked={overdue} onChange={(e) => { const next = e.currentTarget.checked; filter(() => setOverdue(next)); }} mb={8} />
          </Group>
          <ErrorAlert error={tasks.error} title="The worklist could not be loaded" />
          <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
            {tasks.isPending ? 'Loading…' : data && data.total === 0 ? 'Nothing to do here.' : data ? `${data.total} open task${data.total === 1 ? '' : 's'}` : ''}
          </Text>
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={820}>
              <Table striped aria-label="Open tasks">
                <Table.Thead>
                  <Table.Tr>
                    {['Due', 'Priority', 'Task', 'Patient', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    {canWrite && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((task) => (
                    <Table.Tr key={task.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text fz="sm" fw={600} c={task.overdue ? 'red.9' : undefined}>{task.overdue ? `Overdue, due ${relative(task.dueAt)}` : `Due ${relative(task.dueAt)}`}</Text>
                        <Text fz="xs" c="dimmed">{formatDateTime(task.dueAt)}</Text>
                      </Table.Td>
                      <Table.Td><Badge color={PRIORITY_COLORS[task.priority]} variant="light">{task.priority}</Badge></Table.Td>
                      <Table.Td>
                        <Text fz="sm" fw={600}>{task.title}</Text>
                        <Text fz="xs" c="dimmed">{kindLabel(task.kind)}{task.details ? ` · ${task.details}` : ''}</Text>
                      </Table.Td>
                      <Table.Td>{task.patient ? <Link className="table-link" to={`/patients/${task.patient.id}`}>{task.patient.name}</Link> : '—'}
                        {task.patient && <Text fz="xs" c="dimmed" ff="monospace">{task.patient.mrn}</Text>}</Table.Td>
                      <Table.Td>{task.ownerName ?? <Text span c="dimmed" fz="sm">Unassigned</Text>}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="compact-sm" onClick={() => open(task, 'complete')} aria-label={`Complete ${task.title}`}>Complete</Button>
                            <Button size="compact-sm" variant="default" onClick={() => open(task, 'reassign')} aria-label={`Reassign ${task.title}`}>Reassign</Button>
                            <Button size="compact-sm" variant="default" onClick={() => open(task, 'due')} aria-label={`Change due time of ${task.title}`}>Due time</Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <Group justify="flex-end" mt="md">
              <Pagination total={pages} value={page} onChange={setPage} size="sm"
                getControlProps={(control) => ({ 'aria-label': control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : control })}
                getItemProps={(n) => ({ 'aria-label': `Page ${n}` })} />
            </Group>
          )}
        </Paper>
      </Stack>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={acting !== null} onClose={() => setActing(null)} centered
        title={acting ? `${acting.action === 'complete' ? 'Complete' : acting.action === 'reassign' ? 'Reassign' : 'Change the due time of'} “${acting.task.title}”` : ''}>
        {acting && <ActionForm key={`${acting.task.id}-${acting.action}`} task={acting.task} action={acting.action} assignees={assignees.data?.items ?? []}
          error={update.error} pending={update.isPending} onCancel={() => setActing(null)} onSave={(changes) => update.mutate({ id: acting.task.id, changes })} />}
      </Modal>
    </>
  );
}

interface ActionFormProps {
  task: Task; action: Action; assignees: Assignee[]; error: unknown; pending: boolean;
  onCancel(): void; onSave(changes: TaskChanges): void;
}

/** The modal's form: an outcome to complete, an owner to reassign, or a new due time. */
function ActionForm({ task, action, assignees, error, pending, onCancel, onSave }: ActionFormProps) {
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
function NewTaskForm({ assignees, onDone }: { assignees: Assignee[]; onDone(): void }) {
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
