import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { cesColor, csatColor, GROUP_COLORS, GROUP_LABELS, npsGroup } from './labels.js';
import type { Answer } from './types.js';

/** A response's scores at a glance: NPS with its group, CSAT and effort out of their maximum. */
export function ScoreBadges({ nps, csat, ces }: { nps: number | null; csat: number | null; ces: number | null }) {
  if (nps === null && csat === null && ces === null) return <Text span fz="sm" c="dimmed">No score</Text>;
  return (
    <Group gap={4} wrap="wrap">
      {nps !== null && <Badge color={GROUP_COLORS[npsGroup(nps)]} variant="light" tt="none">NPS {nps} · {GROUP_LABELS[npsGroup(nps)]}</Badge>}
      {csat !== null && <Badge color={csatColor(csat)} variant="light" tt="none">CSAT {csat}/5</Badge>}
      {ces !== null && <Badge color={cesColor(ces)} variant="light" tt="none">Effort {ces}/7</Badge>}
    </Group>
  );
}

/** Every question of a response beside the patient's answer. */
export function AnswerList({ answers, label }: { answers: Answer[]; label: string }) {
  return (
    <Table aria-label={label} verticalSpacing="xs" withRowBorders>
      <Table.Thead><Table.Tr><Table.Th scope="col">Question</Table.Th><Table.Th scope="col">Answer</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {answers.map((a) => (
          <Table.Tr key={a.itemId}>
            <Table.Td><Stack gap={0}><Text fz="sm">{a.question}</Text><Text fz="xs" c="dimmed" ff="monospace">{a.key}</Text></Stack></Table.Td>
            <Table.Td fw={600} style={{ whiteSpace: a.kind === 'text' ? 'pre-wrap' : 'nowrap' }}>{a.answer === null ? <Text span c="dimmed" fz="sm">No answer</Text> : a.kind === 'text' ? String(a.answer) : a.label ?? String(a.answer)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
