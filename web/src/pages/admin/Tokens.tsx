import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Code, CopyButton, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime, ROLE_LABELS } from '../../format.js';
import type { ApiToken, RoleName } from '../../types.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useTokens } from './adminQueries.js';
import { isRole, ROLE_OPTIONS } from './NewStaffForm.js';

function tokenState(token: ApiToken) {
  if (token.revokedAt) return <Badge color="gray" variant="outline">Revoked</Badge>;
  if (token.expiresAt && new Date(token.expiresAt) < new Date()) return <Badge color="orange" variant="outline">Expired</Badge>;
  return <Badge color="green" variant="light">Active</Badge>;
}

export function Tokens() {
  usePageTitle('API tokens');
  const queryClient = useQueryClient();
  const tokens = useTokens();
  const [name, setName] = useState('');
  const [role, setRole] = useState<RoleName>('viewer');
  const [days, setDays] = useState<string | number>(365);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'tokens'] });

  const create = useMutation({
    mutationFn: () => api.post<{ token: string; apiToken: ApiToken }>('/api/tokens', { name: name.trim(), role, expiresInDays: typeof days === 'number' ? days : null }),
    onSuccess: async (created) => { setSecret({ name: created.apiToken.name, token: created.token }); setName(''); await refresh(); },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<ApiToken>(`/api/tokens/${id}`),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => { event.preventDefault(); setSecret(null); create.mutate(); };

  return (
    <>
      <Title order={1} mb="xs">API tokens</Title>
      <Text c="dimmed" fz="sm" mb="md">Tokens let other systems (an EHR, a phone system, a script) call the Careloop API as <Code>Authorization: Bearer …</Code>. Give each its own token and the smallest role it needs.</Text>
      <Stack gap="md" maw={1000}>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">New token</Title>
          <form onSubmit={submit} aria-label="New API token">
            <Group align="flex-start" gap="sm">
              <TextInput label="Name" description="What will use it" placeholder="e.g. EHR nightly sync" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} w={260} />
              <NativeSelect label="Role" description="What it may do" value={role} data={ROLE_OPTIONS} onChange={(e) => { const v = e.currentTarget.value; if (isRole(v)) setRole(v); }} w={240} />
              <NumberInput label="Expires after (days)" description="Empty: never expires" value={days} onChange={setDays} min={1} max={3650} allowDecimal={false} w={180} />
              <Button type="submit" mt={45} loading={create.isPending} disabled={!name.trim()}>Create token</Button>
            </Group>
          </form>
          {create.error && !fieldError(create.error, 'name') && <ErrorAlert error={create.error} title="The token was not created" />}
          {secret && (
            <Alert color="green" variant="light" mt="md" title={`Token “${secret.name}” created — copy it now`} role="status">
              <Text fz="sm" mb="xs">This is the only time the secret is shown. Store it in the other system’s secret settings.</Text>
              <Group gap="xs" wrap="nowrap">
                <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="token-secret">{secret.token}</Code>
                <CopyButton value={secret.token}>
                  {({ copied, copy }) => <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
                </CopyButton>
              </Group>
            </Alert>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Tokens</Title>
          <ErrorAlert error={tokens.error ?? revoke.error} />
          {tokens.data && tokens.data.length === 0 && <Text c="dimmed">No API tokens yet.</Text>}
          {tokens.data && tokens.data.length > 0 && (
            <Table striped aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Starts with</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                  <Table.Th scope="col">Last used</Table.Th>
                  <Table.Th scope="col">Expires</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={600}>{token.name}</Table.Td>
                    <Table.Td ff="monospace">{token.prefix}…</Table.Td>
                    <Table.Td>{ROLE_LABELS[token.role] ?? token.role}</Table.Td>
                    <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                    <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</Table.Td>
                    <Table.Td>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</Table.Td>
                    <Table.Td>{tokenState(token)}</Table.Td>
                    <Table.Td>
                      {!token.revokedAt && (
                        <Button size="compact-sm" variant="default" c="red.9" loading={revoke.isPending && revoke.variables === token.id}
                          onClick={() => { if (window.confirm(`Revoke “${token.name}”? Systems using it stop working at once.`)) revoke.mutate(token.id); }}
                          aria-label={`Revoke ${token.name}`}>
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </Stack>
    </>
  );
}
