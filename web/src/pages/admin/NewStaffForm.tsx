import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, NativeSelect, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../../api.js';
import { ROLE_LABELS } from '../../format.js';
import type { Department, RoleName, Staff } from '../../types.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';

export const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));
export const isRole = (value: string): value is RoleName => value in ROLE_LABELS;

export function departmentOptions(departments: Department[], current: string | null) {
  return [
    { value: '', label: 'No department' },
    ...departments.filter((d) => !d.archived || d.id === current).map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name })),
  ];
}

export function NewStaffForm({ departments, onCreated }: { departments: Department[]; onCreated(staff: Staff): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ displayName: '', email: '', role: 'agent' as RoleName, departmentId: '', password: '' });
  const create = useMutation({
    mutationFn: () => api.post<Staff>('/api/users', {
      displayName: form.displayName.trim(), email: form.email.trim(), role: form.role,
      departmentId: form.departmentId || null, password: form.password,
    }),
    onSuccess: async (staff) => {
      setForm({ displayName: '', email: '', role: 'agent', departmentId: '', password: '' });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onCreated(staff);
    },
  });
  const submit = (event: FormEvent) => { event.preventDefault(); create.mutate(); };
  const text = (key: 'displayName' | 'email') => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <form onSubmit={submit} aria-label="New staff member" noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="sm">
          <TextInput label="Full name" required value={form.displayName} onChange={(e) => text('displayName')(e.currentTarget.value)} error={fieldError(create.error, 'displayName')} />
          <TextInput label="E-mail" type="email" required value={form.email} onChange={(e) => text('email')(e.currentTarget.value)} error={fieldError(create.error, 'email')} autoComplete="off" />
          <NativeSelect label="Role" value={form.role} data={ROLE_OPTIONS} onChange={(e) => { const v = e.currentTarget.value; if (isRole(v)) setForm((f) => ({ ...f, role: v })); }} />
          <NativeSelect label="Department" value={form.departmentId} data={departmentOptions(departments, null)} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, departmentId: v })); }} />
          <PasswordInput
            label="First password"
            required
            value={form.password}
            onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, password: v })); }}
            error={fieldError(create.error, 'password')}
            autoComplete="new-password"
          />
        </SimpleGrid>
        {create.error && !['displayName', 'email', 'password'].some((f) => fieldError(create.error, f)) && <ErrorAlert error={create.error} title="The account was not created" />}
        <Group>
          <Text fz="xs" c="dimmed">The first password needs at least 10 characters; give it to the person privately. They can be unlocked or get a new password here later.</Text>
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!form.displayName.trim() || !form.email.trim() || !form.password}>Create account</Button>
        </Group>
      </Stack>
    </form>
  );
}
