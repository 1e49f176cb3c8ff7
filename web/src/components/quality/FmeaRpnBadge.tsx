import { Badge } from '@mantine/core';
import type { Priority } from '../../types-fmea.js';
import { PRIORITY_COLORS, PRIORITY_LABELS } from './FmeaLabels.js';

/** An RPN coloured by its priority (high red, medium orange, low green), with the priority in words for those who do not see colour. */
export function FmeaRpnBadge({ rpn, priority, label = 'RPN' }: { rpn: number | null; priority: Priority | null; label?: string }) {
  if (rpn === null || priority === null) return <Badge color="gray" variant="outline" tt="none" miw={48} aria-label={`${label}: not scored`}>—</Badge>;
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant={priority === 'high' ? 'filled' : 'light'} tt="none" size="lg" miw={56} styles={{ label: { overflow: 'visible' } }}
      aria-label={`${label} ${rpn}, ${PRIORITY_LABELS[priority].toLowerCase()} priority`} title={`${PRIORITY_LABELS[priority]} priority`}>
      {rpn}
    </Badge>
  );
}
