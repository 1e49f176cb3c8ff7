import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import type { TaskRule, TriggerInfo } from '../../../../src/modules/care/task-rule-schemas.js';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartmentList, useServiceList } from '../../components/feedback/queries.js';
import { EscalationLadderEditor } from '../../components/tasks/EscalationLadderEditor.js';
import { CONDITION_LABELS, OWNER_LABELS } from '../../components/tasks/ruleModel.js';
import { kindLabel } from '../../components/tasks/taskLabels.js';
import { TaskRuleForm } from '../../components/tasks/TaskRuleForm.js';

/** Task rules (which events open follow-up tasks by themselves) and the escalation ladder of overdue tasks. */
export function TaskRules() {
  usePageTitle('Task rules');
  const { can } = useSignedIn();
  const canManage = can('tasks:manage');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TaskRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TaskRule | null>(null);
  const rules = useQuery({ queryKey: ['task-rules'], queryFn: () => api.get<{ items: TaskRule[] }>('/api/task-rules') });
  const triggers = useQuery({ queryKey: ['task-rules', 'triggers'], queryFn: () => api.get<{ items: TriggerInfo[] }>('/api/task-rules/triggers'), staleTime: Infinity });
  const departments = useDepartmentList();
  const services = useServiceList(true);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['task-rules'] });
  const toggle = useMutation({ mutationFn: (rule: TaskRule) => api.patch<TaskRule>(`/api/task-rules/${rule.id}`, { enabled: !rule.enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (rule: TaskRule) => api.delete(`/api/task-rules/${rule.id}`), onSuccess: async () => { setDeleting(null); await refresh(); } });
  const names = new Map([...(departments.data ?? []), ...(services.data?.items ?? [])].map((item) => [item.id, item.name]));
  const conditionText = (rule: TaskRule) => Object.entries(rule.conditions).filter(([, values]) => values?.length)
    .map(([name, values]) => `${CONDITION_LABELS[name]}: ${(values as string[]).map((v) => names.get(v) ?? v).join(', ')}`).join('; ') || 'Always';
  const ownerText = (rule: TaskRule) => rule.owner.type === 'staff' ? rule.owner.userName ?? 'A former staff member'
    : rule.owner.type === 'unassigned' ? OWNER_LABELS.unassigned : `${OWNER_LABELS[rule.owner.type]}${rule.owner.departmentName ? `: ${rule.owner.departmentName}` : ''}`;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Task rules</Title>
        {canManage && <Button onClick={() => setEditing('new')} disabled={editing !== null}>New rule</Button>}
      </Group>
      <Stack gap="lg">
        <Text fz="sm" c="dimmed">
          A rule makes a follow-up task when something happens: a visit completed, a no-show, a referral overdue. Each rule makes one task per event,
          however often the event is reported. Preview a rule to see what it would have made in the last week.
        </Text>
        {editing !== null && triggers.data && (
          <TaskRuleForm key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} triggers={triggers.data.items} onDone={() => setEditing(null)} />
        )}
        <Paper withBorder p="md">
          <ErrorAlert error={rules.error ?? toggle.error} title="The rules could not be loaded or changed" />
          {rules.data?.items.length === 0 && <Text fz="sm">No rule yet: tasks are made by hand and by the modules that always make them (missed calls, recovery cases).</Text>}
          {rules.data && rules.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="Task rules" striped>
                <Table.Thead>
                  <Table.Tr>{['Rule', 'When', 'Only if', 'Task', 'Owner', 'Made', 'On'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    {canManage && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.data.items.map((rule) => (
                    <Table.Tr key={rule.id}>
                      <Table.Td><Text fz="sm" fw={600}>{rule.name}</Text></Table.Td>
                      <Table.Td><Text fz="sm">{rule.eventLabel}</Text></Table.Td>
                      <Table.Td><Text fz="sm">{conditionText(rule)}</Text></Table.Td>
                      <Table.Td>
                        <Text fz="sm">{rule.task.title}</Text>
                        <Text fz="xs" c="dimmed">{kindLabel(rule.task.kind)} · {rule.task.priority} · due in {rule.task.dueIn.amount} {rule.task.dueIn.unit}</Text>
                      </Table.Td>
                      <Table.Td><Text fz="sm">{ownerText(rule)}</Text></Table.Td>
                      <Table.Td><Text fz="sm">{rule.tasksMade}</Text>{rule.lastTaskAt && <Text fz="xs" c="dimmed">last {formatDateTime(rule.lastTaskAt)}</Text>}</Table.Td>
                      <Table.Td>
                        {canManage ? <Switch aria-label={`${rule.name} enabled`} checked={rule.enabled} onChange={() => toggle.mutate(rule)} />
                          : <Badge variant="light" color={rule.enabled ? 'green' : 'gray'}>{rule.enabled ? 'On' : 'Off'}</Badge>}
                      </Table.Td>
                      {canManage && (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap" justify="flex-end">
                            <Button size="compact-sm" variant="default" onClick={() => setEditing(rule)} aria-label={`Edit ${rule.name}`}>Edit</Button>
                            <Button size="compact-sm" variant="subtle" color="red" c="red.9" onClick={() => { remove.reset(); setDeleting(rule); }} aria-label={`Delete ${rule.name}`}>Delete</Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
        <EscalationLadderEditor canManage={canManage} />
      </Stack>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={deleting ? `Delete “${deleting.name}”?` : ''} centered closeButtonProps={{ 'aria-label': 'Close' }}>
        <Text fz="sm" mb="md">The rule stops making tasks. The tasks it already made stay, and still name it.</Text>
        <ErrorAlert error={remove.error} title="The rule was not deleted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
          <Button color="red.9" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>Delete the rule</Button>
        </Group>
      </Modal>
    </>
  );
}
