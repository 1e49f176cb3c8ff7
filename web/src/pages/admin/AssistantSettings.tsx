import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, MultiSelect, Paper, Select, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, request } from '../../api.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { useAgents, useDepartments } from '../../components/inbox/queries.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatDateTime } from '../../format.js';
import type { AssistantSettings as Settings, SettingsChanges } from '../../types-assistant.js';

type Form = Omit<Settings, 'llmApiKeyConfigured' | 'updatedAt' | 'greeting' | 'llmBaseUrl' | 'llmModel'> & { greeting: string; llmBaseUrl: string; llmModel: string };

const formOf = (s: Settings): Form => ({
  chatEnabled: s.chatEnabled, smsEnabled: s.smsEnabled, emergencyNumber: s.emergencyNumber, crisisLine: s.crisisLine,
  handoffDepartmentId: s.handoffDepartmentId, greeting: s.greeting ?? '', llmBaseUrl: s.llmBaseUrl ?? '', llmModel: s.llmModel ?? '',
  llmAllowPhi: s.llmAllowPhi, onDutyStaffIds: s.onDutyStaffIds,
});

const changesOf = (f: Form): SettingsChanges => ({
  ...f, greeting: f.greeting.trim() || null, llmBaseUrl: f.llmBaseUrl.trim() || null, llmModel: f.llmModel.trim() || null,
});

/** The self-service assistant: where it answers, the emergency numbers it gives, who is alerted, where hand-offs go, and the optional model. */
export function AssistantSettings() {
  usePageTitle('Assistant');
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['assistant', 'settings'], queryFn: () => api.get<Settings>('/api/assistant/settings') });
  const agents = useAgents();
  const departments = useDepartments();
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => { if (settings.data && !form) setForm(formOf(settings.data)); }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (f: Form) => request<Settings>('PUT', '/api/assistant/settings', changesOf(f)),
    onSuccess: (data) => {
      queryClient.setQueryData(['assistant', 'settings'], data);
      setForm(formOf(data));
      setSaved(true);
    },
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setSaved(false);
    setForm((current) => (current ? { ...current, [key]: value } : current));
  };

  if (settings.error) return <ErrorAlert error={settings.error} title="The assistant's settings could not be loaded" />;
  if (!form || !settings.data) return <Loader aria-label="Loading the settings" />;
  const error = (field: string) => fieldError(save.error, field);

  return (
    <form onSubmit={(event) => { event.preventDefault(); save.mutate(form); }}>
      <Group justify="space-between" mb="md">
        <Title order={1}>Assistant</Title>
        {settings.data.updatedAt && <Text fz="sm" c="dimmed">Last saved {formatDateTime(settings.data.updatedAt)}</Text>}
      </Group>
      <Stack gap="lg" maw={760}>
        <Text fz="sm" c="dimmed">
          The assistant answers patients in the web chat and by text before a person picks up: questions from the knowledge base, booking,
          moving, confirming and cancelling visits once it knows who the patient is. It hands the conversation to the team when asked, when it
          does not know, or after two answers it cannot use. A message describing an emergency gets the emergency number at once, is marked
          urgent and alerts the staff on duty, even when a person already holds the conversation.
        </Text>

        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Where it answers</Title>
          <Stack gap="sm">
            <Switch label="Answer web chat conversations" checked={form.chatEnabled} onChange={(e) => set('chatEnabled', e.currentTarget.checked)} />
            <Switch label="Answer text messages (SMS)" checked={form.smsEnabled} onChange={(e) => set('smsEnabled', e.currentTarget.checked)}
              description="Replies to reminders (C, R, X, HERE), STOP/START/HELP and answers to broadcasts and surveys are never answered by the assistant." />
            <Textarea label="Greeting" description="Opens the assistant's first answer in a conversation (optional)." autosize minRows={2} maxLength={300}
              value={form.greeting} onChange={(e) => set('greeting', e.currentTarget.value)} error={error('greeting')} />
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Emergencies</Title>
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput label="Emergency number" description="Given in every emergency answer" required value={form.emergencyNumber} onChange={(e) => set('emergencyNumber', e.currentTarget.value)} error={error('emergencyNumber')} />
              <TextInput label="Crisis line" description="Given for self-harm" required value={form.crisisLine} onChange={(e) => set('crisisLine', e.currentTarget.value)} error={error('crisisLine')} />
            </Group>
            <MultiSelect label="Staff on duty" description="Each gets an urgent task and a live alert when a message describes an emergency. Nobody chosen: one task for the team."
              data={(agents.data ?? []).map((a) => ({ value: a.id, label: a.displayName }))} value={form.onDutyStaffIds}
              onChange={(value) => set('onDutyStaffIds', value)} searchable clearable error={error('onDutyStaffIds')} />
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">Hand-off</Title>
          <Select label="Team that takes handed-off conversations" description="Left empty, the conversation stays with its team, unassigned."
            data={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} value={form.handoffDepartmentId}
            onChange={(value) => set('handoffDepartmentId', value)} clearable placeholder="The conversation's own team" error={error('handoffDepartmentId')} />
        </Paper>

        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h4">Phrasing with a language model</Title>
            <Badge variant="light" color={settings.data.llmApiKeyConfigured ? 'green' : 'gray'}>
              {settings.data.llmApiKeyConfigured ? 'API key set on the server' : 'No API key on the server'}
            </Badge>
          </Group>
          <Stack gap="sm">
            <Text fz="sm">
              Optional. An OpenAI-compatible server (a local model server, or a hosted one) may rephrase knowledge-base answers to fit the question.
              It never decides anything: emergencies, hand-offs and appointments are handled without it, and when it fails or is slow the article is sent as written.
              The key is read from the server&apos;s environment (ASSISTANT_LLM_API_KEY), never stored here.
            </Text>
            <Group grow align="flex-start">
              <TextInput label="Endpoint URL" placeholder="http://localhost:11434/v1" value={form.llmBaseUrl} onChange={(e) => set('llmBaseUrl', e.currentTarget.value)} error={error('llmBaseUrl')} />
              <TextInput label="Model" placeholder="llama3.1:8b" value={form.llmModel} onChange={(e) => set('llmModel', e.currentTarget.value)} error={error('llmModel')} />
            </Group>
            <Switch label="Allow patient details (PHI) to reach the model" checked={form.llmAllowPhi} onChange={(e) => set('llmAllowPhi', e.currentTarget.checked)}
              description="Off: names, birth dates, phone numbers and e-mail addresses are removed from the question first. Turn on only for a server covered by your agreements." />
            {form.llmAllowPhi && <Alert color="orange" variant="light" title="Patient details will be sent">Questions reach the model as the patient wrote them.</Alert>}
          </Stack>
        </Paper>

        <ErrorAlert error={save.error} title="The settings were not saved" />
        <Group>
          <Button type="submit" loading={save.isPending}>Save settings</Button>
          {saved && <Text fz="sm" c="green.9" role="status">Saved.</Text>}
        </Group>
      </Stack>
    </form>
  );
}
