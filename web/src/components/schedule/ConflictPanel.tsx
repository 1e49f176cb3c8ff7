import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { OVERRIDABLE, conflictOf, type Slot } from './scheduleApi.js';

interface Props {
  error: unknown;
  pending: boolean;
  /** The verb of the action, "Book" or "Move". */
  verb: string;
  onPickTime(slot: Slot): void;
  onOverride(reason: string): void;
}

/**
 * A refused booking or move (409): the server's reason, the next free times as buttons, and, for a
 * refusal staff may set aside, an override that needs a reason (it is audited).
 */
export function ConflictPanel({ error, pending, verb, onPickTime, onOverride }: Props) {
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const conflict = conflictOf(error);
  if (!conflict) return null;
  const overbook = conflict.code === 'slot_taken';
  return (
    <Alert color="orange" variant="light" title="This time cannot be booked" role="alert">
      <Stack gap="xs">
        <Text fz="sm">{conflict.message}</Text>
        {conflict.nextFreeTimes.length > 0 && (
          <>
            <Text fz="sm" fw={600}>Next free times</Text>
            <Group gap={6} role="group" aria-label="Next free times">
              {conflict.nextFreeTimes.map((slot) => (
                <Button key={`${slot.providerId}-${slot.startsAt}`} size="compact-sm" variant="default" loading={pending} onClick={() => onPickTime(slot)}>
                  {slot.label}
                </Button>
              ))}
            </Group>
          </>
        )}
        {OVERRIDABLE.has(conflict.code) && (
          <>
            <Checkbox label={overbook ? 'Override (overbook)' : 'Override the booking rules'} checked={overriding} onChange={(e) => setOverriding(e.currentTarget.checked)} />
            {overriding && (
              <Group align="flex-end" gap="xs">
                <Textarea label="Reason for the override" description="Kept in the audit trail" required autosize minRows={1} style={{ flex: 1 }}
                  value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                <Button color="orange" loading={pending} disabled={reason.trim().length < 3} onClick={() => onOverride(reason.trim())}>{verb} anyway</Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Alert>
  );
}
