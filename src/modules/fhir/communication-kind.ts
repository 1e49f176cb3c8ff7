import type * as fhir4 from 'fhir/r4.js';
import type { MessageStatus } from '../../db/schema-inbox.js';
import { searchPatientMessages } from '../inbox/service.js';
import type { MessageRow } from '../inbox/service.js';
import { patientAndMergedIds } from '../patients/service.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { referenceIds, wantedIds } from './list-search.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { orNull } from './setup-kinds.js';
import { dateWindow, type SearchRequest } from './search-params.js';

const STATUS: Record<MessageStatus, fhir4.Communication['status']> = {
  received: 'completed', scheduled: 'preparation', queued: 'in-progress', sent: 'completed', delivered: 'completed',
  failed: 'not-done', test: 'completed', cancelled: 'stopped',
};
const MODE: Record<string, { code: string; display: string }> = {
  sms: { code: 'WRITTEN', display: 'written' },
  email: { code: 'EMAILWRIT', display: 'email' },
  chat: { code: 'ONLINEWRIT', display: 'online written' },
  portal: { code: 'ONLINEWRIT', display: 'online written' },
  voice: { code: 'PHONE', display: 'telephone' },
};

export const CHANNEL_SYSTEM = `${CARELOOP_SYSTEM}/channel`;
export const CONVERSATION_SYSTEM = `${CARELOOP_SYSTEM}/conversation`;

export function toCommunication(m: MessageRow): fhir4.Communication {
  const patient = m.patient_id ? ref('Patient', m.patient_id) : undefined;
  const mode = MODE[m.channel] ?? { code: 'ELECTRONIC', display: 'electronic data' };
  const at = m.created_at.toISOString();
  const inbound = m.direction === 'in';
  return compact<fhir4.Communication>({
    resourceType: 'Communication', id: m.id, meta: { lastUpdated: at },
    // The conversation (inbox thread) the message belongs to.
    identifier: [{ system: CONVERSATION_SYSTEM, value: m.conversation_id }],
    status: STATUS[m.status],
    statusReason: m.status === 'failed' ? { text: 'Delivery failed' } : undefined,
    category: [{ coding: [{ system: `${CARELOOP_SYSTEM}/message-direction`, code: inbound ? 'inbound' : 'outbound' }], text: inbound ? 'From the patient' : 'To the patient' }],
    medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: mode.code, display: mode.display }, { system: CHANNEL_SYSTEM, code: m.channel }], text: m.channel }],
    subject: patient,
    topic: m.subject ? { text: m.subject } : undefined,
    sent: inbound ? undefined : (m.send_at ?? m.created_at).toISOString(),
    received: inbound ? at : undefined,
    sender: inbound ? (patient ?? (m.sender_address ? { display: m.sender_address } : undefined)) : { display: m.author_label },
    recipient: inbound ? undefined : patient ? [patient] : undefined,
    payload: m.body.trim() ? [{ contentString: m.body }] : undefined,
  });
}

async function search(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.Communication>> {
  const subjects = [...referenceIds(request, 'subject', ['Patient']), ...referenceIds(request, 'patient', ['Patient'])];
  let patientIds: string[] | undefined;
  for (const alts of subjects) {
    const expanded = (await Promise.all(alts.filter((id): id is string => !!id).map((id) => orNull(patientAndMergedIds(ctx.platform, ctx.actor, id))))).flat().filter((id): id is string => !!id);
    patientIds = patientIds ? patientIds.filter((id) => expanded.includes(id)) : expanded;
  }
  const ids = wantedIds(request);
  const window = dateWindow(request, 'sent');
  // A patient or id that names nothing in this clinic matches nothing (and an empty list must not reach the query).
  if (patientIds?.length === 0 || ids?.length === 0) return { total: 0, resources: [] };
  const page = await searchPatientMessages(ctx.platform, ctx.actor, {
    ids,
    patientIds, from: window?.from, until: window?.to,
  }, request.count, request.offset);
  return { total: page.total, resources: page.items.map(toCommunication) };
}

export const communicationKind: ResourceKind<fhir4.Communication> = {
  type: 'Communication', permission: 'inbox:read',
  documentation: 'Messages to and from patients on every channel (SMS, e-mail, chat, portal, calls); internal notes are not served. Newest first.',
  searchParams: [
    { name: 'subject', type: 'reference', documentation: 'Patient/<id> (records merged into it included)' },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'sent', type: 'date', documentation: 'When it was sent or received (eq, gt, lt, ge, le)' },
  ],
  async read(ctx, id) {
    const page = await searchPatientMessages(ctx.platform, ctx.actor, { ids: [id] }, 1, 0);
    return page.items[0] ? toCommunication(page.items[0]) : null;
  },
  search,
  patientIds: (c) => (c.subject?.reference ? [c.subject.reference.slice('Patient/'.length)] : []),
};
