import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { api } from '../../../api.js';
import { useSignedIn } from '../../../session.js';
import { useDepartments, useStaff } from '../../../pages/admin/adminQueries.js';
import { ErrorAlert, fieldError } from '../../ErrorAlert.js';
import { useRefreshSchedule, useSetupProviders, type Provider } from './setupApi.js';

/** Providers: the people patients are booked with, optionally linked to their staff account. */
export function ProvidersTab() {
  const { can } = useSignedIn();
  const providers = useSetupProviders();
  const departments = useDepartments();
  const staff = useStaff();
  const refresh = useRefreshSchedule();
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const archive = useMutation({
    mutationFn: (p: Provider) => api.patch<Provider>(`/api/scheduling/providers/${p.id}`, { archived: !p.archived }),
    onSuccess: refresh,
  });
  const staffName = (id: string | null) => (id ? staff.data?.find((s) => s.id === id)?.displayName ?? 'linked' : '—');
  const departmentName = (id: string | null) => (id ? departments.data?.find((d) => d.id === id)?.name ?? '' : '—');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">The people patients are booked with. A provider linked to a staff member sees their own visits.</Text>
        <Button onClick={() => setEditing('new')}>Add provider</Button>
      </Group>
      <ErrorAlert error={providers.error ?? archive.error} />
      <Table striped aria-label="Providers">
        <Table.Thead>
          <Table.Tr>{['Name', 'Title', 'Department', 'Staff member', ''].map((h, i) => <Table.Th key={i} scope="col">{h || <span className="visually-hidden">Actions</span>}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(providers.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td fw={600}>{p.name} {p.archived && <Badge size="xs" color="gray" variant="outline">archived</Badge>}</Table.Td>
              <Table.Td>{p.title ?? '—'}</Table.Td>
              <Table.Td>{departmentName(p.departmentId)}</Table.Td>
              <Table.Td>{can('staff:manage') ? staffName(p.userId) : p.userId ? 'linked' : '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Button size="compact-sm" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>Edit</Button>{' '}
                <Button size="compact-sm" variant="default" onClick={() => archive.mutate(p)} aria-label={`${p.archived ? 'Restore' : 'Archive'} ${p.name}`}>{p.archived ? 'Restore' : 'Archive'}</Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && <ProviderForm provider={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </Stack>
  );
}

function ProviderForm({ provider, onDone }: { provider: Provider | null; onDone(): void }) {
  const { can } = useSignedIn();
  const departments = useDepartments();
  const staff = useStaff();
  const refresh = useRefreshSchedule();
  const [name, setName] = useState(provider?.name ?? '');
  const [title, setTitle] = useState(provider?.title ?? '');
  const [departmentId, setDepartmentId] = useState(provider?.departmentId ?? '');
  const [userId, setUserId] = useState(provider?.userId ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), title: title.trim() || null, departmentId: departmentId || null, ...(can('staff:manage') && { userId: userId || null }) };
      return provider ? api.patch<Provider>(`/api/scheduling/providers/${provider.id}`, body) : api.post<Provider>('/api/scheduling/providers', body);
    },
    onSuccess: async () => { await refresh(); onDone(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <Modal opened onClose={onDone} title={provider ? `Edit ${provider.name}` : 'Add a provider'} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Provider">
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} data-autofocus placeholder="Dr. Ana Reyes" />
          <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} placeholder="Family physician" error={fieldError(save.error, 'title')} />
          <NativeSelect label="Department" value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)}
            data={[{ value: '', label: 'None' }, ...(departments.data ?? []).filter((d) => !d.archived || d.id === departmentId).map((d) => ({ value: d.id, label: d.name }))]} />
          {can('staff:manage') && (
            <NativeSelect label="Staff member" description="One provider per staff account" value={userId} onChange={(e) => setUserId(e.currentTarget.value)} error={fieldError(save.error, 'userId')}
              data={[{ value: '', label: 'Not linked' }, ...(staff.data ?? []).filter((s) => s.active || s.id === userId).map((s) => ({ value: s.id, label: `${s.displayName} (${s.email})` }))]} />
          )}
          {save.error !== null && !['name', 'title', 'userId'].some((f) => fieldError(save.error, f)) && <ErrorAlert error={save.error} title="The provider was not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>Save provider</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
