import type { Platform } from '../../platform/platform.js';
import type { AppointmentRow } from './store.js';

/**
 * The reminders a visit should get: one row per offset still ahead, keyed by the start time it was
 * planned for. Runs in the caller's transaction. Rows planned for another start time (the visit
 * moved) are cancelled, so a reminder for the old time can never go out; a row already sent stays.
 */
export async function planReminders(platform: Platform, appointment: AppointmentRow, offsetsMinutes: number[], now = new Date()) {
  await platform.db.updateTable('appointment_reminders').set({ status: 'cancelled', skip_reason: 'appointment moved' })
    .where('appointment_id', '=', appointment.id).where('status', '=', 'scheduled').where('planned_start', '<>', appointment.starts_at).execute();
  const rows = offsetsMinutes
    .map((offset) => ({ offset, dueAt: new Date(appointment.starts_at.getTime() - offset * 60_000) }))
    .filter(({ dueAt }) => dueAt.getTime() > now.getTime())
    .map(({ offset, dueAt }) => ({
      organization_id: appointment.organization_id, appointment_id: appointment.id, offset_minutes: offset,
      planned_start: appointment.starts_at, due_at: dueAt,
    }));
  if (rows.length > 0) {
    await platform.db.insertInto('appointment_reminders').values(rows)
      .onConflict((oc) => oc.columns(['appointment_id', 'offset_minutes', 'planned_start']).doNothing()).execute();
  }
}

/** A cancelled visit, or one the patient already came to, gets no more reminders. */
export async function cancelReminders(platform: Platform, appointment: AppointmentRow) {
  await platform.db.updateTable('appointment_reminders').set({ status: 'cancelled', skip_reason: `appointment ${appointment.status.replace('_', ' ')}` })
    .where('appointment_id', '=', appointment.id).where('status', '=', 'scheduled').execute();
}
