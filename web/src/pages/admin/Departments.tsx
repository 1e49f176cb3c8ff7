import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import type { Department } from '../../types.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartments, useStaff } from './adminQueries.js';

/** A department as the API returns it, with its owner (who unhappy patients' recovery cases go to). */
type Changes = Partial<Pick<Department, 'name' | 'description' | 'archived' | 'ownerId'>>;

export function Departments() {
  usePageTitle('Departments');
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const staff = useStaff();
  // A deactivated owner stays listed (disabled) so the table still shows who it is.
  const owners = (staff.data ?? []).map((person) => ({ value: person.id, label: person.active ? person.displayName : `${person.displayName} (deactivated)`, disabled: !person.active }));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [renaming, setRenaming] = useState<Department | null>(null);
  const [newName, setNewName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'departments'] });

  const create = useMutation({
    mutationFn: () => api.post<Department>('/api/departments', { name: name.trim(), ...(description.trim() && { description: description.trim() }) }),
    onSuccess: async () => { setName(''); setDescription(''); await refresh(); },
  });
  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Changes }) => api.patch<Department>(`/api/departments/${id}`, changes),
    onSuccess: async () => { setRenaming(null); await refresh(); },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  function rename(event: FormEvent) {
    event.preventDefault();
    if (renaming) update.mutate({ id: renaming.id, changes: { name: newName.trim() } });
  }

  return (
    <>
      <Title order={1} mb="md">Departments</Title>
      <Stack gap="md" maw={900}>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">New department</Title>
          <form onSubmit={submit} aria-label="New department">
            <Group align="flex-start" gap="sm">
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} w={240} />
              <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button type="submit" mt={25} loading={create.isPending} disabled={!name.trim()}>Create department</Button>
            </Group>
            {create.error && !fieldError(create.error, 'name') && <ErrorAlert error={create.error} title="The department was not created" />}
          </form>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="xs">All departments</Title>
          <Text size="sm" c="dimmed" mb="sm">A department's owner receives the recovery cases of its unhappy patients; without one, they go to a quality manager.</Text>
          <ErrorAlert error={departments.error ?? update.error} />
          {departments.data && departments.data.length === 0 && <Text c="dimmed">No departments yet. Create the first one above.</Text>}
          {departments.data && departments.data.length > 0 && (
            <Table striped aria-label="Departments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Owner</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {departments.data.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td fw={600}>{d.name}</Table.Td>
                    <Table.Td>{d.description ?? '—'}</Table.Td>
                    <Table.Td>
                      <Select
                        size="xs" w={200} clearable searchable placeholder="No owner" data={owners} value={d.ownerId}
                        aria-label={`Owner of ${d.name}`}
                        onChange={(ownerId) => update.mutate({ id: d.id, changes: { ownerId } })}
                      />
                    </Table.Td>
                    <Table.Td>{d.archived ? <Badge color="gray" variant="outline">Archived</Badge> : <Badge color="green" variant="light">Active</Badge>}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="compact-sm" variant="default" onClick={() => { update.reset(); setNewName(d.name); setRenaming(d); }} aria-label={`Rename ${d.name}`}>Rename</Button>
                        <Button size="compact-sm" variant="default" onClick={() => update.mutate({ id: d.id, changes: { archived: !d.archived } })} aria-label={`${d.archived ? 'Restore' : 'Archive'} ${d.name}`}>
                          {d.archived ? 'Restore' : 'Archive'}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </Stack>
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={renaming !== null} onClose={() => setRenaming(null)} title={`Rename ${renaming?.name ?? ''}`} centered>
        <form onSubmit={rename}>
          <Stack gap="sm">
            <TextInput label="New name" required value={newName} onChange={(e) => setNewName(e.currentTarget.value)} error={fieldError(update.error, 'name')} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRenaming(null)}>Cancel</Button>
              <Button type="submit" loading={update.isPending} disabled={!newName.trim()}>Rename</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
