import { useState } from 'react';
import { Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../../session.js';
import type { ConversationChanges, ConversationDetail, InboxPriority } from '../../types.js';
import { PRIORITIES } from './inboxFormat.js';
import { LabelsEditor } from './LabelsEditor.js';
import { useAgents, useDepartments } from './queries.js';

/** 9:00 tomorrow, and 9:00 next Monday, in the browser's zone. */
function snoozePresets(now = new Date()) {
  const tomorrow = new Date(now); tomorrow.setDate(now.getDate() + 1); tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now); monday.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7)); monday.setHours(9, 0, 0, 0);
  return [
    { label: 'For 1 hour', at: new Date(now.getTime() + 3_600_000) },
    { label: 'Until tomorrow 9:00', at: tomorrow },
    { label: 'Until next week (Monday 9:00)', at: monday },
  ];
}

interface Props {
  detail: ConversationDetail;
  onChange(changes: ConversationChanges): void;
  pending: boolean;
  onMerge(): void;
  onCopyLink(): void;
}

/** Assign, priority, labels, snooze, pending, resolve/reopen, merge and the patient's link. */
export function ConversationActions({ detail, onChange, pending, onMerge, onCopyLink }: Props) {
  const { user, can } = useSignedIn();
  const agents = useAgents();
  const departments = useDepartments();
  const [customSnooze, setCustomSnooze] = useState(false);
  const [snoozeAt, setSnoozeAt] = useState('');
  const closed = detail.status === 'resolved';
  const team = departments.data?.find((d) => d.id === detail.departmentId);

  return (
    <Group gap={4} wrap="wrap">
      {closed ? (
        <Button size="compact-sm" onClick={() => onChange({ status: 'open' })} loading={pending} title="Shortcut: e">Reopen</Button>
      ) : (
        <Button size="compact-sm" color="#1e6b30" onClick={() => onChange({ status: 'resolved' })} loading={pending} aria-keyshortcuts="e" title="Shortcut: e">Resolve</Button>
      )}
      {detail.status !== 'pending' && !closed && (
        <Button size="compact-sm" variant="default" onClick={() => onChange({ status: 'pending' })} title="Waiting for the patient or someone else">Mark pending</Button>
      )}
      {detail.status === 'pending' || detail.status === 'snoozed' ? (
        <Button size="compact-sm" variant="default" onClick={() => onChange({ status: 'open' })}>Set open</Button>
      ) : null}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target><Button size="compact-sm" variant="default" disabled={closed}>Snooze</Button></Menu.Target>
        <Menu.Dropdown>
          {snoozePresets().map((preset) => (
            <Menu.Item key={preset.label} onClick={() => onChange({ status: 'snoozed', snoozedUntil: preset.at.toISOString() })}>{preset.label}</Menu.Item>
          ))}
          <Menu.Item onClick={() => setCustomSnooze(true)}>Until a date and time…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="compact-sm" variant="default" aria-label={`Assign (now ${detail.assigneeName ?? 'nobody'}${team ? `, team ${team.name}` : ''})`}>
            Assign{detail.assigneeName ? `: ${detail.assigneeName}` : ''}
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
          {detail.assigneeId !== user.id && <Menu.Item onClick={() => onChange({ assigneeId: user.id })}>Assign to me</Menu.Item>}
          <Menu.Label>Colleagues</Menu.Label>
          {(agents.data ?? []).filter((a) => a.id !== user.id).map((a) => (
            <Menu.Item key={a.id} onClick={() => onChange({ assigneeId: a.id })} disabled={a.id === detail.assigneeId}>{a.displayName}</Menu.Item>
          ))}
          {detail.assigneeId && <Menu.Item onClick={() => onChange({ assigneeId: null })}>Unassign</Menu.Item>}
          <Menu.Divider />
          <Menu.Label>Team</Menu.Label>
          {(departments.data ?? []).map((d) => (
            <Menu.Item key={d.id} onClick={() => onChange({ departmentId: d.id })} disabled={d.id === detail.departmentId}>{d.name}</Menu.Item>
          ))}
          {detail.departmentId && <Menu.Item onClick={() => onChange({ departmentId: null })}>No team</Menu.Item>}
          {(departments.data ?? []).length === 0 && <Menu.Item disabled>No teams set up</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target><Button size="compact-sm" variant="default">Priority: {detail.priority}</Button></Menu.Target>
        <Menu.Dropdown>
          {PRIORITIES.map((p: InboxPriority) => (
            <Menu.Item key={p} onClick={() => onChange({ priority: p })} disabled={p === detail.priority}>{p[0]!.toUpperCase() + p.slice(1)}</Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <LabelsEditor labels={detail.labels} onSave={(labels) => onChange({ labels })} />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target><Button size="compact-sm" variant="default">More</Button></Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={onMerge} disabled={!detail.patientId}>Merge into another conversation…</Menu.Item>
          <Menu.Item onClick={onCopyLink}>Copy patient link</Menu.Item>
          {detail.patientId && <Menu.Item component={Link} to={`/patients/${detail.patientId}`}>Open the patient record</Menu.Item>}
          {can('quality:report') && <Menu.Item component={Link} to={`/quality/incidents/new?conversationId=${detail.id}`}>Report an incident from this complaint…</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={customSnooze} onClose={() => setCustomSnooze(false)} title="Snooze until" centered closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={(e) => {
          e.preventDefault();
          if (!snoozeAt) return;
          onChange({ status: 'snoozed', snoozedUntil: new Date(snoozeAt).toISOString() });
          setCustomSnooze(false);
        }}>
          <Stack gap="sm">
            <TextInput type="datetime-local" label="Wake up at" description="The conversation comes back to Open at this time" required value={snoozeAt}
              onChange={(e) => setSnoozeAt(e.currentTarget.value)} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCustomSnooze(false)}>Cancel</Button>
              <Button type="submit" disabled={!snoozeAt}>Snooze</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
