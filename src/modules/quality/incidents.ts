import { DateTime } from 'luxon';
import type { IncidentSource, IncidentStatus } from '../../db/schema-quality.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, findOrganization } from '../identity/service.js';
import { loadConversation } from '../inbox/service.js';
import { getPatient } from '../patients/service.js';
import { getLocation } from '../scheduling/setup-service.js';
import * as capaStore from './capa-store.js';
import { NEXT_STATUSES, presentIncidents } from './incident-present.js';
import type { Incident, IncidentChanges, IncidentQuery, NewAnonymousIncident, NewIncident, StatusChange } from './incident-schemas.js';
import * as store from './incident-store.js';
import { ANONYMOUS_ACTOR, publishQualityEvent, reference } from './quality-events.js';

/** Incident reports: filing (by name, anonymously, from a complaint or a recovery case), reading, editing, the status workflow. */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const FUTURE_SLACK_MS = 5 * 60_000;

export const HARM_WORDS = { near_miss: 'near miss', none: 'no harm', mild: 'mild harm', moderate: 'moderate harm', severe: 'severe harm', death: 'death' } as const;
export const STATUS_WORDS: Record<IncidentStatus, string> = {
  reported: 'reported', under_review: 'under review', investigating: 'under investigation', actions_open: 'with actions under way', closed: 'closed',
};

const canReadAll = (actor: Actor) => actor.permissions.has('quality:read');

function occurredAt(value: string): Date {
  const time = new Date(value);
  if (!ISO_TIME.test(value) || Number.isNaN(time.getTime())) throw invalid('occurredAt', 'must be an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z');
  if (time.getTime() > Date.now() + FUTURE_SLACK_MS) throw invalid('occurredAt', 'is in the future: an incident is reported after it happened');
  return time;
}

const cleaned = (text: string | null | undefined) => text?.trim() || null;

/** The patient, place and department an incident names must be this clinic's (another clinic's id: 404). */
async function checkReferences(platform: Platform, actor: Actor, input: { patientId?: string | null; locationId?: string | null; departmentId?: string | null }) {
  if (input.patientId) {
    const patient = await getPatient(platform, actor, input.patientId);
    if (patient.status === 'merged') {
      throw conflict('patient_merged', 'This record was merged into another; report the incident on that one.', { replacedBy: patient.replacedBy });
    }
  }
  if (input.locationId) await getLocation(platform, actor, input.locationId);
  if (input.departmentId && !(await findDepartmentById(platform, actor.organizationId, input.departmentId))) throw notFound('department', input.departmentId);
}

interface Filing {
  report: NewAnonymousIncident;
  source: IncidentSource;
  sourceId: string | null;
  anonymous: boolean;
}

async function fileIncident(platform: Platform, actor: Actor, filing: Filing) {
  const { report } = filing;
  const when = occurredAt(report.occurredAt);
  await checkReferences(platform, actor, report);
  const row = await platform.db.transaction().execute((trx) => store.insertIncident(trx, {
    organization_id: actor.organizationId,
    title: report.title.trim(),
    description: report.description.trim(),
    occurred_at: when,
    location_id: report.locationId ?? null,
    department_id: report.departmentId ?? null,
    category: report.category,
    harm_level: report.harmLevel,
    patient_id: report.patientId ?? null,
    immediate_actions: cleaned(report.immediateActions),
    source: filing.source,
    source_id: filing.sourceId,
    anonymous: filing.anonymous,
    reporter_id: filing.anonymous || actor.type !== 'user' ? null : actor.id,
    reporter_label: filing.anonymous ? null : actor.label,
  }));
  if (!row) return undefined;
  const from = filing.source === 'complaint' ? ' from a complaint' : filing.source === 'recovery_case' ? ' from an escalated recovery case' : '';
  await publishQualityEvent(platform, filing.anonymous ? ANONYMOUS_ACTOR : actor, 'incident.reported', row,
    `Incident ${reference(row.number)} reported${from} (${HARM_WORDS[row.harm_level]}): ${row.title}`, {
      category: row.category, harmLevel: row.harm_level, source: row.source, sourceId: row.source_id,
      departmentId: row.department_id, locationId: row.location_id, anonymous: row.anonymous,
    });
  return row;
}

/** Files an incident under the reporter's name; with conversationId, it comes from that complaint (its patient by default). */
export async function reportIncident(platform: Platform, actor: Actor, input: NewIncident): Promise<Incident> {
  const { conversationId, ...report } = input;
  let patientId = report.patientId;
  if (conversationId) {
    let conversation;
    try {
      conversation = await loadConversation(platform, actor, conversationId);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) throw notFound('conversation', conversationId);
      throw error;
    }
    patientId ??= conversation.patient_id ?? undefined;
  }
  const row = await fileIncident(platform, actor, {
    report: { ...report, ...(patientId && { patientId }) }, source: conversationId ? 'complaint' : 'staff', sourceId: conversationId ?? null, anonymous: false,
  });
  return (await presentIncidents(platform, actor, [row!]))[0]!;
}

/** Files an incident that names nobody: no reporter is stored; the receipt carries no patient data. */
export async function reportAnonymously(platform: Platform, actor: Actor, input: NewAnonymousIncident) {
  const row = await fileIncident(platform, actor, { report: input, source: 'staff', sourceId: null, anonymous: true });
  // A report naming a patient is a write of patient data: audited, by an actor that names nobody.
  if (row!.patient_id) {
    await platform.audit.record(systemActor(actor.organizationId, 'web', ANONYMOUS_ACTOR.label),
      [{ action: 'create', entityType: 'incident', entityId: row!.id, patientId: row!.patient_id }]);
  }
  return { id: row!.id, reference: reference(row!.number), status: row!.status, anonymous: true as const };
}

/** Files the incident of an escalated recovery case, once per case (a repeat returns the first). */
export async function reportFromRecoveryCase(platform: Platform, actor: Actor, input: NewAnonymousIncident & { caseId: string }) {
  const { caseId, ...report } = input;
  const existing = await store.findIncidentOfRecoveryCase(platform.db, actor.organizationId, caseId);
  if (existing) return existing;
  return (await fileIncident(platform, actor, { report, source: 'recovery_case', sourceId: caseId, anonymous: false }))
    ?? store.findIncidentOfRecoveryCase(platform.db, actor.organizationId, caseId);
}

/** An incident the actor may see: all of them with quality:read, otherwise only their own named reports (else 404). */
export async function loadIncident(platform: Platform, actor: Actor, id: string) {
  const row = await store.findIncident(platform.db, actor.organizationId, id);
  if (!row) throw notFound('incident', id);
  if (!canReadAll(actor) && (row.anonymous || row.reporter_id === null || row.reporter_id !== actor.id)) throw notFound('incident', id);
  return row;
}

export async function getIncident(platform: Platform, actor: Actor, id: string): Promise<Incident> {
  return (await presentIncidents(platform, actor, [await loadIncident(platform, actor, id)]))[0]!;
}

/** The start of a clinic day (YYYY-MM-DD) in the clinic's zone; `after` gives the start of the next day. */
const clinicDayStart = (date: string, zone: string, after = false) => {
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  return (after ? day.plus({ days: 1 }) : day).toJSDate();
};

/** Incidents, newest first; a reporter without quality:read sees only what they reported under their name. */
export async function listIncidents(platform: Platform, actor: Actor, query: IncidentQuery) {
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const onlyMine = query.mine === true || !canReadAll(actor);
  if (onlyMine && (actor.type !== 'user' || !actor.id)) return { items: [], total: 0, limit, offset };
  const zone = query.from || query.to ? (await findOrganization(platform, actor.organizationId))?.time_zone ?? 'UTC' : 'UTC';
  const { rows, total } = await store.listIncidents(platform.db, actor.organizationId, {
    status: query.status, harmLevel: query.harmLevel, category: query.category, departmentId: query.departmentId,
    locationId: query.locationId, patientId: query.patientId, reporterId: onlyMine ? actor.id! : undefined,
    from: query.from ? clinicDayStart(query.from, zone) : undefined, to: query.to ? clinicDayStart(query.to, zone, true) : undefined, limit, offset,
  });
  return { items: await presentIncidents(platform, actor, rows), total, limit, offset };
}

const incidentClosed = () => conflict('incident_closed', 'This incident is closed: reopen it (status under_review) before changing it.');

const FIELD_WORDS: Record<keyof IncidentChanges, string> = {
  title: 'title', description: 'description', occurredAt: 'time', locationId: 'location', departmentId: 'department',
  category: 'category', harmLevel: 'harm level', patientId: 'patient', immediateActions: 'immediate actions',
};

/** Corrects an incident's facts (quality:manage); a closed incident must be reopened first. */
export async function updateIncident(platform: Platform, actor: Actor, id: string, changes: IncidentChanges): Promise<Incident> {
  const when = changes.occurredAt !== undefined ? occurredAt(changes.occurredAt) : undefined;
  await checkReferences(platform, actor, changes);
  const { before, after } = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockIncident(trx, actor.organizationId, id);
    if (!current) throw notFound('incident', id);
    if (current.status === 'closed') throw incidentClosed();
    const updated = await store.updateIncident(trx, actor.organizationId, id, {
      ...(changes.title !== undefined && { title: changes.title.trim() }),
      ...(changes.description !== undefined && { description: changes.description.trim() }),
      ...(when && { occurred_at: when }),
      ...(changes.locationId !== undefined && { location_id: changes.locationId }),
      ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
      ...(changes.category !== undefined && { category: changes.category }),
      ...(changes.harmLevel !== undefined && { harm_level: changes.harmLevel }),
      ...(changes.patientId !== undefined && { patient_id: changes.patientId }),
      ...(changes.immediateActions !== undefined && { immediate_actions: cleaned(changes.immediateActions) }),
    });
    return { before: current, after: updated };
  });
  const fields = Object.keys(changes) as (keyof IncidentChanges)[];
  const harm = before.harm_level !== after.harm_level ? ` (harm level ${HARM_WORDS[before.harm_level]} → ${HARM_WORDS[after.harm_level]})` : '';
  await publishQualityEvent(platform, actor, 'incident.updated', after, `Incident ${reference(after.number)} corrected: ${fields.map((f) => FIELD_WORDS[f]).join(', ')}${harm}`, {
    fields, status: after.status, harmLevel: after.harm_level, category: after.category,
  });
  return getIncident(platform, actor, id);
}

/**
 * Moves an incident along its workflow (NEXT_STATUSES); an illegal move is 409 illegal_transition.
 * Closing needs a note and no action still open or waiting for verification; reopening needs a note.
 */
export async function changeStatus(platform: Platform, actor: Actor, id: string, input: StatusChange): Promise<Incident> {
  const note = cleaned(input.note);
  const row = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockIncident(trx, actor.organizationId, id);
    if (!current) throw notFound('incident', id);
    const allowed = NEXT_STATUSES[current.status];
    if (!allowed.includes(input.status)) {
      throw conflict('illegal_transition', `An incident ${STATUS_WORDS[current.status]} cannot move to ${input.status}; it may move to ${allowed.join(', ')}.`, { from: current.status, to: input.status, allowed });
    }
    if ((input.status === 'closed' || current.status === 'closed') && !note) {
      throw invalid('note', input.status === 'closed' ? 'is required to close an incident: say what was learned and done' : 'is required to reopen an incident: say why');
    }
    const actions = await capaStore.actionsOfIncident(trx, actor.organizationId, id);
    if (input.status === 'closed') {
      const pending = actions.filter((action) => action.status === 'open' || action.status === 'completed');
      if (pending.length > 0) {
        throw conflict('actions_pending', `${pending.length} action(s) are still open or waiting for verification of effectiveness: complete and verify (or cancel) them before closing.`, { actionIds: pending.map((a) => a.id) });
      }
    }
    if (input.status === 'actions_open' && !actions.some((action) => action.status === 'open' || action.status === 'completed')) {
      throw conflict('no_actions', 'Add a corrective or preventive action before moving the incident to actions under way.');
    }
    return store.updateIncident(trx, actor.organizationId, id, {
      status: input.status, status_note: note, closed_at: input.status === 'closed' ? new Date() : null,
    });
  });
  await publishStatusEvent(platform, actor, row, note);
  return getIncident(platform, actor, id);
}

export async function publishStatusEvent(platform: Platform, actor: Actor, row: store.IncidentRow, note: string | null) {
  await publishQualityEvent(platform, actor, 'incident.updated', row, `Incident ${reference(row.number)} ${STATUS_WORDS[row.status]}${note ? `: ${note}` : ''}`, {
    fields: ['status'], status: row.status, harmLevel: row.harm_level, category: row.category,
  });
}

/**
 * Moves an incident forward when work starts on it (an analysis saved, an action added), never back.
 * Returns the row when it moved. Call inside the transaction that holds the incident's lock.
 */
export async function advanceTo(db: store.Db, row: store.IncidentRow, status: 'investigating' | 'actions_open') {
  const order: IncidentStatus[] = ['reported', 'under_review', 'investigating', 'actions_open'];
  const at = order.indexOf(row.status);
  if (at < 0 || at >= order.indexOf(status)) return undefined;
  return store.updateIncident(db, row.organization_id, row.id, { status, status_note: null });
}
