// Reminder offsets are kept in minutes before the visit; people read and write them in days and hours.

export type Unit = 'days' | 'hours' | 'minutes';
const MINUTES: Record<Unit, number> = { days: 1440, hours: 60, minutes: 1 };

/** 10080 -> "7 days", 120 -> "2 hours", 90 -> "90 minutes": the largest whole unit. */
export function offsetLabel(minutes: number): string {
  const unit: Unit = minutes % 1440 === 0 ? 'days' : minutes % 60 === 0 ? 'hours' : 'minutes';
  const count = minutes / MINUTES[unit];
  return `${count} ${count === 1 ? unit.slice(0, -1) : unit}`;
}

/** [10080, 2880, 120] -> "7 days, 2 days, 2 hours" (earliest first); none -> "no reminders". */
export function cadenceLabel(offsets: number[]): string {
  return offsets.length === 0 ? 'no reminders' : [...offsets].sort((a, b) => b - a).map(offsetLabel).join(', ');
}

export const toMinutes = (count: number, unit: Unit) => Math.round(count * MINUTES[unit]);
