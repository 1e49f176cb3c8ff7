import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { TaskList } from '../../../../src/modules/care/schemas.js';
import { api, query } from '../../api.js';
import { ageOf, CHANNEL_LABELS, formatDate, formatDateTime, formatPhone, fullName, LANGUAGE_LABELS } from '../../format.js';
import { useSignedIn } from '../../session.js';
import type { Patient, TimelineEntry } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ChannelIcon } from './ChannelIcon.js';
import { relative, shortTime, STATUS_LABELS } from './inboxFormat.js';
import { usePatientConversations } from './queries.js';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <Title order={3} fz="xs" tt="uppercase" c="dimmed" mb={4} style={{ letterSpacing: 0.4 }}>{title}</Title>
      {children}
    </section>
  );
}

/** The patient's 360: who they are, how to reach them (with consent), other conversations, open tasks, recent timeline. */
export function PatientPanel({ patientId, conversationId, linkTo }: { patientId: string; conversationId: string; linkTo(id: string): string }) {
  const { can } = useSignedIn();
  const patient = useQuery({ queryKey: ['patient', patientId], queryFn: () => api.get<Patient>(`/api/patients/${patientId}`) });
  const conversations = usePatientConversations(patientId);
  const tasks = useQuery({
    queryKey: ['tasks', 'patient', patientId],
    queryFn: () => api.get<TaskList>(`/api/tasks${query({ patientId, status: 'open', limit: 10 })}`),
    enabled: can('tasks:read'),
  });
  const timeline = useQuery({
    queryKey: ['timeline', patientId, 'recent'],
    queryFn: () => api.get<{ items: TimelineEntry[] }>(`/api/patients/${patientId}/timeline?limit=10`),
  });

  if (patient.isPending) return <Loader size="sm" aria-label="Loading the patient" m="md" />;
  if (!patient.data) return <ErrorAlert error={patient.error} title="The patient could not be loaded" />;
  const p = patient.data;
  const age = ageOf(p.dateOfBirth);
  const others = (conversations.data?.items ?? []).filter((c) => c.id !== conversationId);

  return (
    <Stack gap="md" p="sm">
      <div>
        <Title order={2} fz="h4">{fullName(p)}</Title>
        <Text fz="sm"><Text span c="dimmed" fz="sm">MRN </Text><Text span ff="monospace" fw={600} fz="sm">{p.mrn}</Text></Text>
        <Text fz="sm"><Text span c="dimmed" fz="sm">Born </Text>{formatDate(p.dateOfBirth)}{age !== null ? ` (${age} y)` : ''}</Text>
        {p.status === 'merged' && <Badge color="orange" variant="light" mt={4}>Merged record</Badge>}
        <Anchor component={Link} to={`/patients/${p.id}`} fz="sm" fw={600} mt={4} display="inline-block">Open the full patient record</Anchor>
      </div>
      <Section title="Contact">
        <Stack gap={4}>
          {p.contactPoints.length === 0 && <Text fz="sm" c="dimmed">No phone or e-mail on record.</Text>}
          {p.contactPoints.map((cp) => (
            <div key={cp.id}>
              <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>{cp.kind === 'phone' ? formatPhone(cp.value) : cp.value}{cp.isPrimary ? <Text span fz="xs" c="dimmed"> · primary</Text> : null}</Text>
              <Group gap={4}>
                <Badge size="xs" variant="light" color={cp.consentCare ? 'green' : 'red'} tt="none">{cp.consentCare ? 'care messages ok' : 'no care consent'}</Badge>
                <Badge size="xs" variant="light" color="gray" tt="none">{cp.consentMarketing ? 'marketing ok' : 'no marketing'}</Badge>
              </Group>
            </div>
          ))}
          <Text fz="xs" c="dimmed">Prefers {CHANNEL_LABELS[p.preferredChannel] ?? p.preferredChannel} · {LANGUAGE_LABELS[p.language] ?? p.language}</Text>
          {p.tags.length > 0 && <Group gap={4}>{p.tags.map((t) => <Badge key={t} size="xs" variant="default" tt="none">{t}</Badge>)}</Group>}
        </Stack>
      </Section>
      <Divider />
      <Section title="Other conversations">
        {conversations.isPending && <Loader size="xs" aria-label="Loading conversations" />}
        {conversations.data && others.length === 0 && <Text fz="sm" c="dimmed">None.</Text>}
        <ul className="plain-list">
          {others.slice(0, 8).map((c) => (
            <li key={c.id}>
              <Anchor component={Link} to={linkTo(c.id)} fz="sm" className="panel-link">
                <Group gap={6} wrap="nowrap">
                  <ChannelIcon channel={c.channel} size={14} />
                  <Text span fz="sm" fw={600}>#{c.number}</Text>
                  <Text span fz="sm" lineClamp={1} style={{ flex: 1 }}>{c.subject ?? c.lastMessagePreview ?? ''}</Text>
                </Group>
              </Anchor>
              <Text fz="xs" c="dimmed" ml={20}>{STATUS_LABELS[c.status]} · {shortTime(c.lastMessageAt)}</Text>
            </li>
          ))}
        </ul>
      </Section>
      {can('tasks:read') && (
        <Section title="Open tasks">
          <ErrorAlert error={tasks.error} title="Tasks could not be loaded" />
          {tasks.data && tasks.data.items.length === 0 && <Text fz="sm" c="dimmed">None.</Text>}
          <ul className="plain-list">
            {(tasks.data?.items ?? []).map((task) => (
              <li key={task.id}>
                <Text fz="sm" fw={600}>{task.title}</Text>
                <Text fz="xs" c={task.overdue ? 'red.9' : 'dimmed'}>{task.overdue ? 'Overdue, due ' : 'Due '}{relative(task.dueAt)}{task.ownerName ? ` · ${task.ownerName}` : ''}</Text>
              </li>
            ))}
          </ul>
          {tasks.data && tasks.data.total > 0 && <Button component={Link} to="/tasks" size="compact-xs" variant="subtle" mt={4}>Open the task list</Button>}
        </Section>
      )}
      <Section title="Recent activity">
        <ErrorAlert error={timeline.error} title="The timeline could not be loaded" />
        {timeline.data && timeline.data.items.length === 0 && <Text fz="sm" c="dimmed">Nothing yet.</Text>}
        <ul className="plain-list">
          {(timeline.data?.items ?? []).map((entry) => (
            <li key={entry.id}>
              <Text fz="xs">{entry.summary}</Text>
              <Text fz="xs" c="dimmed">{formatDateTime(entry.at)}</Text>
            </li>
          ))}
        </ul>
      </Section>
    </Stack>
  );
}
