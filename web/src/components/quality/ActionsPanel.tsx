import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Paper, Radio, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDate } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { CapaAction, IncidentDetail } from '../../types-quality.js';
import { ActionStatusBadge } from './Badges.js';
import { todayDate, useStaff } from './queries.js';

/** The incident's corrective and preventive actions: the list, adding one, completing and verifying them. */
export function ActionsPanel({ detail }: { detail: IncidentDetail }) {
  const { can, user } = useSignedIn();
  const manages = can('quality:manage');
  const closed = detail.incident.status === 'closed';
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">Corrective and preventive actions</Title>
      {detail.actions.length === 0 ? <Text fz="sm" mb="sm">No action yet.</Text> : (
        // A region that can take focus, so keyboard users can scroll it sideways on a narrow screen.
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Actions of this incident">
          <Table aria-label="Corrective and preventive actions" miw={760}>
            <Table.Thead><Table.Tr>{['Action', 'Owner', 'Due', 'Status', ''].map((h, i) => <Table.Th key={i} scope="col">{h || <span className="visually-hidden">What you can do</span>}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {detail.actions.map((action) => (
                <Table.Tr key={action.id}>
                  <Table.Td maw={340}>
                    <Text fz="sm" fw={600}>{action.kind === 'corrective' ? 'Corrective' : 'Preventive'}: {action.title}</Text>
                    {action.description && <Text fz="xs">{action.description}</Text>}
                    {action.completionNote && <Text fz="xs" c="gray.7">Done: {action.completionNote}{action.completedBy ? ` (${action.completedBy})` : ''}</Text>}
                    {action.verificationNote && <Text fz="xs" c="gray.7">Checked: {action.verificationNote}{action.verifiedBy ? ` (${action.verifiedBy})` : ''}</Text>}
                    {action.reopenedCount > 0 && <Text fz="xs" c="red.9">Reopened {action.reopenedCount}× after it was found not effective</Text>}
                  </Table.Td>
                  <Table.Td>{action.ownerName ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(action.dueDate)}</Table.Td>
                  <Table.Td miw={150}><ActionStatusBadge status={action.status} overdue={action.overdue} /></Table.Td>
                  <Table.Td miw={260}>
                    {action.status === 'open' && (manages || action.ownerId === user.id) && <CompleteForm action={action} incidentId={detail.incident.id} />}
                    {action.status === 'completed' && manages && <VerifyForm action={action} incidentId={detail.incident.id} />}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {manages && !closed && <NewActionForm incidentId={detail.incident.id} />}
    </Paper>
  );
}

function useRefresh(incidentId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['quality'] }).then(() => queryClient.invalidateQueries({ queryKey: ['quality', 'incident', incidentId] }));
}

interface ActionFields { kind: 'corrective' | 'preventive'; title: string; description: string; ownerId: string; dueDate: string }
const emptyAction = (): ActionFields => ({ kind: 'corrective', title: '', description: '', ownerId: '', dueDate: '' });
const actionBody = (fields: ActionFields) => ({
  kind: fields.kind, title: fields.title, ownerId: fields.ownerId || undefined, dueDate: fields.dueDate || undefined,
  ...(fields.description.trim() && { description: fields.description.trim() }),
});

/** The fields of a new action (used on its own and when a verified action is replaced). */
function ActionFieldsEditor({ fields, onChange, error, prefix = '' }: { fields: ActionFields; onChange(next: ActionFields): void; error: unknown; prefix?: string }) {
  const staff = useStaff(true);
  const set = <K extends keyof ActionFields>(key: K, value: ActionFields[K]) => onChange({ ...fields, [key]: value });
  return (
    <Stack gap="sm">
      <SegmentedControl aria-label="Kind of action" value={fields.kind} onChange={(v) => set('kind', v === 'preventive' ? 'preventive' : 'corrective')}
        data={[{ value: 'corrective', label: 'Corrective (fix this)' }, { value: 'preventive', label: 'Preventive (stop it happening again)' }]} />
      <TextInput label="What will be done" required value={fields.title} onChange={(e) => set('title', e.currentTarget.value)} maxLength={200} error={fieldError(error, `${prefix}title`)} />
      <Textarea label="Details (optional)" autosize minRows={1} value={fields.description} onChange={(e) => set('description', e.currentTarget.value)} />
      <Group grow align="flex-start">
        <NativeSelect label="Owner" required value={fields.ownerId} onChange={(e) => set('ownerId', e.currentTarget.value)} error={fieldError(error, `${prefix}ownerId`)}
          data={[{ value: '', label: 'Choose who owns it' }, ...(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.displayName }))]} />
        <TextInput type="date" label="Due date" required min={todayDate()} value={fields.dueDate} onChange={(e) => set('dueDate', e.currentTarget.value)} error={fieldError(error, `${prefix}dueDate`)} />
      </Group>
    </Stack>
  );
}

function NewActionForm({ incidentId }: { incidentId: string }) {
  const refresh = useRefresh(incidentId);
  const [fields, setFields] = useState(emptyAction());
  const add = useMutation({
    mutationFn: () => api.post<CapaAction>(`/api/quality/incidents/${incidentId}/actions`, actionBody(fields)),
    onSuccess: async () => { setFields(emptyAction()); await refresh(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Add an action">
      <Title order={3} size="h5" mt="md" mb="xs">Add an action</Title>
      <ActionFieldsEditor fields={fields} onChange={setFields} error={add.error} />
      <ErrorAlert error={add.error} title="The action could not be added" />
      <Group mt="sm"><Button type="submit" loading={add.isPending}>Add the action</Button></Group>
    </form>
  );
}

function CompleteForm({ action, incidentId }: { action: CapaAction; incidentId: string }) {
  const refresh = useRefresh(incidentId);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const complete = useMutation({ mutationFn: () => api.post<CapaAction>(`/api/quality/actions/${action.id}/complete`, { note }), onSuccess: refresh });
  if (!open) return <Button size="xs" variant="light" onClick={() => setOpen(true)}>Mark as done</Button>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); complete.mutate(); }} noValidate aria-label={`Complete ${action.title}`}>
      <Textarea label="What was done" required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError(complete.error, 'note')} />
      <ErrorAlert error={complete.error} />
      <Group mt="xs" gap="xs"><Button size="xs" type="submit" loading={complete.isPending}>Record as done</Button><Button size="xs" variant="default" onClick={() => setOpen(false)}>Cancel</Button></Group>
    </form>
  );
}

function VerifyForm({ action, incidentId }: { action: CapaAction; incidentId: string }) {
  const refresh = useRefresh(incidentId);
  const [open, setOpen] = useState(false);
  const [effective, setEffective] = useState('yes');
  const [then, setThen] = useState('reopen');
  const [note, setNote] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [replacement, setReplacement] = useState(emptyAction());
  const verify = useMutation({
    mutationFn: () => api.post(`/api/quality/actions/${action.id}/verify`, effective === 'yes' ? { effective: true, note } : {
      effective: false, note, then, ...(then === 'reopen' ? { dueDate: dueDate || undefined } : { newAction: actionBody(replacement) }),
    }),
    onSuccess: refresh,
  });
  if (!open) return <Button size="xs" variant="light" onClick={() => setOpen(true)}>Verify effectiveness</Button>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); verify.mutate(); }} noValidate aria-label={`Verify ${action.title}`}>
      <Stack gap="xs">
        <Radio.Group label="Did it work?" value={effective} onChange={setEffective}>
          <Group mt={4}><Radio value="yes" label="Effective" /><Radio value="no" label="Not effective" /></Group>
        </Radio.Group>
        <Textarea label="How it was checked" required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError(verify.error, 'note')} />
        {effective === 'no' && (
          <>
            <Radio.Group label="What next" value={then} onChange={setThen}>
              <Group mt={4}><Radio value="reopen" label="Reopen this action" /><Radio value="new_action" label="Replace it with a new action" /></Group>
            </Radio.Group>
            {then === 'reopen'
              ? <TextInput type="date" label="New due date" required min={todayDate()} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={fieldError(verify.error, 'dueDate')} />
              : <ActionFieldsEditor fields={replacement} onChange={setReplacement} error={verify.error} prefix="newAction." />}
          </>
        )}
        <ErrorAlert error={verify.error} />
        <Group gap="xs"><Button size="xs" type="submit" loading={verify.isPending}>Record the check</Button><Button size="xs" variant="default" onClick={() => setOpen(false)}>Cancel</Button></Group>
      </Stack>
    </form>
  );
}
