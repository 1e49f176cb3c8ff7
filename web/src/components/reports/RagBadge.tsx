import { Badge } from '@mantine/core';
import { RAG_COLORS, RAG_LABELS } from '../../pages/reports/reportFormat.js';
import type { RagStatus } from '../../pages/reports/types.js';

/** Red / amber / green said in words as well as in colour, so it reads without colour vision. */
export function RagBadge({ status, hasTarget }: { status: RagStatus | null; hasTarget: boolean }) {
  if (hasTarget && !status) return <Badge variant="outline" color="gray" style={{ flexShrink: 0 }}>No data to judge</Badge>;
  if (!status) return <Badge variant="outline" color="gray" style={{ flexShrink: 0 }}>No target</Badge>;
  const mark = status === 'green' ? '✓' : status === 'amber' ? '!' : '✕';
  return (
    <Badge variant="light" color={RAG_COLORS[status]} style={{ flexShrink: 0 }} leftSection={<span aria-hidden="true">{mark}</span>}>
      {RAG_LABELS[status]}
    </Badge>
  );
}
