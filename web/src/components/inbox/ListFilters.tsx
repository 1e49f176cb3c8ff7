import { useState } from 'react';
import { Badge, Button, Chip, Collapse, Group, NativeSelect, SegmentedControl, Stack, Tabs, TextInput } from '@mantine/core';
import type { ConversationList, InboxChannel, InboxPriority } from '../../types.js';
import { CHANNEL_NAMES, PRIORITIES, STATUS_LABELS } from './inboxFormat.js';
import { STATUSES, useAgents, useDepartments, type InboxFilters, type ListStatus, type Scope } from './queries.js';

interface Props {
  filters: InboxFilters;
  counts: ConversationList['counts'] | undefined;
  onChange(changes: Partial<InboxFilters>): void;
}

const count = (n: number | undefined) => (n ? <Badge size="xs" variant="light" color="gray" ml={4} component="span">{n}</Badge> : null);

/** Status tabs, Mine / Unassigned / All, "breaching soon", and the finer filters (team, assignee, channel, priority, label). */
export function ListFilters({ filters, counts, onChange }: Props) {
  const agents = useAgents();
  const departments = useDepartments();
  const refined = [filters.departmentId, filters.assigneeId, filters.channel, filters.priority, filters.label].filter(Boolean).length;
  const [more, setMore] = useState(refined > 0);
  const statusCount: Partial<Record<ListStatus, number>> = { open: counts?.open, pending: counts?.pending, snoozed: counts?.snoozed };

  return (
    <Stack gap={8}>
      <Tabs value={filters.status} onChange={(value) => value && onChange({ status: value as ListStatus })} variant="pills" radius="xl">
        <Tabs.List aria-label="Conversation status">
          {STATUSES.map((status) => (
            <Tabs.Tab key={status} value={status} fz="xs" px={7} py={4}>
              {STATUS_LABELS[status]}{count(statusCount[status])}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <SegmentedControl size="xs" fullWidth aria-label="Whose conversations" value={filters.assigneeId ? 'all' : filters.scope}
        onChange={(value) => onChange({ scope: value as Scope, assigneeId: '' })}
        data={[
          { value: 'mine', label: `Mine${counts ? ` ${counts.mine}` : ''}` },
          { value: 'unassigned', label: `Unassigned${counts ? ` ${counts.unassigned}` : ''}` },
          { value: 'all', label: 'All' },
        ]} />
      <Group gap={6} justify="space-between">
        <Chip size="xs" color="orange" checked={filters.dueSoon} onChange={(checked) => onChange({ dueSoon: checked })}>
          Breaching soon{counts ? ` (${counts.dueSoon})` : ''}
        </Chip>
        <Button size="compact-xs" variant="subtle" onClick={() => setMore((m) => !m)} aria-expanded={more} aria-controls="inbox-more-filters">
          {more ? 'Fewer filters' : `More filters${refined ? ` (${refined})` : ''}`}
        </Button>
      </Group>
      <Collapse expanded={more} id="inbox-more-filters">
        <Stack gap={6} pb={4}>
          <Group gap={6} grow wrap="nowrap">
            <NativeSelect size="xs" label="Team" value={filters.departmentId} onChange={(e) => onChange({ departmentId: e.currentTarget.value })}
              data={[{ value: '', label: 'All teams' }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
            <NativeSelect size="xs" label="Assignee" value={filters.assigneeId} onChange={(e) => onChange({ assigneeId: e.currentTarget.value })}
              data={[{ value: '', label: 'Anyone' }, ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.displayName }))]} />
          </Group>
          <Group gap={6} grow wrap="nowrap">
            <NativeSelect size="xs" label="Channel" value={filters.channel} onChange={(e) => onChange({ channel: e.currentTarget.value as InboxChannel | '' })}
              data={[{ value: '', label: 'All channels' }, ...Object.entries(CHANNEL_NAMES).map(([value, label]) => ({ value, label }))]} />
            <NativeSelect size="xs" label="Priority" value={filters.priority} onChange={(e) => onChange({ priority: e.currentTarget.value as InboxPriority | '' })}
              data={[{ value: '', label: 'Any priority' }, ...PRIORITIES.map((p) => ({ value: p, label: p[0]!.toUpperCase() + p.slice(1) }))]} />
          </Group>
          <LabelFilter value={filters.label} onChange={(label) => onChange({ label })} />
        </Stack>
      </Collapse>
    </Stack>
  );
}

/** The label filter applies on Enter or when leaving the box, not on every keystroke. */
function LabelFilter({ value, onChange }: { value: string; onChange(label: string): void }) {
  const [draft, setDraft] = useState(value);
  const apply = () => { if (draft.trim() !== value) onChange(draft.trim()); };
  return (
    <TextInput size="xs" label="Label" placeholder="e.g. billing" value={draft} onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={apply} onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} />
  );
}
