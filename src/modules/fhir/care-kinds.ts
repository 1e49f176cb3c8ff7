import type * as fhir4 from 'fhir/r4.js';
import { KIND_LABELS, getTask, listTasks } from '../care/service.js';
import { getReferral, listReferrals } from '../care/referral-service.js';
import type { Task } from '../care/schemas.js';
import type { Referral, ReferralQuery } from '../care/referral-schemas.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { idMatches, referenceIds } from './list-search.js';
import { fhirError } from './outcome.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { orNull } from './setup-kinds.js';
import { paramValues, tokenOf, type SearchRequest } from './search-params.js';

const STRUCTURE = CARELOOP_SYSTEM.replace('/CodeSystem', '/StructureDefinition');
export const REFERRAL_STATUS_EXTENSION = `${STRUCTURE}/referral-status`;
export const STAFF_SYSTEM = `${CARELOOP_SYSTEM}/staff`;

// Referrals → ServiceRequest

const SR_STATUS: Record<Referral['status'], fhir4.ServiceRequest['status']> = {
  sent: 'active', scheduled: 'active', completed: 'active', result_received: 'completed', declined: 'revoked', cancelled: 'revoked',
};
const SR_PRIORITY: Record<Referral['urgency'], fhir4.ServiceRequest['priority']> = { routine: 'routine', urgent: 'urgent', emergency: 'stat' };

export function toServiceRequest(r: Referral): fhir4.ServiceRequest {
  return compact<fhir4.ServiceRequest>({
    resourceType: 'ServiceRequest', id: r.id, meta: { lastUpdated: r.updatedAt },
    // Careloop's own step (sent, scheduled, completed, result_received, declined, cancelled) beside FHIR's coarser status.
    extension: [{ url: REFERRAL_STATUS_EXTENSION, valueCode: r.status }],
    status: SR_STATUS[r.status], intent: 'order', priority: SR_PRIORITY[r.urgency],
    category: [{ coding: [{ system: `${CARELOOP_SYSTEM}/referral-kind`, code: r.kind }], text: r.kind }],
    code: { text: r.destination },
    subject: ref('Patient', r.patientId, r.patient.name),
    occurrenceDateTime: r.appointmentAt ?? undefined,
    authoredOn: r.sentAt,
    requester: { display: r.referredBy },
    performer: [...(r.providerId ? [ref('Practitioner', r.providerId)] : []), { display: r.destination }],
    locationReference: r.locationId ? [ref('Location', r.locationId)] : undefined,
    reasonCode: [{ text: r.reason }],
    note: [r.notes, r.resultSummary && `Result: ${r.resultSummary}`, r.closeReason && `Closed: ${r.closeReason}`].filter((t): t is string => !!t).map((text) => ({ text })),
  });
}

const FHIR_TO_REFERRAL: Record<string, Referral['status'][]> = {
  active: ['sent', 'scheduled', 'completed'], completed: ['result_received'], revoked: ['declined', 'cancelled'],
};

function referralStatusFilter(request: SearchRequest): Referral['status'][] | null {
  const occurrences = paramValues(request, 'status');
  if (occurrences.length === 0) return null;
  return occurrences.map((alts) => alts.flatMap((v) => {
    if (FHIR_TO_REFERRAL[v]) return FHIR_TO_REFERRAL[v]!;
    if (['draft', 'on-hold', 'entered-in-error', 'unknown'].includes(v)) return [];
    throw fhirError(400, 'invalid', `status: "${v}" is not a ServiceRequest status.`, 'status');
  })).reduce((a, b) => a.filter((s) => b.includes(s)));
}

/** Pages through a list service (at most 100 a call) up to a cap. */
async function collect<T>(fetch: (limit: number, offset: number) => Promise<{ items: T[]; total: number }>, cap: number): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < cap; offset += 100) {
    const page = await fetch(100, offset);
    out.push(...page.items);
    if (out.length >= page.total || page.items.length < 100) return out;
  }
  throw fhirError(400, 'too-costly', `More than ${cap} records match: narrow the search (patient, status).`);
}

const LOOK_AT = 2000;

async function searchReferrals(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.ServiceRequest>> {
  const statuses = referralStatusFilter(request);
  const patients = [...referenceIds(request, 'patient', ['Patient']), ...referenceIds(request, 'subject', ['Patient'])];
  if (statuses?.length === 0 || patients.some((alts) => alts.every((id) => id === null))) return { total: 0, resources: [] };
  const patientId = patients[0]?.length === 1 ? patients[0][0]! : undefined;
  const query: ReferralQuery = {
    ...(patientId && { patientId }),
    ...(statuses?.length === 1 && { status: statuses[0] }),
  };
  const all = await collect((limit, offset) => listReferrals(ctx.platform, ctx.actor, { ...query, limit, offset }), LOOK_AT);
  const matches = all.filter((r) => idMatches(request, r.id) && (!statuses || statuses.includes(r.status))
    && patients.every((alts) => alts.includes(r.patientId))).map(toServiceRequest);
  return { total: matches.length, resources: matches.slice(request.offset, request.offset + request.count) };
}

export const serviceRequestKind: ResourceKind<fhir4.ServiceRequest> = {
  type: 'ServiceRequest', permission: 'referrals:read',
  documentation: 'Referrals (specialty, external, test). Careloop\'s step is in the referral-status extension: sent, scheduled, completed → active; result_received → completed; declined, cancelled → revoked.',
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'subject', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'status', type: 'token', documentation: 'active | completed | revoked' },
  ],
  read: async (ctx, id) => { const r = await orNull(getReferral(ctx.platform, ctx.actor, id)); return r && toServiceRequest(r); },
  search: searchReferrals,
  patientIds: (r) => (r.subject.reference ? [r.subject.reference.slice('Patient/'.length)] : []),
};

// Follow-up tasks → Task

const TASK_STATUS: Record<Task['status'], fhir4.Task['status']> = { open: 'requested', done: 'completed', cancelled: 'cancelled' };
const TASK_PRIORITY: Record<Task['priority'], fhir4.Task['priority']> = { low: 'routine', normal: 'routine', high: 'urgent', urgent: 'asap' };
const FHIR_TO_TASK: Record<string, Task['status']> = { requested: 'open', completed: 'done', cancelled: 'cancelled' };

export function toTask(t: Task): fhir4.Task {
  return compact<fhir4.Task>({
    resourceType: 'Task', id: t.id, meta: { lastUpdated: t.updatedAt },
    status: TASK_STATUS[t.status], intent: 'order', priority: TASK_PRIORITY[t.priority],
    code: { coding: [{ system: `${CARELOOP_SYSTEM}/task-kind`, code: t.kind, display: KIND_LABELS[t.kind] }], text: KIND_LABELS[t.kind] },
    description: t.title,
    for: t.patientId ? ref('Patient', t.patientId, t.patient?.name) : undefined,
    authoredOn: t.createdAt, lastModified: t.updatedAt,
    executionPeriod: t.completedAt ? { end: t.completedAt } : undefined,
    restriction: { period: { end: t.dueAt } },
    requester: { display: t.createdBy },
    owner: t.ownerId ? { identifier: { system: STAFF_SYSTEM, value: t.ownerId }, display: t.ownerName ?? undefined } : undefined,
    note: t.details ? [{ text: t.details }] : undefined,
    output: t.outcome ? [{ type: { text: 'outcome' }, valueString: t.outcome }] : undefined,
  });
}

async function searchTasks(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.Task>> {
  const statusOccurrences = paramValues(request, 'status').map((alts) => alts.map((v) => {
    if (FHIR_TO_TASK[v]) return FHIR_TO_TASK[v]!;
    throw fhirError(400, 'invalid', `status: Careloop's tasks are requested (open), completed or cancelled, not "${v}".`, 'status');
  }));
  const statuses = (['open', 'done', 'cancelled'] as const).filter((s) => statusOccurrences.every((alts) => alts.includes(s)));
  const patients = [...referenceIds(request, 'patient', ['Patient']), ...referenceIds(request, 'for', ['Patient'])];
  if (patients.some((alts) => alts.every((id) => id === null))) return { total: 0, resources: [] };
  const patientId = patients[0]?.length === 1 ? patients[0][0]! : undefined;
  const owners = paramValues(request, 'owner').map((alts) => alts.map((v) => v.split('/').pop() ?? tokenOf(v).code));
  const ownerId = owners[0]?.length === 1 ? owners[0][0] : undefined;
  const all: Task[] = [];
  for (const status of statuses) {
    all.push(...await collect((limit, offset) => listTasks(ctx.platform, ctx.actor, { status, ...(patientId && { patientId }), ...(ownerId && /^[0-9a-f-]{36}$/i.test(ownerId) && { ownerId }), limit, offset }), LOOK_AT));
  }
  const matches = all.filter((t) => idMatches(request, t.id)
    && patients.every((alts) => alts.includes(t.patientId))
    && owners.every((alts) => alts.includes(t.ownerId ?? '')))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id)).map(toTask);
  return { total: matches.length, resources: matches.slice(request.offset, request.offset + request.count) };
}

export const taskKind: ResourceKind<fhir4.Task> = {
  type: 'Task', permission: 'tasks:read',
  documentation: 'Follow-up work for staff (callbacks, post-visit calls, ...): open → requested, done → completed, cancelled. The owner is a staff member (identifier in the staff system). By due time.',
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'for', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'status', type: 'token', documentation: 'requested | completed | cancelled' },
    { name: 'owner', type: 'reference', documentation: 'The owning staff member\'s id' },
  ],
  read: async (ctx, id) => { const t = await orNull(getTask(ctx.platform, ctx.actor, id)); return t && toTask(t); },
  search: searchTasks,
  patientIds: (t) => (t.for?.reference ? [t.for.reference.slice('Patient/'.length)] : []),
};
