import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CANCEL_REASONS, SOURCE_LABELS, STATUS_COLORS, STATUS_LABELS, type Appointment } from './scheduleApi.js';

type Step = 'confirmed' | 'arrived' | 'in_room' | 'completed' | 'no_show';
/** The steps a visit may take next, from the status it has (the server's transitions). */
const STEPS: { step: Step; label: string; from: Appointment['status'][] }[] = [
  { step: 'confirmed', label: 'Confirm', from: ['booked'] },
  { step: 'arrived', label: 'Arrived', from: ['booked', 'confirmed'] },
  { step: 'in_room', label: 'In room', from: ['arrived'] },
  { step: 'completed', label: 'Completed', from: ['arrived', 'in_room'] },
  { step: 'no_show', label: 'No-show', from: ['booked', 'confirmed'] },
];
const OPEN: Appointment['status'][] = ['booked', 'confirmed'];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase">{label}</Text>
      <Text fz="sm">{children}</Text>
    </div>
  );
}

interface Props {
  appointment: Appointment | null;
  canBook: boolean;
  onClose(): void;
  onChanged(a: Appointment): void;
  onMove(a: Appointment): void;
  onCancel(a: Appointment): void;
}

/** One visit: its times on the location's clock, who booked it and how, and what can be done with it. */
export function AppointmentDrawer({ appointment: a, canBook, onClose, onChanged, onMove, onCancel }: Props) {
  const queryClient = useQueryClient();
  const status = useMutation({
    mutationFn: (step: Step) => api.post<Appointment>(`/api/scheduling/appointments/${a?.id ?? ''}/status`, { status: step }),
    onSuccess: async (changed) => {
      onChanged(changed);
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
    },
  });
  const ends = a ? DateTime.fromISO(a.endsAt, { zone: a.timeZone }).toFormat('h:mm a') : '';
  return (
    <Drawer opened={a !== null} onClose={() => { status.reset(); onClose(); }} position="right" size="md" title={a ? `${a.patientName}, ${a.serviceName}` : ''}
      closeButtonProps={{ 'aria-label': 'Close' }}>
      {a && (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge color={STATUS_COLORS[a.status]} variant="light" size="lg">{STATUS_LABELS[a.status]}</Badge>
            {a.overbooked && <Badge color="red" variant="filled">overbooked</Badge>}
          </Group>
          <Fact label="When">{a.label} – {ends} <Text span c="dimmed" fz="xs">({a.timeZone})</Text></Fact>
          <Fact label="Patient"><Link className="table-link" to={`/patients/${a.patientId}`}>{a.patientName}</Link> <Text span ff="monospace" fz="xs">{a.mrn}</Text></Fact>
          <Fact label="With">{a.providerName} at {a.locationName}</Fact>
          <Fact label="Booked">{SOURCE_LABELS[a.source] ?? a.source}, by {a.bookedBy}</Fact>
          {a.overrideReason && <Fact label="Override reason">{a.overrideReason}</Fact>}
          {a.notes && <Fact label="Notes">{a.notes}</Fact>}
          {a.rescheduleRequestedAt && <Fact label="Reschedule">The patient asked for another time</Fact>}
          {a.cancelReason && (
            <Fact label="Cancelled">{CANCEL_REASONS.find((r) => r.value === a.cancelReason)?.label ?? a.cancelReason}{a.cancelNote ? `: ${a.cancelNote}` : ''}</Fact>
          )}
          {canBook && (
            <>
              <Title order={3} fz="sm" mt="sm">Visit steps</Title>
              <Group gap="xs">
                {STEPS.filter((s) => s.from.includes(a.status)).map((s) => (
                  <Button key={s.step} size="compact-sm" variant={s.step === 'no_show' ? 'default' : 'light'} loading={status.isPending && status.variables === s.step}
                    onClick={() => status.mutate(s.step)}>{s.label}</Button>
                ))}
              </Group>
              <ErrorAlert error={status.error} title="The status did not change" />
              {OPEN.includes(a.status) && (
                <Group gap="xs" mt="sm">
                  <Button variant="default" onClick={() => onMove(a)}>Move</Button>
                  <Button variant="default" color="red" onClick={() => onCancel(a)}>Cancel visit</Button>
                </Group>
              )}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
