import type { IncidentStatus } from '../../db/schema-quality.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { listDepartments, listUsers } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { listLocations } from '../scheduling/setup-service.js';
import type { ActionRow } from './capa-store.js';
import * as capaStore from './capa-store.js';
import type { CapaAction, Incident } from './incident-schemas.js';
import type { IncidentRow } from './incident-store.js';
import { reference } from './quality-events.js';

/** Where an incident may go from each status (closing needs a note; reopening a closed one too). */
export const NEXT_STATUSES: Record<IncidentStatus, IncidentStatus[]> = {
  reported: ['under_review', 'investigating', 'closed'],
  under_review: ['investigating', 'closed'],
  investigating: ['actions_open', 'closed'],
  actions_open: ['investigating', 'closed'],
  closed: ['under_review'],
};

/** Incidents as the API shows them: names for the place, department and patient; the reporter only when not anonymous. */
export async function presentIncidents(platform: Platform, actor: Actor, rows: IncidentRow[]): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const [locations, departments, patients, counts] = await Promise.all([
    rows.some((row) => row.location_id) ? listLocations(platform, actor, { includeArchived: true }) : [],
    rows.some((row) => row.department_id) ? listDepartments(platform, actor, true) : [],
    patientRefs(platform, actor.organizationId, rows.flatMap((row) => (row.patient_id ? [row.patient_id] : []))),
    capaStore.actionCountsByIncident(platform.db, actor.organizationId, rows.map((row) => row.id), now),
  ]);
  const named = (list: { id: string; name: string }[], id: string | null) => {
    const found = id ? list.find((item) => item.id === id) : undefined;
    return id ? { id, name: found?.name ?? 'Unknown' } : null;
  };
  const countOf = new Map(counts.map((count) => [count.incident_id, count]));
  return rows.map((row) => {
    const patient = row.patient_id ? patients.get(row.patient_id) : undefined;
    return {
      id: row.id,
      number: row.number,
      reference: reference(row.number),
      title: row.title,
      description: row.description,
      occurredAt: row.occurred_at.toISOString(),
      location: named(locations, row.location_id),
      department: named(departments, row.department_id),
      category: row.category,
      harmLevel: row.harm_level,
      patientId: row.patient_id,
      patient: row.patient_id ? { id: row.patient_id, name: patient?.name ?? 'Unknown patient', mrn: patient?.mrn ?? '' } : null,
      immediateActions: row.immediate_actions,
      source: row.source,
      sourceId: row.source_id,
      anonymous: row.anonymous,
      reporter: row.anonymous ? null : row.reporter_label,
      reportedByMe: !row.anonymous && row.reporter_id !== null && row.reporter_id === actor.id,
      status: row.status,
      statusNote: row.status_note,
      nextStatuses: NEXT_STATUSES[row.status],
      openActions: Number(countOf.get(row.id)?.open ?? 0),
      overdueActions: Number(countOf.get(row.id)?.overdue ?? 0),
      closedAt: row.closed_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

/** Actions as the API shows them, with the owner's name and the incident they belong to. */
export async function presentActions(platform: Platform, actor: Actor, rows: ActionRow[]): Promise<CapaAction[]> {
  if (rows.length === 0) return [];
  const now = Date.now();
  const staff = new Map((await listUsers(platform, actor)).map((user) => [user.id, user.display_name]));
  return rows.map((row) => ({
    id: row.id,
    incidentId: row.incident_id,
    incidentReference: reference(row.incident_number),
    incidentTitle: row.incident_title,
    kind: row.kind,
    title: row.title,
    description: row.description,
    ownerId: row.owner_id,
    ownerName: staff.get(row.owner_id) ?? null,
    dueDate: row.due_date,
    dueAt: row.due_at.toISOString(),
    overdue: row.status === 'open' && row.due_at.getTime() < now,
    status: row.status,
    completedAt: row.completed_at?.toISOString() ?? null,
    completedBy: row.completed_by_label,
    completionNote: row.completion_note,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    verifiedBy: row.verified_by_label,
    verificationNote: row.verification_note,
    reopenedCount: row.reopened_count,
    replacesActionId: row.replaces_action_id,
    createdBy: row.created_by_label,
    createdAt: row.created_at.toISOString(),
  }));
}
