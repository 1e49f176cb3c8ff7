import type { DragEvent } from 'react';
import { Badge, Box, Text, UnstyledButton } from '@mantine/core';
import { DateTime } from 'luxon';
import './schedule.css';
import { STATUS_COLORS, STATUS_LABELS, clinicClock, type Appointment, type Slot } from './scheduleApi.js';
import { PX_PER_MINUTE, clockOf, localPlace, placeInLanes, visibleRange } from './layout.js';

export interface Column { key: string; date: string; providerId: string; title: string; subtitle?: string }

interface Props {
  columns: Column[];
  zone: string;
  appointments: Appointment[];
  slots: Slot[];
  /** How tall a free cell is: the service's step (or its duration when shorter), in minutes. */
  freeMinutes: number;
  canBook: boolean;
  onOpen(appointment: Appointment): void;
  onBookSlot(slot: Slot): void;
  /** An appointment dropped on a column: its new provider and local date and time. */
  onDrop(appointmentId: string, target: { providerId: string; date: string; time: string }): void;
}

const DRAG_TYPE = 'application/x-careloop-appointment';
const HEADER_PX = 48;

/** The day or week grid: one column per provider (day) or per day (week), visits and free times placed by the location's clock. */
export function CalendarGrid({ columns, zone, appointments, slots, freeMinutes, canBook, onOpen, onBookSlot, onDrop }: Props) {
  const placedAppointments = appointments.map((a) => ({ a, start: localPlace(a.startsAt, zone), end: localPlace(a.endsAt, zone) }));
  const placedSlots = slots.map((s) => ({ s, at: localPlace(s.startsAt, zone) }));
  const { startMinutes, endMinutes } = visibleRange([
    ...placedAppointments.map((p) => ({ start: p.start.minutes, end: p.end.date === p.start.date ? p.end.minutes : 24 * 60 })),
    ...placedSlots.map((p) => ({ start: p.at.minutes, end: p.at.minutes + freeMinutes })),
  ]);
  const height = (endMinutes - startMinutes) * PX_PER_MINUTE;
  const hours = Array.from({ length: (endMinutes - startMinutes) / 60 }, (_, i) => startMinutes + i * 60);
  const top = (minutes: number) => (minutes - startMinutes) * PX_PER_MINUTE;

  function dropOnColumn(event: DragEvent<HTMLDivElement>, column: Column) {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    if (!id) return;
    event.preventDefault();
    const y = event.clientY - event.currentTarget.getBoundingClientRect().top;
    // Dropped between free times: the nearest five minutes under the pointer.
    const minutes = Math.max(startMinutes, Math.min(endMinutes - 5, startMinutes + Math.round(y / PX_PER_MINUTE / 5) * 5));
    onDrop(id, { providerId: column.providerId, date: column.date, time: clockOf(minutes) });
  }

  return (
    <Box className="schedule-grid" role="region" aria-label="Calendar" tabIndex={0}
      style={{ gridTemplateColumns: `56px repeat(${columns.length}, minmax(150px, 1fr))` }}>
      <div className="schedule-corner" style={{ height: HEADER_PX }} />
      {columns.map((column) => (
        <div key={column.key} className="schedule-column-head" style={{ height: HEADER_PX }}>
          <Text fz="sm" fw={700} lineClamp={1}>{column.title}</Text>
          {column.subtitle && <Text fz="xs" c="dimmed" lineClamp={1}>{column.subtitle}</Text>}
        </div>
      ))}
      <div className="schedule-gutter" style={{ height }} aria-hidden="true">
        {hours.map((m) => (
          <Text key={m} fz="xs" c="dimmed" className="schedule-hour-label" style={{ top: top(m) }}>
            {DateTime.fromObject({ hour: m / 60 }).toFormat('h a')}
          </Text>
        ))}
      </div>
      {columns.map((column) => {
        const mine = placedAppointments.filter((p) => p.a.providerId === column.providerId && p.start.date === column.date);
        const lanes = placeInLanes(mine.map((p) => ({ item: p.a, start: p.start.minutes, end: p.end.date === p.start.date ? p.end.minutes : 24 * 60 })));
        const free = placedSlots.filter((p) => p.s.providerId === column.providerId && p.at.date === column.date);
        return (
          <div key={column.key} className="schedule-column" style={{ height }} data-testid={`column-${column.key}`}
            onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault(); }}
            onDrop={(e) => dropOnColumn(e, column)}>
            {hours.map((m) => <div key={m} className="schedule-hour-line" style={{ top: top(m) }} />)}
            {canBook && free.map(({ s, at }) => (
              <UnstyledButton key={s.startsAt} className="schedule-free" onClick={() => onBookSlot(s)}
                onDrop={(e) => {
                  const id = e.dataTransfer.getData(DRAG_TYPE);
                  if (!id) return;
                  // Dropped on a free time: exactly its start, not the point under the pointer.
                  e.preventDefault();
                  e.stopPropagation();
                  onDrop(id, { providerId: s.providerId, date: at.date, time: clockOf(at.minutes) });
                }}
                style={{ top: top(at.minutes) + 1, height: Math.max(18, freeMinutes * PX_PER_MINUTE - 2) }}
                aria-label={`Book ${s.label} with ${s.providerName}`}>
                free · {clinicClock(s.startsAt, zone)}
              </UnstyledButton>
            ))}
            {lanes.map(({ item: a, start, end, lane, lanes: count }) => {
              const color = STATUS_COLORS[a.status];
              const movable = canBook && (a.status === 'booked' || a.status === 'confirmed');
              return (
                <UnstyledButton key={a.id} className="schedule-block" data-status={a.status} draggable={movable}
                  onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, a.id); e.dataTransfer.effectAllowed = 'move'; }}
                  onClick={() => onOpen(a)}
                  aria-label={`${a.patientName}, ${a.serviceName}, ${clinicClock(a.startsAt, zone)} to ${clinicClock(a.endsAt, zone)}, ${STATUS_LABELS[a.status]}${a.overbooked ? ', overbooked' : ''}`}
                  style={{
                    top: top(start) + 1, height: Math.max(22, (end - start) * PX_PER_MINUTE - 2),
                    left: `calc(${(lane / count) * 100}% + 2px)`, width: `calc(${100 / count}% - 4px)`,
                    background: `var(--mantine-color-${color}-1)`, borderLeftColor: `var(--mantine-color-${color}-8)`,
                  }}>
                  <Text fz="xs" fw={700} lineClamp={1} c="gray.9">{a.patientName}</Text>
                  <Text fz={11} lineClamp={1} c="gray.9">
                    {clinicClock(a.startsAt, zone)} · {a.serviceName} · {STATUS_LABELS[a.status]}
                  </Text>
                  {a.overbooked && <Badge size="xs" color="red" variant="filled" className="schedule-overbooked">overbooked</Badge>}
                </UnstyledButton>
              );
            })}
          </div>
        );
      })}
    </Box>
  );
}
