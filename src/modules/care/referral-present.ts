import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { iso } from '../../platform/schemas.js';
import { listDepartments } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { getAppointment } from '../scheduling/service.js';
import type { Referral, ReferralDetail } from './referral-schemas.js';
import { OPEN_STATUSES, type ReferralChangeRow, type ReferralRow } from './referral-store.js';

/** Open (sent, scheduled or completed) and past its due time. */
export const isOverdue = (row: Pick<ReferralRow, 'status' | 'due_at'>, now = Date.now()) =>
  OPEN_STATUSES.includes(row.status) && row.due_at.getTime() < now;

/** Referrals as the API shows them: with the patient's name and MRN and the referring department's name. */
export async function presentReferrals(platform: Platform, actor: Actor, rows: ReferralRow[]): Promise<Referral[]> {
  if (rows.length === 0) return [];
  const now = Date.now();
  const patients = await patientRefs(platform, actor.organizationId, rows.map((row) => row.patient_id));
  const departments = rows.some((row) => row.department_id)
    ? new Map((await listDepartments(platform, actor, true)).map((department) => [department.id, department.name]))
    : new Map<string, string>();
  return rows.map((row) => {
    const patient = patients.get(row.patient_id);
    return {
      id: row.id,
      patientId: row.patient_id,
      patient: { id: row.patient_id, name: patient?.name ?? 'Unknown patient', mrn: patient?.mrn ?? '' },
      kind: row.kind,
      urgency: row.urgency,
      status: row.status,
      destination: row.destination,
      reason: row.reason,
      notes: row.notes,
      departmentId: row.department_id,
      departmentName: row.department_id ? departments.get(row.department_id) ?? null : null,
      referredBy: row.referred_by_label,
      dueAt: row.due_at.toISOString(),
      overdue: isOverdue(row, now),
      appointmentId: row.appointment_id,
      appointmentAt: iso(row.appointment_at),
      providerId: row.provider_id,
      locationId: row.location_id,
      resultSummary: row.result_summary,
      closeReason: row.close_reason,
      sentAt: row.sent_at.toISOString(),
      scheduledAt: iso(row.scheduled_at),
      completedAt: iso(row.completed_at),
      resultReceivedAt: iso(row.result_received_at),
      closedAt: iso(row.closed_at),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

/** One referral with its booked visit (as scheduling shows it) and its history of moves. */
export async function presentDetail(platform: Platform, actor: Actor, row: ReferralRow, changes: ReferralChangeRow[]): Promise<ReferralDetail> {
  const [referral] = await presentReferrals(platform, actor, [row]);
  const visit = row.appointment_id ? await getAppointment(platform, actor, row.appointment_id) : null;
  return {
    ...referral!,
    appointment: visit && {
      id: visit.id, label: visit.label, startsAt: visit.startsAt, status: visit.status,
      serviceName: visit.serviceName, providerName: visit.providerName, locationName: visit.locationName,
    },
    history: changes.map((change) => ({ fromStatus: change.from_status, toStatus: change.to_status, note: change.note, by: change.actor_label, at: change.at.toISOString() })),
  };
}
