import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Code, Group, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { api } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { teamName, useCannedReplies, useTeams, type CannedReply } from './inboxAdmin.js';

/** The variables the server fills in when an agent inserts a reply (see the canned-reply API). */
const VARIABLES = [
  { name: 'patient.firstName', label: 'Patient first name' },
  { name: 'patient.lastName', label: 'Patient last name' },
  { name: 'patient.fullName', label: 'Patient full name' },
  { name: 'agent.name', label: 'Your name' },
  { name: 'clinic.name', label: 'Clinic name' },
  { name: 'conversation.number', label: 'Conversation number' },
];

interface Draft { title: string; shortcut: string; body: string; departmentId: string }
const EMPTY: Draft = { title: '', shortcut: '', body: '', departmentId: '' };

function VariableChips({ onInsert }: { onInsert(variable: string): void }) {
  return (
    <Group gap={6} aria-label="Insert a variable" role="group">
      {VARIABLES.map((v) => (
        <UnstyledButton key={v.name} onClick={() => onInsert(`{{${v.name}}}`)} aria-label={`Insert ${v.label}`}>
          <Badge variant="light" color="blue" tt="none" style={{ cursor: 'pointer' }}>{`{{${v.name}}}`}</Badge>
        </UnstyledButton>
      ))}
    </Group>
  );
}

function ReplyForm({ initial, editing, onDone }: { initial: Draft; editing: CannedReply | null; onDone(): void }) {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [draft, setDraft] = useState(initial);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const save = useMutation({
    mutationFn: () => {
      const payload = { title: draft.title.trim(), body: draft.body, shortcut: draft.shortcut.trim() || null, departmentId: draft.departmentId || null };
      return editing ? api.patch<CannedReply>(`/api/inbox/canned-replies/${editing.id}`, payload) : api.post<CannedReply>('/api/inbox/canned-replies', payload);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'canned-replies'] });
      setDraft(EMPTY);
      onDone();
    },
  });

  function insert(variable: string) {
    const area = bodyRef.current;
    const start = area?.selectionStart ?? draft.body.length;
    const end = area?.selectionEnd ?? draft.body.length;
    set({ body: draft.body.slice(0, start) + variable + draft.body.slice(end) });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + variable.length, start + variable.length);
    });
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const shownAtField = ['title', 'shortcut', 'body'].some((field) => fieldError(save.error, field));
  return (
    <form onSubmit={submit} aria-label={editing ? `Edit ${editing.title}` : 'New canned reply'}>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" grow>
          <TextInput label="Title" required value={draft.title} onChange={(e) => set({ title: e.currentTarget.value })} error={fieldError(save.error, 'title')} placeholder="Opening hours" />
          <TextInput label="Shortcut" value={draft.shortcut} onChange={(e) => set({ shortcut: e.currentTarget.value })} error={fieldError(save.error, 'shortcut')}
            description="Typed as /shortcut in a reply" placeholder="hours" />
          <NativeSelect label="Team" value={draft.departmentId} onChange={(e) => set({ departmentId: e.currentTarget.value })} description="Who sees it in the reply box"
            data={[{ value: '', label: 'Whole clinic' }, ...(teams.data ?? []).filter((t) => !t.archived || t.id === draft.departmentId).map((t) => ({ value: t.id, label: t.name }))]} />
        </Group>
        <Textarea ref={bodyRef} label="Text" required autosize minRows={4} maxRows={12} value={draft.body} onChange={(e) => set({ body: e.currentTarget.value })}
          error={fieldError(save.error, 'body')} placeholder="Hi {{patient.firstName}}, we are open Monday to Friday, 8 am to 6 pm." />
        <div>
          <Text fz="sm" fw={500} mb={4}>Variables (click to insert; filled in for each conversation)</Text>
          <VariableChips onInsert={insert} />
        </div>
        {save.error && !shownAtField && <ErrorAlert error={save.error} title="The reply was not saved" />}
        <Group justify="flex-end">
          {editing && <Button variant="default" onClick={onDone}>Cancel</Button>}
          <Button type="submit" loading={save.isPending} disabled={!draft.title.trim() || !draft.body.trim()}>{editing ? 'Save changes' : 'Add canned reply'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CannedReplies() {
  usePageTitle('Canned replies');
  const { can } = useSignedIn();
  const manage = can('inbox:manage');
  const queryClient = useQueryClient();
  const replies = useCannedReplies();
  const teams = useTeams();
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const [formKey, setFormKey] = useState(0);
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/inbox/canned-replies/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'canned-replies'] }),
  });

  return (
    <>
      <Title order={1} mb="xs">Canned replies</Title>
      <Text c="dimmed" fz="sm" mb="md">Prepared answers agents insert in a reply. Variables such as <Code>{'{{patient.firstName}}'}</Code> are filled in for each conversation.</Text>
      <Stack gap="md" maw={1000}>
        {manage && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">New canned reply</Title>
            <ReplyForm key={formKey} initial={EMPTY} editing={null} onDone={() => setFormKey((k) => k + 1)} />
          </Paper>
        )}
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">All canned replies</Title>
          <ErrorAlert error={replies.error ?? remove.error} />
          {replies.data && replies.data.items.length === 0 && <Text c="dimmed" fz="sm">None yet.</Text>}
          {replies.data && replies.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={700}>
              <Table striped aria-label="Canned replies">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Title</Table.Th>
                    <Table.Th scope="col">Shortcut</Table.Th>
                    <Table.Th scope="col">Team</Table.Th>
                    <Table.Th scope="col" w="45%">Text</Table.Th>
                    {manage && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {replies.data.items.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td fw={600}>{r.title}</Table.Td>
                      <Table.Td>{r.shortcut ? <Code>/{r.shortcut}</Code> : '—'}</Table.Td>
                      <Table.Td>{teamName(teams.data, r.departmentId)}</Table.Td>
                      <Table.Td><Text fz="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Text></Table.Td>
                      {manage && (
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="compact-sm" variant="default" onClick={() => setEditing(r)} aria-label={`Edit ${r.title}`}>Edit</Button>
                            <Button size="compact-sm" variant="default" color="red" loading={remove.isPending && remove.variables === r.id}
                              onClick={() => remove.mutate(r.id)} aria-label={`Delete ${r.title}`}>Delete</Button>
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
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={`Edit ${editing?.title ?? ''}`} size="lg" centered>
        {editing && (
          <ReplyForm key={editing.id} editing={editing} onDone={() => setEditing(null)}
            initial={{ title: editing.title, shortcut: editing.shortcut ?? '', body: editing.body, departmentId: editing.departmentId ?? '' }} />
        )}
      </Modal>
    </>
  );
}
