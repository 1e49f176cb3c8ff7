import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { PRIORITIES } from './inboxAdmin.js';
import {
  ACTIONS, EVENTS, FIELDS, fieldsFor, operatorLabel, type Action, type ActionType, type Condition, type FieldName, type Names, type NewRule,
  type Operator, type PreviewResult, type Rule, type RuleEvent,
} from './ruleModel.js';

interface ConditionRow { key: number; field: FieldName; operator: Operator; text: string; list: string[]; bool: 'true' | 'false' }
interface ActionRow { key: number; type: ActionType; departmentId: string; strategy: string; priority: string; label: string; cannedReplyId: string; assigneeId: string; endpointId: string }

const NO_VALUE = new Set<Operator>(['is_set', 'is_not_set']);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function conditionRow(key: number, c?: Condition): ConditionRow {
  if (!c) return { key, field: 'channel', operator: 'equals', text: 'sms', list: [], bool: 'true' };
  const list = Array.isArray(c.value) ? c.value.map(String) : [];
  return {
    key, field: c.field as FieldName, operator: c.operator as Operator, list,
    text: Array.isArray(c.value) ? list.join(', ') : str(c.value), bool: c.value === false ? 'false' : 'true',
  };
}
function actionRow(key: number, a?: Action): ActionRow {
  return {
    key, type: (a?.type as ActionType | undefined) ?? 'assign_team', departmentId: str(a?.departmentId), strategy: str(a?.strategy) || 'round_robin',
    priority: str(a?.priority), label: str(a?.label), cannedReplyId: str(a?.cannedReplyId), assigneeId: str(a?.assigneeId), endpointId: str(a?.endpointId),
  };
}

function conditionOf(row: ConditionRow): Condition {
  if (NO_VALUE.has(row.operator)) return { field: row.field, operator: row.operator };
  const kind = FIELDS[row.field].kind;
  if (kind === 'boolean') return { field: row.field, operator: row.operator, value: row.bool === 'true' };
  if (row.operator === 'in') {
    const value = kind === 'text' || kind === 'labels' ? row.text.split(',').map((s) => s.trim()).filter(Boolean) : row.list;
    return { field: row.field, operator: row.operator, value };
  }
  return { field: row.field, operator: row.operator, value: row.text.trim() };
}
function actionOf(row: ActionRow): Action {
  const optional = (entries: [string, string][]) => Object.fromEntries(entries.filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  switch (row.type) {
    case 'assign_team': return { type: row.type, departmentId: row.departmentId };
    case 'assign_agent': return { type: row.type, strategy: row.strategy, ...optional([['departmentId', row.departmentId]]) };
    case 'set_priority': return { type: row.type, priority: row.priority };
    case 'add_label': return { type: row.type, label: row.label.trim() };
    case 'send_canned_reply': return { type: row.type, cannedReplyId: row.cannedReplyId };
    case 'escalate': return { type: row.type, ...optional([['priority', row.priority], ['label', row.label], ['departmentId', row.departmentId], ['assigneeId', row.assigneeId]]) };
    case 'send_webhook': return { type: row.type, endpointId: row.endpointId };
  }
}

function ValueInput({ row, names, onChange, error }: { row: ConditionRow; names: Names; onChange(changes: Partial<ConditionRow>): void; error?: string }) {
  const spec = FIELDS[row.field];
  const label = `${spec.label} value`;
  if (NO_VALUE.has(row.operator)) return null;
  if (spec.kind === 'boolean') {
    return <NativeSelect aria-label={label} value={row.bool} onChange={(e) => onChange({ bool: e.currentTarget.value as 'true' | 'false' })} data={[{ value: 'true', label: 'yes' }, { value: 'false', label: 'no' }]} w={100} />;
  }
  const options = spec.kind === 'team' ? names.teams.filter((t) => !t.archived).map((t) => ({ value: t.id, label: t.name }))
    : spec.kind === 'agent' ? names.agents.map((a) => ({ value: a.id, label: a.name }))
      : spec.choices ?? null;
  if (options && row.operator === 'in') {
    return (
      <Checkbox.Group aria-label={label} value={row.list} onChange={(list) => onChange({ list })} error={error}>
        <Group gap="sm" mt={6}>{options.map((o) => <Checkbox key={o.value} value={o.value} label={o.label} />)}</Group>
      </Checkbox.Group>
    );
  }
  if (options) {
    return <NativeSelect aria-label={label} value={row.text} onChange={(e) => onChange({ text: e.currentTarget.value })} error={error} w={200}
      data={[{ value: '', label: 'Choose…' }, ...options]} />;
  }
  return <TextInput aria-label={label} value={row.text} onChange={(e) => onChange({ text: e.currentTarget.value })} error={error} w={260}
    placeholder={row.operator === 'in' ? 'one, another, a third' : spec.kind === 'labels' ? 'billing' : 'refill'} />;
}

function ActionFields({ row, names, onChange }: { row: ActionRow; names: Names; onChange(changes: Partial<ActionRow>): void }) {
  const teams = [{ value: '', label: row.type === 'assign_team' ? 'Choose a team…' : 'Any team' }, ...names.teams.filter((t) => !t.archived).map((t) => ({ value: t.id, label: t.name }))];
  const priority = (optional: boolean) => (
    <NativeSelect aria-label="Priority" value={row.priority} onChange={(e) => onChange({ priority: e.currentTarget.value })} w={150}
      data={[{ value: '', label: optional ? 'Keep priority' : 'Choose…' }, ...PRIORITIES]} />
  );
  const team = <NativeSelect aria-label="Team" value={row.departmentId} onChange={(e) => onChange({ departmentId: e.currentTarget.value })} data={teams} w={190} />;
  const label = <TextInput aria-label="Label" value={row.label} onChange={(e) => onChange({ label: e.currentTarget.value })} placeholder={row.type === 'escalate' ? 'Label (optional)' : 'billing'} w={170} />;
  switch (row.type) {
    case 'assign_team': return team;
    case 'assign_agent': return (
      <>
        <NativeSelect aria-label="How to choose the agent" value={row.strategy} onChange={(e) => onChange({ strategy: e.currentTarget.value })} w={170}
          data={[{ value: 'round_robin', label: 'Round robin' }, { value: 'least_loaded', label: 'Least loaded' }]} />
        {team}
      </>
    );
    case 'set_priority': return priority(false);
    case 'add_label': return label;
    case 'send_canned_reply': return (
      <NativeSelect aria-label="Canned reply" value={row.cannedReplyId} onChange={(e) => onChange({ cannedReplyId: e.currentTarget.value })} w={240}
        data={[{ value: '', label: names.canned.length ? 'Choose a canned reply…' : 'No canned replies yet' }, ...names.canned.map((c) => ({ value: c.id, label: c.title }))]} />
    );
    case 'escalate': return (
      <>
        {priority(true)}
        {label}
        {team}
        <NativeSelect aria-label="Person" value={row.assigneeId} onChange={(e) => onChange({ assigneeId: e.currentTarget.value })} w={180}
          data={[{ value: '', label: 'Keep assignee' }, ...names.agents.map((a) => ({ value: a.id, label: a.name }))]} />
      </>
    );
    case 'send_webhook': return (
      <NativeSelect aria-label="Webhook endpoint" value={row.endpointId} onChange={(e) => onChange({ endpointId: e.currentTarget.value })} w={240}
        data={[{ value: '', label: names.webhooks?.length ? 'Choose an endpoint…' : 'No webhook endpoints (Admin → Webhooks)' }, ...(names.webhooks ?? []).map((w) => ({ value: w.id, label: w.name }))]} />
    );
  }
}

function Preview({ result }: { result: PreviewResult }) {
  return (
    <Paper withBorder p="sm" bg="gray.0" role="region" aria-label="Dry run result">
      <Text fw={600} mb="xs">
        Dry run: {result.matched.length} of the {result.examined} most recent conversation{result.examined === 1 ? '' : 's'} would match. Nothing was changed.
      </Text>
      {result.matched.length > 0 && (
        <Table aria-label="Conversations the rule would match">
          <Table.Thead><Table.Tr><Table.Th scope="col">Conversation</Table.Th><Table.Th scope="col">Patient</Table.Th><Table.Th scope="col">What would happen</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {result.matched.map((m) => (
              <Table.Tr key={m.conversationId}>
                <Table.Td><Anchor component={Link} to={`/inbox/${m.conversationId}`}>#{m.number}</Anchor></Table.Td>
                <Table.Td>{m.patientName ?? 'Unknown sender'}</Table.Td>
                <Table.Td>{m.actions.join('; ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Creates or changes a rule: when (event), if (all conditions), then (actions), with a dry run over recent conversations. */
export function RuleEditor({ rule, names, onDone }: { rule: Rule | null; names: Names; onDone(): void }) {
  const queryClient = useQueryClient();
  const keys = useRef(0);
  const next = () => ++keys.current;
  const [name, setName] = useState(rule?.name ?? '');
  const [event, setEvent] = useState<RuleEvent>((rule?.event as RuleEvent | undefined) ?? 'conversation.created');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [position, setPosition] = useState<number | ''>(rule?.position ?? '');
  const [conditions, setConditions] = useState<ConditionRow[]>(() => (rule?.conditions ?? []).map((c) => conditionRow(next(), c)));
  const [actions, setActions] = useState<ActionRow[]>(() => (rule?.actions.length ? rule.actions : [undefined]).map((a) => actionRow(next(), a)));

  const payload = (): NewRule => ({
    name: name.trim() || 'Untitled rule', event, enabled, conditions: conditions.map(conditionOf), actions: actions.map(actionOf), ...(position !== '' && { position }),
  });
  const save = useMutation({
    mutationFn: () => (rule ? api.patch<Rule>(`/api/inbox/rules/${rule.id}`, { ...payload(), name: name.trim() }) : api.post<Rule>('/api/inbox/rules', { ...payload(), name: name.trim() })),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'rules'] }); onDone(); },
  });
  const preview = useMutation({ mutationFn: () => api.post<PreviewResult>('/api/inbox/rules/preview', { rule: payload(), limit: 50 }) });
  const error = save.error ?? preview.error;

  const setCondition = (key: number, changes: Partial<ConditionRow>) => setConditions((rows) => rows.map((r) => {
    if (r.key !== key) return r;
    const updated = { ...r, ...changes };
    if (changes.field) {
      const spec = FIELDS[changes.field];
      updated.operator = spec.operators[0]!;
      updated.text = spec.choices?.[0]?.value ?? '';
      updated.list = [];
    }
    return updated;
  }));
  const setAction = (key: number, changes: Partial<ActionRow>) => setActions((rows) => rows.map((r) => (r.key === key ? { ...r, ...changes } : r)));
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}>
      <Stack gap="md">
        <Group align="flex-start" gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} w={280} placeholder="Billing questions to the billing team" />
          <NativeSelect label="When" value={event} w={260} data={EVENTS}
            onChange={(e) => {
              const value = e.currentTarget.value as RuleEvent;
              setEvent(value);
              if (!value.startsWith('sla.')) setConditions((rows) => rows.filter((r) => r.field !== 'slaTarget'));
            }} />
          <NumberInput label="Order" description="Lower runs first" value={position} onChange={(v) => setPosition(typeof v === 'number' ? v : '')} min={0} max={100000} allowDecimal={false} w={110} />
          <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} mt={32} />
        </Group>

        <div>
          <Title order={3} fz="md" mb={4}>If all of these hold</Title>
          {conditions.length === 0 && <Text fz="sm" c="dimmed" mb="xs">No conditions: the rule applies to every conversation on this event.</Text>}
          <Stack gap="xs">
            {conditions.map((row, index) => (
              <Group key={row.key} gap="xs" align="flex-start" wrap="wrap" role="group" aria-label={`Condition ${index + 1}`}>
                <NativeSelect aria-label="Field" value={row.field} onChange={(e) => setCondition(row.key, { field: e.currentTarget.value as FieldName })}
                  data={fieldsFor(event).map((f) => ({ value: f, label: FIELDS[f].label }))} w={210} />
                <NativeSelect aria-label="Operator" value={row.operator} onChange={(e) => setCondition(row.key, { operator: e.currentTarget.value as Operator })}
                  data={FIELDS[row.field].operators.map((o) => ({ value: o, label: operatorLabel(row.field, o) }))} w={160} error={fieldError(error, `conditions.${index}.operator`)} />
                <ValueInput row={row} names={names} onChange={(changes) => setCondition(row.key, changes)} error={fieldError(error, `conditions.${index}.value`)} />
                <Button variant="subtle" color="red" size="compact-sm" mt={6} onClick={() => setConditions((rows) => rows.filter((r) => r.key !== row.key))} aria-label={`Remove condition ${index + 1}`}>Remove</Button>
              </Group>
            ))}
          </Stack>
          <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setConditions((rows) => [...rows, conditionRow(next())])}>+ Add condition</Button>
        </div>

        <div>
          <Title order={3} fz="md" mb={4}>Then</Title>
          <Stack gap="xs">
            {actions.map((row, index) => (
              <Group key={row.key} gap="xs" align="flex-start" wrap="wrap" role="group" aria-label={`Action ${index + 1}`}>
                <NativeSelect aria-label="Action" value={row.type} onChange={(e) => setAction(row.key, { type: e.currentTarget.value as ActionType })}
                  data={ACTIONS} w={260} error={fieldError(error, `actions.${index}`)} />
                <ActionFields row={row} names={names} onChange={(changes) => setAction(row.key, changes)} />
                {actions.length > 1 && (
                  <Button variant="subtle" color="red" size="compact-sm" mt={6} onClick={() => setActions((rows) => rows.filter((r) => r.key !== row.key))} aria-label={`Remove action ${index + 1}`}>Remove</Button>
                )}
              </Group>
            ))}
          </Stack>
          <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setActions((rows) => [...rows, actionRow(next())])}>+ Add action</Button>
        </div>

        <ErrorAlert error={error} title={save.error ? 'The rule was not saved' : 'The dry run did not work'} />
        {preview.data && !preview.error && <Preview result={preview.data} />}
        <Group justify="space-between">
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>Preview (dry run)</Button>
          <Group gap="sm">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>{rule ? 'Save rule' : 'Create rule'}</Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
