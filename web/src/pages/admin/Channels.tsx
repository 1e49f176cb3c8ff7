import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Code, CopyButton, Group, List, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatPhone } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { teamName, useEndpoints, useTeams, useTestMode, type ChannelEndpoint } from './inboxAdmin.js';

type EndpointChannel = ChannelEndpoint['channel'];
const KINDS: { channel: EndpointChannel; label: string; plural: string; address?: string; hint?: string }[] = [
  { channel: 'sms', label: 'SMS number', plural: 'SMS numbers', address: 'Phone number', hint: 'As the provider gave it, e.g. +1 617 555 0100' },
  { channel: 'voice', label: 'Voice number', plural: 'Voice numbers', address: 'Phone number', hint: 'Calls to this number are logged in the inbox' },
  { channel: 'email', label: 'Mailbox', plural: 'Mailboxes', address: 'Mailbox name', hint: 'The part before @ (letters, digits, . _ -), e.g. frontdesk' },
  { channel: 'chat', label: 'Chat widget', plural: 'Chat widgets', hint: 'A key is made for you; paste the script tag into the clinic’s web site' },
];

function Copy({ value, what }: { value: string; what: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="compact-sm" variant={copied ? 'light' : 'default'} color={copied ? 'green' : undefined} onClick={copy} aria-label={`Copy ${what}`}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
    </CopyButton>
  );
}

function DeliveryMode() {
  const mode = useTestMode();
  const origin = window.location.origin;
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="xs">Sending to patients</Title>
      <ErrorAlert error={mode.error} title="The sending mode could not be loaded" />
      {mode.data && (
        <Stack gap="sm">
          <Group gap="sm">
            <Text fw={600} w={70}>E-mail</Text>
            {mode.data.email ? <Badge color="orange" variant="light">Test mode — not sent</Badge> : <Badge color="green" variant="light">Sent through SMTP</Badge>}
          </Group>
          <Group gap="sm">
            <Text fw={600} w={70}>SMS</Text>
            {mode.data.sms ? <Badge color="orange" variant="light">Test mode — not sent</Badge> : <Badge color="green" variant="light">Sent through the SMS provider</Badge>}
          </Group>
          {(mode.data.email || mode.data.sms) && (
            <Alert color="orange" variant="light" title="Messages in test mode stay in the clinic">
              <Text fz="sm" mb="xs">
                Replies are kept in the <Anchor component={Link} to="/outbox" underline="always" c="blue.9">test outbox</Anchor>, exactly as a patient would receive them, and nothing leaves the server. To send for real, the person who runs Careloop sets these variables and restarts it:
              </Text>
              <List size="sm" spacing={4}>
                {mode.data.email && <List.Item><Code>SMTP_URL</Code> — the outgoing mail server, e.g. <Code>smtp://user:password@mail.example.org:587</Code></List.Item>}
                {mode.data.sms && <List.Item><Code>SMS_ACCOUNT_SID</Code> and <Code>SMS_AUTH_TOKEN</Code> — the SMS provider account (Twilio-compatible); <Code>SMS_API_URL</Code> for a provider other than Twilio. Without them, SMS webhooks are refused too.</List.Item>}
              </List>
            </Alert>
          )}
          <Text fz="sm" c="dimmed">
            Provider webhooks: incoming texts <Code>{origin}/webhooks/sms/inbound</Code>, delivery status <Code>{origin}/webhooks/sms/status</Code>, call status <Code>{origin}/webhooks/voice/status</Code>.
          </Text>
        </Stack>
      )}
    </Paper>
  );
}

export function Channels() {
  usePageTitle('Channels');
  const { can } = useSignedIn();
  const manage = can('inbox:manage');
  const queryClient = useQueryClient();
  const endpoints = useEndpoints();
  const teams = useTeams();
  const [channel, setChannel] = useState<EndpointChannel>('sms');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [removing, setRemoving] = useState<ChannelEndpoint | null>(null);
  const kind = KINDS.find((k) => k.channel === channel)!;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'endpoints'] });

  const add = useMutation({
    mutationFn: () => api.post<ChannelEndpoint>('/api/channels/endpoints', {
      channel, name: name.trim(), ...(kind.address && { address: address.trim() }), ...(departmentId && { departmentId }),
    }),
    onSuccess: async () => { setName(''); setAddress(''); await refresh(); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<ChannelEndpoint>(`/api/channels/endpoints/${id}`),
    onSuccess: async () => { setRemoving(null); await refresh(); },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  const activeTeams = (teams.data ?? []).filter((t) => !t.archived);
  return (
    <>
      <Title order={1} mb="xs">Channels</Title>
      <Text c="dimmed" fz="sm" mb="md">The clinic’s numbers, mailboxes and web site chat widgets. Messages to any of them arrive in the inbox.</Text>
      <Stack gap="md" maw={1000}>
        <DeliveryMode />
        {manage && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Add a channel</Title>
            <form onSubmit={submit} aria-label="Add a channel">
              <Group align="flex-start" gap="sm">
                <NativeSelect label="Kind" value={channel} onChange={(e) => { setChannel(e.currentTarget.value as EndpointChannel); add.reset(); }}
                  data={KINDS.map((k) => ({ value: k.channel, label: k.label }))} w={170} />
                <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Front desk" w={200} error={fieldError(add.error, 'name')} />
                {kind.address && (
                  <TextInput label={kind.address} required value={address} onChange={(e) => setAddress(e.currentTarget.value)} w={230} error={fieldError(add.error, 'address')} />
                )}
                <NativeSelect label="Team" value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} w={190}
                  data={[{ value: '', label: 'Whole clinic' }, ...activeTeams.map((t) => ({ value: t.id, label: t.name }))]} />
                <Button type="submit" mt={25} loading={add.isPending} disabled={!name.trim() || (!!kind.address && !address.trim())}>Add {kind.label.toLowerCase()}</Button>
              </Group>
              <Text fz="xs" c="dimmed" mt={4}>{kind.hint}</Text>
              {add.error && !fieldError(add.error, 'name') && !fieldError(add.error, 'address') && <ErrorAlert error={add.error} title="The channel was not added" />}
            </form>
          </Paper>
        )}
        <ErrorAlert error={endpoints.error ?? remove.error} />
        {endpoints.data && KINDS.map((k) => {
          const rows = endpoints.data.items.filter((e) => e.channel === k.channel);
          return (
            <Paper withBorder p="md" key={k.channel}>
              <Title order={2} fz="h4" mb="sm">{k.plural}</Title>
              {rows.length === 0 ? <Text c="dimmed" fz="sm">None yet.</Text> : (
                <Table.ScrollContainer minWidth={600}>
                  <Table aria-label={k.plural}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col" w="22%">Name</Table.Th>
                        <Table.Th scope="col">{k.channel === 'chat' ? 'Script tag for the clinic’s web site' : k.channel === 'email' ? 'Address patients write to' : 'Number'}</Table.Th>
                        <Table.Th scope="col" w="16%">Team</Table.Th>
                        <Table.Th scope="col" w={150}><span className="visually-hidden">Actions</span></Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((e) => (
                        <Table.Tr key={e.id}>
                          <Table.Td fw={600}>{e.name}</Table.Td>
                          <Table.Td>
                            {k.channel === 'chat'
                              ? <Code block data-testid="widget-script" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{e.display}</Code>
                              : <Text ff="monospace" fz="sm">{k.channel === 'email' ? e.display : formatPhone(e.display)}</Text>}
                          </Table.Td>
                          <Table.Td>{teamName(teams.data, e.departmentId)}</Table.Td>
                          <Table.Td>
                            <Group gap="xs" justify="flex-end" wrap="nowrap">
                              <Copy value={e.display} what={k.channel === 'chat' ? `the script tag of ${e.name}` : `${e.name}`} />
                              {manage && <Button size="compact-sm" variant="default" color="red" onClick={() => { remove.reset(); setRemoving(e); }} aria-label={`Remove ${e.name}`}>Remove</Button>}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Paper>
          );
        })}
      </Stack>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={removing !== null} onClose={() => setRemoving(null)} title={`Remove ${removing?.name ?? ''}?`} centered>
        <Stack gap="sm">
          <Text fz="sm">Messages sent to <Code>{removing?.display.length && removing.display.length < 80 ? removing.display : removing?.address}</Code> will no longer reach the inbox. Conversations already received stay.</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>Cancel</Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.id)}>Remove</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
