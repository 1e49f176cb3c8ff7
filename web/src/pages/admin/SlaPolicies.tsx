import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatMinutes, PRIORITIES, priorityLabel, teamName, useSlaPolicies, useTeams, type InboxPriority, type SlaPolicy } from './inboxAdmin.js';

type Unit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
interface Duration { amount: number | ''; unit: Unit }

const toDuration = (minutes: number | null): Duration => {
  if (minutes === null) return { amount: '', unit: 'hours' };
  if (minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
};
const toMinutes = (d: Duration) => (d.amount === '' ? null : Math.round(d.amount * UNIT_MINUTES[d.unit]));

function DurationField({ label, value, onChange, error, description }: { label: string; value: Duration; onChange(d: Duration): void; error?: string; description?: string }) {
  return (
    <Group gap={4} align="flex-end" wrap="nowrap">
      <NumberInput label={label} description={description} value={value.amount} min={1} allowDecimal={false} w={150} error={error} placeholder="No target"
        onChange={(v) => onChange({ ...value, amount: typeof v === 'number' ? v : '' })} />
      <NativeSelect aria-label={`${label} unit`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.currentTarget.value as Unit })}
        data={[{ value: 'minutes', label: 'min' }, { value: 'hours', label: 'hours' }, { value: 'days', label: 'days' }]} w={90} mb={error ? 22 : 0} />
    </Group>
  );
}

interface Draft { name: string; departmentId: string; priority: InboxPriority; first: Duration; next: Duration; resolution: Duration; businessHours: boolean; warnBefore: number | '' }
const draftOf = (p: SlaPolicy | null): Draft => ({
  name: p?.name ?? '', departmentId: p?.departmentId ?? '', priority: p?.priority ?? 'normal',
  first: toDuration(p ? p.firstResponseMinutes : 60), next: toDuration(p?.nextResponseMinutes ?? null), resolution: toDuration(p?.resolutionMinutes ?? null),
  businessHours: p?.businessHours ?? true, warnBefore: p?.warnBeforeMinutes ?? 15,
});

function PolicyForm({ editing, onDone }: { editing: SlaPolicy | null; onDone(): void }) {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [draft, setDraft] = useState(() => draftOf(editing));
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const save = useMutation({
    mutationFn: () => {
      const payload = {
        name: draft.name.trim(), departmentId: draft.departmentId || null, priority: draft.priority,
        firstResponseMinutes: toMinutes(draft.first), nextResponseMinutes: toMinutes(draft.next), resolutionMinutes: toMinutes(draft.resolution),
        businessHours: draft.businessHours, warnBeforeMinutes: draft.warnBefore === '' ? 0 : draft.warnBefore,
      };
      return editing ? api.patch<SlaPolicy>(`/api/inbox/sla-policies/${editing.id}`, payload) : api.post<SlaPolicy>('/api/inbox/sla-policies', payload);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'sla-policies'] });
      if (!editing) setDraft(draftOf(null));
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const fields = ['name', 'firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes', 'warnBeforeMinutes'];
  const shownAtField = fields.some((f) => fieldError(save.error, f));
  return (
    <form onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : 'New SLA policy'}>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm">
          <TextInput label="Name" required value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fieldError(save.error, 'name')} w={240} placeholder="Urgent messages" />
          <NativeSelect label="Team" value={draft.departmentId} onChange={(e) => set({ departmentId: e.currentTarget.value })} w={200}
            data={[{ value: '', label: 'Whole clinic' }, ...(teams.data ?? []).filter((t) => !t.archived || t.id === draft.departmentId).map((t) => ({ value: t.id, label: t.name }))]} />
          <NativeSelect label="Priority" value={draft.priority} onChange={(e) => set({ priority: e.currentTarget.value as InboxPriority })} w={140} data={PRIORITIES} />
        </Group>
        <Group align="flex-start" gap="lg">
          <DurationField label="First response" value={draft.first} onChange={(first) => set({ first })} error={fieldError(save.error, 'firstResponseMinutes')} />
          <DurationField label="Next response" value={draft.next} onChange={(next) => set({ next })} error={fieldError(save.error, 'nextResponseMinutes')} />
          <DurationField label="Resolution" value={draft.resolution} onChange={(resolution) => set({ resolution })} error={fieldError(save.error, 'resolutionMinutes')} />
        </Group>
        <Group align="flex-end" gap="lg">
          <NumberInput label="Warn before a breach (minutes)" value={draft.warnBefore} min={0} max={10080} allowDecimal={false} w={230}
            onChange={(v) => set({ warnBefore: typeof v === 'number' ? v : '' })} error={fieldError(save.error, 'warnBeforeMinutes')} />
          <Checkbox label="Count business hours only (the team’s hours and holidays)" checked={draft.businessHours} onChange={(e) => set({ businessHours: e.currentTarget.checked })} mb={8} />
        </Group>
        <Text fz="xs" c="dimmed">Leave a target empty for no target. At least one is needed. See <Anchor component={Link} to="/admin/business-hours" fz="xs" underline="always">Business hours</Anchor>.</Text>
        {save.error && !shownAtField && <ErrorAlert error={save.error} title="The policy was not saved" />}
        <Group justify="flex-end">
          {editing && <Button variant="default" onClick={onDone}>Cancel</Button>}
          <Button type="submit" loading={save.isPending} disabled={!draft.name.trim()}>{editing ? 'Save changes' : 'Add policy'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SlaPolicies() {
  usePageTitle('SLA policies');
  const { can } = useSignedIn();
  const manage = can('inbox:manage');
  const queryClient = useQueryClient();
  const policies = useSlaPolicies();
  const teams = useTeams();
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [formKey, setFormKey] = useState(0);
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/inbox/sla-policies/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'sla-policies'] }),
  });

  return (
    <>
      <Title order={1} mb="xs">SLA policies</Title>
      <Text c="dimmed" fz="sm" mb="md">
        How fast the clinic promises to answer, by team and priority. A team’s policy wins over the clinic-wide one; agents are warned before a conversation breaches.
      </Text>
      <Stack gap="md" maw={1100}>
        {manage && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">New SLA policy</Title>
            <PolicyForm key={formKey} editing={null} onDone={() => setFormKey((k) => k + 1)} />
          </Paper>
        )}
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">All policies</Title>
          <ErrorAlert error={policies.error ?? remove.error} />
          {policies.data && policies.data.items.length === 0 && <Text c="dimmed" fz="sm">No policies yet: conversations have no due times.</Text>}
          {policies.data && policies.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={860}>
              <Table striped aria-label="SLA policies">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Team</Table.Th>
                    <Table.Th scope="col">Priority</Table.Th>
                    <Table.Th scope="col">First response</Table.Th>
                    <Table.Th scope="col">Next response</Table.Th>
                    <Table.Th scope="col">Resolution</Table.Th>
                    <Table.Th scope="col">Counted in</Table.Th>
                    <Table.Th scope="col">Warn</Table.Th>
                    {manage && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {policies.data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td fw={600}>{p.name}</Table.Td>
                      <Table.Td>{teamName(teams.data, p.departmentId)}</Table.Td>
                      <Table.Td><Badge variant="light" color={p.priority === 'urgent' ? 'red' : p.priority === 'high' ? 'orange' : 'gray'} style={{ minWidth: 'max-content' }}>{priorityLabel(p.priority)}</Badge></Table.Td>
                      <Table.Td>{formatMinutes(p.firstResponseMinutes)}</Table.Td>
                      <Table.Td>{formatMinutes(p.nextResponseMinutes)}</Table.Td>
                      <Table.Td>{formatMinutes(p.resolutionMinutes)}</Table.Td>
                      <Table.Td>{p.businessHours ? 'Business hours' : 'Calendar time'}</Table.Td>
                      <Table.Td>{p.warnBeforeMinutes ? `${formatMinutes(p.warnBeforeMinutes)} before` : 'No warning'}</Table.Td>
                      {manage && (
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="compact-sm" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>Edit</Button>
                            <Button size="compact-sm" variant="default" color="red" onClick={() => remove.mutate(p.id)} aria-label={`Delete ${p.name}`}
                              loading={remove.isPending && remove.variables === p.id}>Delete</Button>
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
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={`Edit ${editing?.name ?? ''}`} size="xl" centered>
        {editing && <PolicyForm key={editing.id} editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
