import { signLink, verifyLink } from '../../platform/links.js';
import type { Platform } from '../../platform/platform.js';

export const APPOINTMENT_LINK = 'appointment';
const WEEK = 7 * 86_400_000;

/** The patient's link to see, confirm, move, cancel and check in for one visit (no account); valid until a week after it. */
export function appointmentLink(platform: Platform, appointment: { id: string; organization_id: string; starts_at: Date }) {
  const token = signLink(platform.config.secretKey, {
    purpose: APPOINTMENT_LINK, organizationId: appointment.organization_id, subject: appointment.id,
    expiresAt: new Date(Math.max(appointment.starts_at.getTime(), Date.now()) + WEEK),
  });
  return `${platform.config.publicUrl}/a/${token}`;
}

/** The appointment a link is for (403 link_invalid / 410 link_expired otherwise). */
export const verifyAppointmentLink = (platform: Platform, token: string) => verifyLink(platform.config.secretKey, token, APPOINTMENT_LINK);
