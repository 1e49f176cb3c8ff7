import { Badge } from '@mantine/core';
import type { CapaStatus, IncidentStatus } from '../../types-quality.js';
import { ACTION_STATUS, harmColor, harmLabel, STATUS_COLORS, STATUS_LABELS } from './labels.js';

// Dark text on light badges: the light variant's own text shades fail contrast (orange, teal, yellow).
export const HarmBadge = ({ harm }: { harm: string }) => (
  <Badge color={harmColor(harm)} variant="light" tt="none" c="dark.9" style={{ overflow: 'visible' }} miw="max-content">{harmLabel(harm)}</Badge>
);

export const StatusBadge = ({ status }: { status: IncidentStatus }) => (
  <Badge color={STATUS_COLORS[status]} variant="light" tt="none" c="dark.9">{STATUS_LABELS[status]}</Badge>
);

export const ActionStatusBadge = ({ status, overdue }: { status: CapaStatus; overdue?: boolean }) => overdue
  ? <Badge color="red" variant="filled" tt="none">Overdue</Badge>
  : <Badge color={ACTION_STATUS[status].color} variant="light" tt="none" c="dark.9">{ACTION_STATUS[status].label}</Badge>;
