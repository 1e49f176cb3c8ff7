import type * as fhir4 from 'fhir/r4.js';
import { searchAuditEntries } from '../audit/service.js';
import { patientAndMergedIds } from '../patients/service.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { referenceIds, wantedIds } from './list-search.js';
import { fhirError } from './outcome.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { orNull } from './setup-kinds.js';
import { dateWindow, paramValues, type SearchRequest } from './search-params.js';

type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** Careloop's audit actions by FHIR's five (create, read, update, delete, execute); anything else is execute. */
const ACTIONS: Record<Exclude<AuditAction, 'E'>, string[]> = {
  C: ['create', 'import', 'register', 'note', 'reply', 'log_call'],
  R: ['read', 'list', 'download', 'report_rows', 'report_export'],
  U: ['update', 'merge', 'move_message', 'link_patient', 'cancel_reply'],
  D: ['delete', 'remove'],
};
export function auditAction(action: string): AuditAction {
  for (const [code, actions] of Object.entries(ACTIONS)) if (actions.includes(action)) return code as AuditAction;
  return 'E'; // a search is a query: execute, as FHIR says
}

interface Entry {
  id: string | number; seq: number; at: Date; actor_type: string; actor_id: string | null; actor_label: string;
  action: string; entity_type: string; entity_id: string | null; patient_id: string | null; source: string;
}

export function toAuditEvent(e: Entry): fhir4.AuditEvent {
  const entities: fhir4.AuditEventEntity[] = [];
  if (e.patient_id) entities.push({ what: ref('Patient', e.patient_id), type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' } });
  if (e.entity_id !== e.patient_id || !e.patient_id) {
    entities.push(compact<fhir4.AuditEventEntity>({ what: e.entity_id ? { identifier: { system: `${CARELOOP_SYSTEM}/entity/${e.entity_type}`, value: e.entity_id } } : undefined, name: e.entity_type }));
  }
  return compact<fhir4.AuditEvent>({
    resourceType: 'AuditEvent', id: String(e.id), meta: { lastUpdated: e.at.toISOString() },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: `${CARELOOP_SYSTEM}/audit-action`, code: e.action }],
    action: auditAction(e.action),
    recorded: e.at.toISOString(),
    outcome: '0',
    agent: [compact<fhir4.AuditEventAgent>({
      type: { coding: [{ system: `${CARELOOP_SYSTEM}/actor-type`, code: e.actor_type }] },
      who: compact<fhir4.Reference>({ display: e.actor_label, identifier: e.actor_id ? { system: `${CARELOOP_SYSTEM}/${e.actor_type === 'token' ? 'api-token' : 'staff'}`, value: e.actor_id } : undefined }),
      requestor: true,
    })],
    source: { site: e.source, observer: { display: 'Careloop' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: entities,
  });
}

/** Audit entries are numbered (the log's own sequence key), not UUIDs. */
const isEntryId = (id: string) => /^[1-9]\d{0,17}$/.test(id);

async function search(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.AuditEvent>> {
  const window = dateWindow(request, 'date');
  const actions = paramValues(request, 'action').map((alts) => alts.map((v) => {
    if (!['C', 'R', 'U', 'D', 'E'].includes(v)) throw fhirError(400, 'invalid', `action must be C, R, U, D or E, got "${v}".`, 'action');
    return v;
  }));
  const wanted = (['C', 'R', 'U', 'D', 'E'] as const).filter((a) => actions.every((alts) => alts.includes(a)));
  // Execute is every action not named above: it is asked for as "not one of the others", so only C/R/U/D narrow in the query.
  if (wanted.includes('E') && wanted.length < 5) throw fhirError(400, 'not-supported', 'action=E cannot be combined with other actions in one search: search action=E alone.', 'action');
  const patients = [...referenceIds(request, 'patient', ['Patient']), ...referenceIds(request, 'entity', ['Patient'])];
  let patientIds: string[] | undefined;
  for (const alts of patients) {
    const expanded = (await Promise.all(alts.filter((id): id is string => !!id).map((id) => orNull(patientAndMergedIds(ctx.platform, ctx.actor, id))))).flat().filter((id): id is string => !!id);
    patientIds = patientIds ? patientIds.filter((id) => expanded.includes(id)) : expanded;
  }
  const ids = wantedIds(request, isEntryId);
  // A patient or id that names nothing in this clinic matches nothing (and an empty list must not reach the query).
  if (patientIds?.length === 0 || ids?.length === 0) return { total: 0, resources: [] };
  const named = wanted.length === 5 ? undefined : wanted.filter((a) => a !== 'E').flatMap((a) => ACTIONS[a as Exclude<AuditAction, 'E'>]);
  const onlyExecute = wanted.length === 1 && wanted[0] === 'E';
  const page = await searchAuditEntries(ctx.platform.db, ctx.actor, {
    ids,
    patientIds, from: window?.from, until: window?.to,
    ...(named && !onlyExecute && { actions: named }),
    ...(onlyExecute && { notActions: Object.values(ACTIONS).flat() }),
  }, request.count, request.offset);
  return { total: page.total, resources: page.items.map(toAuditEvent) };
}

export const auditEventKind: ResourceKind<fhir4.AuditEvent> = {
  type: 'AuditEvent', permission: 'audit:read',
  documentation: 'The hash-chained audit trail: who read or changed which patient\'s data. action C/R/U/D, and E for searches and other operations. Newest first.',
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id> (records merged into it included)' },
    { name: 'entity', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'date', type: 'date', documentation: 'When it was recorded (eq, gt, lt, ge, le)' },
    { name: 'action', type: 'token', documentation: 'C | R | U | D | E' },
  ],
  isId: isEntryId,
  async read(ctx: FhirContext, id: string) {
    const page = await searchAuditEntries(ctx.platform.db, ctx.actor, { ids: [id] }, 1, 0);
    return page.items[0] ? toAuditEvent(page.items[0]) : null;
  },
  search,
};
