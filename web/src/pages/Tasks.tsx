import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Pagination, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
// The task shapes are the API's own (TypeBox schemas on the server), imported as types only.
import type { Assignee, BulkReassignResult, Task, TaskChanges, TaskList } from '../../../src/modules/care/schemas.js';
import { api, query } from '../api.js';
import { formatDateTime } from '../format.js';
import { useSignedIn } from '../session.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';
import { useDepartmentList } from '../components/feedback/queries.js';
import { ActionForm, NewTaskForm } from '../components/tasks/TaskForms.js';
import { KINDS, kindLabel, PRIORITIES, PRIORITY_COLORS, relative, type Action } from '../components/tasks/taskLabels.js';

const PAGE_SIZE = 25;
type Scope = 'mine' | 'escalated' | 'all';

/** The follow-up worklist: open tasks soonest due first, filtered, with complete, reassign (one or many) and reschedule. */
export function TasksPage() {
  usePageTitle('Tasks');
  const { permissions } = useSignedIn();
  const canWrite = permissions.includes('tasks:write');
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<Scope>('mine');
  const [kind, setKind] = useState('');
  const [priority, setPriority] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [search, setSearch] = useState('');
  const [words] = useDebouncedValue(search.trim(), 300);
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ task: Task; action: Action } | null>(null);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkSaid, setBulkSaid] = useState('');

  const tasks = useQuery({
    queryKey: ['tasks', scope, kind, priority, departmentId, words, overdue, page],
    queryFn: () => api.get<TaskList>(`/api/tasks${query({
      owner: scope === 'mine' ? 'me' : undefined, escalatedTo: scope === 'escalated' ? 'me' : undefined, kind, priority, departmentId, q: words,
      overdue: overdue || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
  });
  const departments = useDepartmentList();
  const assignees = useQuery({ queryKey: ['tasks', 'assignees'], queryFn: () => api.get<{ items: Assignee[] }>('/api/tasks/assignees'), enabled: canWrite, staleTime: 60_000 });
  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TaskChanges }) => api.patch<Task>(`/api/tasks/${id}`, changes),
    onSuccess: async () => { setActing(null); await queryClient.invalidateQueries({ queryKey: ['tasks'] }); },
  });
  const open = (task: Task, action: Action) => { update.reset(); setActing({ task, action }); };
  const filter = <T,>(set: (value: T) => void) => (value: T) => { set(value); setPage(1); setSelected([]); };
  const data = tasks.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const pageIds = data?.items.map((t) => t.id) ?? [];
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.includes(id));
  const toggle = (id: string, on: boolean) => setSelected((now) => (on ? [...now, id] : now.filter((x) => x !== id)));

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
            <SegmentedControl aria-label="Whose tasks" value={scope} onChange={(v) => filter(setScope)(v as Scope)}
              data={[{ value: 'mine', label: 'Mine' }, { value: 'escalated', label: 'Escalated to me' }, { value: 'all', label: 'All' }]} />
            <NativeSelect label="Kind" value={kind} onChange={(e) => filter(setKind)(e.currentTarget.value)} data={[{ value: '', label: 'All kinds' }, ...KINDS]} w={180} />
            <NativeSelect label="Priority" value={priority} onChange={(e) => filter(setPriority)(e.currentTarget.value)} data={[{ value: '', label: 'Any priority' }, ...PRIORITIES]} w={140} />
            <NativeSelect label="Department" value={departmentId} onChange={(e) => filter(setDepartmentId)(e.currentTarget.value)} w={200}
              data={[{ value: '', label: 'All departments' }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
            <TextInput label="Search titles" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} w={200} />
            <Checkbox label="Overdue only" checked={overdue} onChange={(e) => filter(setOverdue)(e.currentTarget.checked)} mb={8} />
          </Group>
          {canWrite && selected.length > 0 && <BulkReassign taskIds={selected} assignees={assignees.data?.items ?? []} onDone={(said) => { setSelected([]); setBulkSaid(said); }} />}
          <Text fz="sm" role="status" aria-live="polite" mb={bulkSaid ? 'xs' : 0}>{bulkSaid}</Text>
          <ErrorAlert error={tasks.error} title="The worklist could not be loaded" />
          <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
            {tasks.isPending ? 'Loading…' : data && data.total === 0 ? 'Nothing to do here.' : data ? `${data.total} open task${data.total === 1 ? '' : 's'}` : ''}
          </Text>
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Open tasks">
                <Table.Thead>
                  <Table.Tr>
                    {canWrite && <Table.Th scope="col"><Checkbox aria-label="Select every task on this page" checked={allSelected}
                      onChange={(e) => { const on = e.currentTarget.checked; setSelected((now) => (on ? [...new Set([...now, ...pageIds])] : now.filter((id) => !pageIds.includes(id)))); }} /></Table.Th>}
                    {['Due', 'Priority', 'Task', 'Patient', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    {canWrite && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((task) => (
                    <Table.Tr key={task.id}>
                      {canWrite && <Table.Td><Checkbox aria-label={`Select ${task.title}`} checked={selected.includes(task.id)} onChange={(e) => toggle(task.id, e.currentTarget.checked)} /></Table.Td>}
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text fz="sm" fw={600} c={task.overdue ? 'red.9' : undefined}>{task.overdue ? `Overdue, due ${relative(task.dueAt)}` : `Due ${relative(task.dueAt)}`}</Text>
                        <Text fz="xs" c="dimmed">{formatDateTime(task.dueAt)}</Text>
                      </Table.Td>
                      <Table.Td miw={112}><Badge color={PRIORITY_COLORS[task.priority]} variant="light">{task.priority}</Badge></Table.Td>
                      <Table.Td miw={200}>
                        <Text fz="sm" fw={600}>{task.title}</Text>
                        <Text fz="xs" c="dimmed">{kindLabel(task.kind)}{task.rule ? ` · by rule “${task.rule.name}”` : ''}{task.details ? ` · ${task.details}` : ''}</Text>
                        {task.escalations.length > 0 && <EscalationLine task={task} />}
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
              <Pagination total={pages} value={page} onChange={(n) => { setPage(n); setSelected([]); }} size="sm" />
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

/** The latest escalation step taken on a task, in the ladder's own words. */
function EscalationLine({ task }: { task: Task }) {
  const last = task.escalations[task.escalations.length - 1]!;
  return (
    <Stack gap={2} mt={4} align="flex-start">
      <Badge color="red.9" c="red.9" variant="outline" size="sm" style={{ flexShrink: 0 }}>Escalated · step {last.step}</Badge>
      <Text fz="xs" c="dimmed">{last.note}</Text>
    </Stack>
  );
}

/** Gives every selected task to one person (or nobody) at once. */
function BulkReassign({ taskIds, assignees, onDone }: { taskIds: string[]; assignees: Assignee[]; onDone(said: string): void }) {
  const queryClient = useQueryClient();
  const [ownerId, setOwnerId] = useState('');
  const reassign = useMutation({
    mutationFn: () => api.post<BulkReassignResult>('/api/tasks/reassign', { taskIds, ownerId: ownerId || null }),
    onSuccess: async (result) => {
      const closed = result.closed.length ? `; ${result.closed.length} already closed, left as they were` : '';
      onDone(`${result.reassigned} task${result.reassigned === 1 ? '' : 's'} reassigned${result.unchanged ? `, ${result.unchanged} already theirs` : ''}${closed}.`);
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  return (
    <Paper withBorder p="sm" mb="md" bg="gray.0">
      <Group align="flex-end" gap="sm">
        <Text fz="sm" fw={600} mb={6}>{taskIds.length} selected</Text>
        <NativeSelect label="Give them to" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)} w={240}
          data={[{ value: '', label: 'Nobody (unassigned)' }, ...assignees.map((a) => ({ value: a.id, label: a.displayName }))]} />
        <Button onClick={() => reassign.mutate()} loading={reassign.isPending}>Reassign selected</Button>
      </Group>
      <ErrorAlert error={reassign.error} title="The tasks were not reassigned" />
    </Paper>
  );
}
