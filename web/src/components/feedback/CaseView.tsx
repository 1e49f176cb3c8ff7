import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { Task } from '../../../../src/modules/care/schemas.js';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CloseCaseForm, OwnerAndDeadline } from './CaseActions.js';
import { outcomeLabel, reasonLabel, relative } from './labels.js';
import { useAssignees } from './queries.js';
import { AnswerList, ScoreBadges } from './ScoreBadges.js';
import type { RecoveryCase } from './types.js';

/** One recovery case: the patient's answer beside the visit or conversation it was about, and what is being done. */
export function CaseView({ id }: { id: string }) {
  const { can } = useSignedIn();
  const canWork = can('recovery:work');
  const item = useQuery({ queryKey: ['feedback', 'recovery-case', id], queryFn: () => api.get<RecoveryCase>(`/api/feedback/recovery-cases/${id}`) });
  const taskId = item.data?.taskId ?? null;
  const task = useQuery({ queryKey: ['tasks', 'one', taskId], queryFn: () => api.get<Task>(`/api/tasks/${taskId}`), enabled: taskId !== null && can('tasks:read') });
  const assignees = useAssignees(canWork && can('tasks:read'));

  if (item.isPending) return <Loader aria-label="Loading the case" />;
  if (!item.data) return <ErrorAlert error={item.error} title="This case could not be opened" />;
  const c = item.data;
  const open = c.status === 'open';

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} fz="h3">
              <Anchor component={Link} to={`/patients/${c.patient.id}`} inherit c="blue.9">{c.patient.name}</Anchor>
              <Text span c="dimmed" fz="sm" ff="monospace" ml="xs">{c.patient.mrn}</Text>
            </Title>
            <Group gap={4} mt={6}>{c.reasons.map((r) => <Badge key={r} color="red" variant="light" tt="none">{reasonLabel(r)}</Badge>)}</Group>
          </div>
          <Stack gap={2} align="flex-end">
            <Badge size="lg" color={open ? (c.overdue ? 'red' : 'blue') : 'gray'} variant="light" data-testid="case-status">{open ? (c.overdue ? 'Open, overdue' : 'Open') : 'Closed'}</Badge>
            {open && <Text fz="sm" fw={600} c={c.overdue ? 'red.9' : undefined}>Due {relative(c.dueAt)} · {formatDateTime(c.dueAt)}</Text>}
            <Text fz="sm">Owner: {c.ownerName ?? <Text span c="dimmed" fz="sm">Unassigned</Text>}</Text>
          </Stack>
        </Group>
      </Paper>

      {!open && (
        <Alert color={c.outcome === 'escalated' ? 'orange' : 'green'} variant="light" title={`Closed: ${outcomeLabel(c.outcome)}`} role="status">
          <Text fz="sm">{formatDateTime(c.closedAt)}{c.closedByName ? ` by ${c.closedByName}` : ''}</Text>
          {c.outcomeNote && <Text fz="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{c.outcomeNote}</Text>}
          {c.resurveyInvitationId && <Text fz="sm" mt={4} fw={600}>The survey was sent again.</Text>}
        </Alert>
      )}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md" component="section" aria-labelledby="case-answer-title" h="100%">
            <Title order={2} fz="h4" id="case-answer-title">The patient's answer</Title>
            <Text fz="sm" c="dimmed" mb="xs">{c.response.surveyName}, {formatDateTime(c.response.submittedAt)}{c.response.language === 'es' ? ', in Spanish' : ''}</Text>
            <ScoreBadges nps={c.response.nps} csat={c.response.csat} ces={c.response.ces} />
            {c.response.comment && <Paper bg="gray.0" p="sm" mt="sm"><Text fz="md" style={{ whiteSpace: 'pre-wrap' }} data-testid="case-comment">“{c.response.comment}”</Text></Paper>}
            <AnswerList answers={c.response.answers} label="The patient's answers" />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-labelledby="case-about-title">
              <Title order={2} fz="h4" id="case-about-title" mb="xs">{c.visit ? 'The visit' : c.conversation ? 'The conversation' : 'What it was about'}</Title>
              {c.visit && (
                <Stack gap={2}>
                  <Text fw={600}>{formatDateTime(c.visit.startsAt)}</Text>
                  <Text fz="sm">{c.visit.serviceName} with {c.visit.providerName}</Text>
                  <Text fz="sm" c="dimmed">{c.visit.locationName}</Text>
                </Stack>
              )}
              {c.conversation && (
                <Anchor component={Link} to={`/inbox/${c.conversation.conversationId}`} c="blue.9" underline="always">Conversation #{c.conversation.number} ({c.conversation.channel})</Anchor>
              )}
              {!c.visit && !c.conversation && <Text fz="sm" c="dimmed">The survey was sent by hand, not after a visit or a conversation.</Text>}
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="case-task-title">
              <Title order={2} fz="h4" id="case-task-title" mb="xs">Call task</Title>
              {!taskId && <Text fz="sm" c="dimmed">No task is linked to this case.</Text>}
              {task.data && (
                <Stack gap={2}>
                  <Text fw={600}>{task.data.title}</Text>
                  <Text fz="sm">{task.data.status === 'open' ? `Open, due ${relative(task.data.dueAt)}` : `Done${task.data.outcome ? `: ${task.data.outcome}` : ''}`} · {task.data.ownerName ?? 'Unassigned'}</Text>
                  <Anchor component={Link} to="/tasks" fz="sm" c="blue.9" underline="always">Open the task list</Anchor>
                </Stack>
              )}
              <ErrorAlert error={task.error} title="The task could not be loaded" />
            </Paper>
            {open && canWork && (
              <Paper withBorder p="md" component="section" aria-labelledby="case-owner-title">
                <Title order={2} fz="h4" id="case-owner-title" mb="xs">Owner and deadline</Title>
                <OwnerAndDeadline key={`${c.ownerId}-${c.dueAt}`} recoveryCase={c} assignees={assignees.data?.items ?? []} />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      {open && canWork && <CloseCaseForm recoveryCase={c} />}
      {open && !canWork && <Text fz="sm" c="dimmed">Your role can read recovery cases but not work them.</Text>}
    </Stack>
  );
}
