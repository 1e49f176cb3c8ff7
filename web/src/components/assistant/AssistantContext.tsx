import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, List, Text } from '@mantine/core';
import { api, ApiError } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useLiveEvent } from '../../live.js';
import type { Understanding } from '../../types-assistant.js';

const INTENTS: Record<string, string> = { book: 'Book an appointment', reschedule: 'Move an appointment', confirm: 'Confirm an appointment', cancel: 'Cancel an appointment' };
const STEPS: Record<string, string> = {
  idle: 'Answering questions', verifying: 'Asking who the patient is', choosing_service: 'Asking which visit', choosing_slot: 'Waiting for a time to be picked',
  confirming_change: 'Waiting for yes or no', handed_off: 'Handed over to the team',
};
const VERIFIED_BY: Record<string, string> = { name_and_birth_date: 'name and date of birth', signed_link: 'signed link' };

/**
 * "What the assistant understood" beside a conversation the assistant answered: the request, the
 * verified patient, times offered and chosen, red flags, and why it handed over. Nothing when the
 * assistant never spoke in the conversation.
 */
export function AssistantContext({ conversationId }: { conversationId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(true);
  const key = ['assistant', 'conversation', conversationId];
  const context = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await api.get<Understanding>(`/api/assistant/conversations/${conversationId}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  const refresh = (_: string, data: { conversationId?: string } | undefined) => {
    if (data?.conversationId === conversationId) void queryClient.invalidateQueries({ queryKey: key });
  };
  useLiveEvent<{ conversationId: string }>('assistant.', refresh);
  useLiveEvent<{ conversationId: string }>('message.', refresh);
  const c = context.data;
  if (!c) return null;
  const urgent = c.redFlags.length > 0;

  return (
    <section className="assistant-context" aria-labelledby="assistant-context-title"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', background: urgent ? 'var(--mantine-color-red-0)' : 'var(--mantine-color-blue-0)', padding: '8px 12px' }}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={8} wrap="wrap">
          <Text id="assistant-context-title" fw={700} fz="sm">What the assistant understood</Text>
          <Badge size="sm" variant="light" color={c.active ? 'blue' : 'gray'}>{c.active ? 'Assistant answering' : 'Assistant silent'}</Badge>
          {urgent && <Badge size="sm" color="red">Red flag</Badge>}
        </Group>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls="assistant-context-body">
          {open ? 'Hide' : 'Show'}
        </Button>
      </Group>
      {open && (
        <List id="assistant-context-body" size="sm" spacing={2} mt={6} listStyleType="none" data-testid="assistant-context">
          {c.redFlags.map((f) => (
            <List.Item key={`${f.kind}-${f.at}`}><Text span fz="sm" fw={700} c="red.9">Emergency described: {f.kind.replace(/_/g, ' ')}</Text> <Text span fz="sm">(“{f.matched}”, {formatDateTime(f.at)})</Text></List.Item>
          ))}
          <List.Item><Text span fz="sm" fw={600}>Request: </Text><Text span fz="sm">{c.intent ? INTENTS[c.intent] : 'Questions only'}{c.serviceName ? ` · ${c.serviceName}` : ''}</Text></List.Item>
          {c.appointmentLabel && <List.Item><Text span fz="sm" fw={600}>Appointment: </Text><Text span fz="sm">{c.appointmentLabel}</Text></List.Item>}
          <List.Item>
            <Text span fz="sm" fw={600}>Patient: </Text>
            <Text span fz="sm">{c.patient ? `${c.patient.name}, verified by ${VERIFIED_BY[c.verifiedBy ?? ''] ?? 'the assistant'}` : `not verified${c.verifyAttempts > 0 ? ` (${c.verifyAttempts} failed ${c.verifyAttempts === 1 ? 'try' : 'tries'})` : ''}`}</Text>
          </List.Item>
          {c.offeredTimes.length > 0 && (
            <List.Item><Text span fz="sm" fw={600}>Times offered: </Text><Text span fz="sm">{c.offeredTimes.map((t) => `${t.number}. ${t.label} (${t.providerName})`).join('; ')}</Text></List.Item>
          )}
          {c.chosenTime && <List.Item><Text span fz="sm" fw={600}>Time chosen: </Text><Text span fz="sm">{c.chosenTime}{c.bookedAppointmentId ? ' (done)' : ''}</Text></List.Item>}
          {c.lastQuestion && (
            <List.Item><Text span fz="sm" fw={600}>Last question: </Text><Text span fz="sm">“{c.lastQuestion}” {c.lastArticleTitle ? `answered with “${c.lastArticleTitle}”` : 'not found in the knowledge base'}</Text></List.Item>
          )}
          <List.Item>
            <Text span fz="sm" fw={600}>Status: </Text>
            <Text span fz="sm">{STEPS[c.step] ?? c.step}{c.handedOffAt ? ` at ${formatDateTime(c.handedOffAt)}` : ''}{c.handoffReason ? `: ${c.handoffReason}` : ''}</Text>
          </List.Item>
        </List>
      )}
    </section>
  );
}
