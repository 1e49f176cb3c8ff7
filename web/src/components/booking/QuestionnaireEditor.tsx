import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { Questionnaire, QuestionnaireItem } from './publicTypes.js';

// The form an administrator fills to define what patients answer before a visit.

const KINDS: { value: QuestionnaireItem['kind']; label: string }[] = [
  { value: 'text', label: 'Text' }, { value: 'yes_no', label: 'Yes / no' }, { value: 'choice', label: 'One of several options' }, { value: 'number', label: 'Number' },
];

/** An item while it is edited: options as lines of text. */
interface Draft { id: string; text: string; textEs: string; kind: QuestionnaireItem['kind']; options: string; required: boolean }

const toDraft = (item: QuestionnaireItem): Draft => ({
  id: item.id, text: item.text, textEs: item.textEs ?? '', kind: item.kind, options: (item.options ?? []).join('\n'), required: item.required,
});
const toItem = (draft: Draft): QuestionnaireItem => ({
  id: draft.id, text: draft.text.trim(), kind: draft.kind, required: draft.required,
  ...(draft.textEs.trim() && { textEs: draft.textEs.trim() }),
  ...(draft.kind === 'choice' && { options: draft.options.split('\n').map((o) => o.trim()).filter(Boolean) }),
});
/** A question id nobody used in this questionnaire: answers already given stay tied to theirs. */
const freshId = (drafts: Draft[]) => {
  let n = drafts.length + 1;
  while (drafts.some((d) => d.id === `q${n}`)) n += 1;
  return `q${n}`;
};

interface EditorProps {
  questionnaire: Questionnaire | null;
  services: { id: string; name: string }[];
  onDone(): void;
}

export function QuestionnaireEditor({ questionnaire, services, onDone }: EditorProps) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(questionnaire?.title ?? '');
  const [serviceId, setServiceId] = useState(questionnaire?.serviceId ?? '');
  const [active, setActive] = useState(questionnaire?.active ?? true);
  const [drafts, setDrafts] = useState<Draft[]>(questionnaire?.items.map(toDraft) ?? [{ id: 'q1', text: '', textEs: '', kind: 'text', options: '', required: false }]);
  const save = useMutation({
    mutationFn: () => {
      const body = { title: title.trim(), serviceId: serviceId || null, items: drafts.map(toItem), active };
      return questionnaire ? api.patch<Questionnaire>(`/api/checkin/questionnaires/${questionnaire.id}`, body) : api.post<Questionnaire>('/api/checkin/questionnaires', body);
    },
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['checkin', 'questionnaires'] }); onDone(); },
  });
  const change = (index: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const moveItem = (index: number, by: number) => setDrafts((all) => {
    const next = [...all];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    return next;
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const itemError = (index: number, field: string) => fieldError(save.error, `items.${index}.${field}`) ?? fieldError(save.error, `items/${index}/${field}`);

  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">{questionnaire ? `Edit “${questionnaire.title}”` : 'New questionnaire'}</Title>
      <form onSubmit={submit} aria-label={questionnaire ? 'Edit questionnaire' : 'New questionnaire'}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fieldError(save.error, 'title')} data-autofocus />
            <NativeSelect label="For" value={serviceId} onChange={(e) => setServiceId(e.currentTarget.value)}
              data={[{ value: '', label: 'Every service' }, ...services.map((s) => ({ value: s.id, label: s.name }))]} error={fieldError(save.error, 'serviceId')} />
          </Group>
          <Checkbox label="Active: patients are asked to answer it" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <Title order={3} fz="h5">Questions</Title>
          {drafts.map((draft, index) => (
            <Paper key={draft.id} withBorder p="sm" bg="gray.0" component="fieldset" aria-label={`Question ${index + 1}`} style={{ margin: 0 }}>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600} fz="sm">Question {index + 1} <Text span c="dimmed" fz="xs" ff="monospace">{draft.id}</Text></Text>
                  <Group gap={4}>
                    <ActionIcon variant="default" aria-label={`Move question ${index + 1} up`} disabled={index === 0} onClick={() => moveItem(index, -1)}>↑</ActionIcon>
                    <ActionIcon variant="default" aria-label={`Move question ${index + 1} down`} disabled={index === drafts.length - 1} onClick={() => moveItem(index, 1)}>↓</ActionIcon>
                    <Button size="compact-sm" variant="subtle" color="red" disabled={drafts.length === 1} onClick={() => setDrafts((all) => all.filter((_, i) => i !== index))}
                      aria-label={`Remove question ${index + 1}`}>Remove</Button>
                  </Group>
                </Group>
                <TextInput label="Question" required value={draft.text} onChange={(e) => change(index, { text: e.currentTarget.value })} error={itemError(index, 'text')} />
                <TextInput label="Question in Spanish" description="Shown to patients whose language is Spanish" value={draft.textEs}
                  onChange={(e) => change(index, { textEs: e.currentTarget.value })} error={itemError(index, 'textEs')} />
                <Group align="flex-end">
                  <NativeSelect label="Answer" value={draft.kind} data={KINDS} onChange={(e) => change(index, { kind: e.currentTarget.value as Draft['kind'] })} />
                  <Checkbox label="Required" checked={draft.required} onChange={(e) => change(index, { required: e.currentTarget.checked })} mb={8} />
                </Group>
                {draft.kind === 'choice' && <Textarea label="Options" description="One per line (at least two)" autosize minRows={2} value={draft.options}
                  onChange={(e) => change(index, { options: e.currentTarget.value })} error={itemError(index, 'options')} />}
              </Stack>
            </Paper>
          ))}
          <Group>
            <Button variant="default" disabled={drafts.length >= 30} onClick={() => setDrafts((all) => [...all, { id: freshId(all), text: '', textEs: '', kind: 'text', options: '', required: false }])}>
              Add a question
            </Button>
          </Group>
          <ErrorAlert error={save.error} title="The questionnaire was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!title.trim() || drafts.some((d) => !d.text.trim())}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
