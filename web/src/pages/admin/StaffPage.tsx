import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Modal, NativeSelect, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime, SHORT_ROLE_LABELS } from '../../format.js';

const SHORT_ROLE_OPTIONS = Object.entries(SHORT_ROLE_LABELS).map(([value, label]) => ({ value, label }));
import { useSignedIn } from '../../session.js';
import type { Staff } from '../../types.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartments, useStaff } from './adminQueries.js';
import { departmentOptions, isRole, NewStaffForm, ROLE_OPTIONS } from './NewStaffForm.js';

type StaffChanges = Partial<Pick<Staff, 'role' | 'departmentId' | 'active'>> & { unlock?: boolean; password?: string };

export function StaffPage() {
  usePageTitle('Staff');
  const { user } = useSignedIn();
  const queryClient = useQueryClient();
  const staff = useStaff();
  const departments = useDepartments();
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const [password, setPassword] = useState('');

  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: StaffChanges; done: string }) => api.patch<Staff>(`/api/users/${id}`, changes),
    onSuccess: async (_, { done }) => {
      setNotice(done);
      setResetting(null);
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  const change = (member: Staff, changes: StaffChanges, done: string) => { setNotice(null); update.mutate({ id: member.id, changes, done }); };
  const resetPassword = (event: FormEvent) => {
    event.preventDefault();
    if (resetting) change(resetting, { password }, `${resetting.displayName}’s password was reset.`);
  };

  return (
    <>
      <Title order={1} mb="md">Staff</Title>
      <Stack gap="md">
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">New staff member</Title>
          <NewStaffForm departments={departments.data ?? []} onCreated={(s) => setNotice(`${s.displayName} can now sign in with ${s.email}.`)} />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Accounts</Title>
          {notice && <Alert color="green" variant="light" mb="sm" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel="Dismiss">{notice}</Alert>}
          <ErrorAlert error={staff.error ?? (resetting ? null : update.error)} />
          {staff.data && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Staff accounts" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Department</Table.Th>
                    <Table.Th scope="col" miw={110}>Status</Table.Th>
                    <Table.Th scope="col">Last sign-in</Table.Th>
                    <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {staff.data.map((member) => {
                    const self = member.id === user.id;
                    return (
                      <Table.Tr key={member.id}>
                        <Table.Td>
                          <Text fz="sm" fw={600}>{member.displayName}{self && <Text span fz="xs" c="dimmed"> (you)</Text>}</Text>
                          <Text fz="xs" c="dimmed">{member.email}</Text>
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            aria-label={`Role of ${member.displayName}`}
                            size="xs"
                            value={member.role}
                            data={SHORT_ROLE_OPTIONS}
                            disabled={self}
                            miw={140}
                            onChange={(e) => { const role = e.currentTarget.value; if (isRole(role)) change(member, { role }, `${member.displayName} is now ${ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role}.`); }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            aria-label={`Department of ${member.displayName}`}
                            size="xs"
                            value={member.departmentId ?? ''}
                            data={departmentOptions(departments.data ?? [], member.departmentId)}
                            miw={160}
                            onChange={(e) => { const id = e.currentTarget.value; change(member, { departmentId: id || null }, `${member.displayName}’s department was changed.`); }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                            {member.active ? <Badge color="green" variant="light">Active</Badge> : <Badge color="gray" variant="outline">Deactivated</Badge>}
                            {member.locked && <Badge color="red.9" variant="filled">Locked</Badge>}
                          </Group>
                        </Table.Td>
                        <Table.Td fz="sm">{member.lastLoginAt ? formatDateTime(member.lastLoginAt) : 'Never'}</Table.Td>
                        <Table.Td>
                          <Group gap={6} justify="flex-end" wrap="nowrap">
                            {member.locked && (
                              <Button size="compact-sm" variant="default" onClick={() => change(member, { unlock: true }, `${member.displayName} was unlocked.`)} aria-label={`Unlock ${member.displayName}`}>Unlock</Button>
                            )}
                            <Button size="compact-sm" variant="default" onClick={() => { update.reset(); setPassword(''); setResetting(member); }} aria-label={`Reset password of ${member.displayName}`}>Reset password</Button>
                            {!self && (
                              <Button
                                size="compact-sm"
                                variant="default"
                                c={member.active ? 'red.9' : undefined}
                                onClick={() => change(member, { active: !member.active }, `${member.displayName} was ${member.active ? 'deactivated and signed out' : 'reactivated'}.`)}
                                aria-label={`${member.active ? 'Deactivate' : 'Reactivate'} ${member.displayName}`}
                              >
                                {member.active ? 'Deactivate' : 'Reactivate'}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </Stack>
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={resetting !== null} onClose={() => setResetting(null)} title={`Reset password of ${resetting?.displayName ?? ''}`} centered>
        <form onSubmit={resetPassword}>
          <Stack gap="sm">
            <PasswordInput label="New password" description="At least 10 characters. Tell the person privately." required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(update.error, 'password')} autoComplete="new-password" data-autofocus />
            {update.error && !fieldError(update.error, 'password') && <ErrorAlert error={update.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setResetting(null)}>Cancel</Button>
              <Button type="submit" loading={update.isPending} disabled={password.length === 0}>Set password</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
