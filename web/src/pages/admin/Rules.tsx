import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, List, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useAgents, useCannedReplies, useTeams } from './inboxAdmin.js';
import { RuleEditor } from './RuleEditor.js';
import { describeAction, describeCondition, eventLabel, type Names, type Rule } from './ruleModel.js';

/** Automation rules: when something happens to a conversation, if conditions hold, do actions. */
export function Rules() {
  usePageTitle('Automation rules');
  const { can } = useSignedIn();
  const manage = can('inbox:manage');
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['inbox-admin', 'rules'], queryFn: () => api.get<{ items: Rule[] }>('/api/inbox/rules') });
  const teams = useTeams();
  const agents = useAgents();
  const canned = useCannedReplies();
  const webhooks = useQuery({ queryKey: ['webhooks', 'list'], queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/api/webhooks'), enabled: can('webhooks:manage') });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const names: Names = { teams: teams.data ?? [], agents: agents.data?.items ?? [], canned: canned.data?.items ?? [], webhooks: webhooks.data?.items ?? [] };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'rules'] });
  const toggle = useMutation({ mutationFn: (rule: Rule) => api.patch<Rule>(`/api/inbox/rules/${rule.id}`, { enabled: !rule.enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/inbox/rules/${id}`), onSuccess: refresh });

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={1}>Automation rules</Title>
        {manage && editing === null && <Button onClick={() => setEditing('new')}>New rule</Button>}
      </Group>
      <Text c="dimmed" fz="sm" mb="md">
        When something happens to a conversation and all conditions hold, the actions run, in order. Changes made by a rule never trigger rules again, so rules cannot loop.
      </Text>
      <Stack gap="md" maw={1100}>
        <ErrorAlert error={agents.error} title="The list of agents could not be loaded (needed to assign to a person)" />
        {manage && editing !== null && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">{editing === 'new' ? 'New rule' : `Edit “${editing.name}”`}</Title>
            <RuleEditor key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? null : editing} names={names} onDone={() => setEditing(null)} />
          </Paper>
        )}
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Rules, in the order they run</Title>
          <ErrorAlert error={rules.error ?? toggle.error ?? remove.error} />
          {rules.data && rules.data.items.length === 0 && <Text c="dimmed" fz="sm">No rules yet.</Text>}
          {rules.data && rules.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={860}>
              <Table aria-label="Automation rules" verticalSpacing={8}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" w={60}>Order</Table.Th>
                    <Table.Th scope="col">Rule</Table.Th>
                    <Table.Th scope="col">If</Table.Th>
                    <Table.Th scope="col">Then</Table.Th>
                    <Table.Th scope="col">Enabled</Table.Th>
                    {manage && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.data.items.map((rule) => (
                    <Table.Tr key={rule.id} c={rule.enabled ? undefined : 'gray.7'}>
                      <Table.Td>{rule.position}</Table.Td>
                      <Table.Td>
                        <Text fw={600} fz="sm">{rule.name}</Text>
                        <Text fz="xs" c="dimmed">{eventLabel(rule.event)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {rule.conditions.length === 0 ? <Text fz="sm" c="dimmed">Always</Text> : (
                          <List size="sm" spacing={2}>{rule.conditions.map((c, i) => <List.Item key={i}>{describeCondition(c, names)}</List.Item>)}</List>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <List size="sm" spacing={2}>{rule.actions.map((a, i) => <List.Item key={i}>{describeAction(a, names)}</List.Item>)}</List>
                      </Table.Td>
                      <Table.Td>
                        {manage
                          ? <Switch checked={rule.enabled} onChange={() => toggle.mutate(rule)} aria-label={`${rule.name} enabled`} />
                          : <Badge variant="light" color={rule.enabled ? 'green' : 'gray'}>{rule.enabled ? 'On' : 'Off'}</Badge>}
                      </Table.Td>
                      {manage && (
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="compact-sm" variant="default" onClick={() => { setEditing(rule); window.scrollTo({ top: 0 }); }} aria-label={`Edit ${rule.name}`}>Edit</Button>
                            <Button size="compact-sm" variant="default" color="red" onClick={() => remove.mutate(rule.id)} aria-label={`Delete ${rule.name}`}
                              loading={remove.isPending && remove.variables === rule.id}>Delete</Button>
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
      </Stack>
    </>
  );
}
