import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Task, TaskList } from '../../../../src/modules/care/schemas.js';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { kindLabel, PRIORITY_COLORS, relative } from '../tasks/taskLabels.js';

const RECENT_DONE = 5;

/** The patient's follow-up tasks: every open one, soonest due first, and the last few done. */
export function PatientTasks({ patientId }: { patientId: string }) {
  const open = useQuery({ queryKey: ['tasks', 'patient', patientId, 'open'], queryFn: () => api.get<TaskList>(`/api/tasks${query({ patientId, limit: 100 })}`) });
  const done = useQuery({
    queryKey: ['tasks', 'patient', patientId, 'done'],
    queryFn: () => api.get<TaskList>(`/api/tasks${query({ patientId, status: 'done', limit: 100 })}`),
  });
  // The list is by due time; the latest done are the latest completed.
  const recent = [...(done.data?.items ?? [])].sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? '')).slice(0, RECENT_DONE);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">Follow-up tasks</Title>
        <Anchor component={Link} to="/tasks" fz="sm" c="blue.9" underline="always">Open the worklist</Anchor>
      </Group>
      <ErrorAlert error={open.error ?? done.error} title="The tasks could not be loaded" />
      <Stack gap="md">
        <div>
          <Title order={3} fz="h5" mb={4}>Open</Title>
          {open.isPending ? <Text fz="sm" c="dimmed">Loading…</Text>
            : open.data?.items.length ? <TaskTable label="Open tasks of this patient" tasks={open.data.items} done={false} />
              : <Text fz="sm" c="dimmed">No open task.</Text>}
        </div>
        <div>
          <Title order={3} fz="h5" mb={4}>Recently done</Title>
          {done.isPending ? <Text fz="sm" c="dimmed">Loading…</Text>
            : recent.length ? <TaskTable label="Tasks done for this patient" tasks={recent} done />
              : <Text fz="sm" c="dimmed">Nothing done yet.</Text>}
        </div>
      </Stack>
    </Paper>
  );
}

function TaskTable({ label, tasks, done }: { label: string; tasks: Task[]; done: boolean }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            {[done ? 'Done' : 'Due', 'Task', done ? 'Outcome' : 'Priority', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {done ? <Text fz="sm">{formatDateTime(task.completedAt)}</Text>
                  : <Text fz="sm" fw={600} c={task.overdue ? 'red.9' : undefined}>{task.overdue ? `Overdue, due ${relative(task.dueAt)}` : `Due ${relative(task.dueAt)}`}</Text>}
              </Table.Td>
              <Table.Td>
                <Text fz="sm" fw={600}>{task.title}</Text>
                <Text fz="xs" c="dimmed">{kindLabel(task.kind)}{task.rule ? ` · by rule “${task.rule.name}”` : ''}</Text>
                {!done && task.escalations.length > 0 && <Text fz="xs" c="red.9">{task.escalations[task.escalations.length - 1]!.note}</Text>}
              </Table.Td>
              <Table.Td miw={112}>{done ? <Text fz="sm">{task.outcome}</Text> : <Badge color={PRIORITY_COLORS[task.priority]} variant="light">{task.priority}</Badge>}</Table.Td>
              <Table.Td>{task.ownerName ?? <Text span c="dimmed" fz="sm">Unassigned</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
