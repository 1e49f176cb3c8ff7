import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getConversation, listConversations, receiveMessage } from '../inbox/service.js';
import { sendReply, startConversation } from '../inbox/reply.js';
import { getPatient } from '../patients/service.js';
import type { Patient } from '../patients/schemas.js';
import { fhirError } from './outcome.js';
import { renamingFields } from './write-errors.js';
import type { CommunicationInput } from './write-input.js';
import { referencedId, referencedType, resolving } from './write-references.js';

const PATHS: [RegExp, string][] = [[/^body/, 'Communication.payload'], [/^channel/, 'Communication.medium']];

/** The text of the message: every contentString, in order. */
function bodyOf(resource: CommunicationInput): string {
  const payload = resource.payload ?? [];
  const other = payload.findIndex((p) => p.contentString === undefined);
  if (other >= 0) throw fhirError(422, 'not-supported', 'Communication.payload: Careloop sends and files text (contentString), not attachments or references.', `Communication.payload[${other}]`);
  const body = payload.map((p) => p.contentString!.trim()).filter(Boolean).join('\n\n');
  if (!body) throw fhirError(400, 'required', 'Communication.payload must carry the message as contentString.', 'Communication.payload');
  return body;
}

/** The channel a message to the patient goes by: the medium asked for (v3 ParticipationMode), else the patient's preference. */
function channelFor(resource: CommunicationInput, patient: Patient): 'sms' | 'email' {
  const codes = (resource.medium ?? []).flatMap((m) => m.coding ?? []).map((c) => c.code?.toUpperCase());
  if (codes.includes('EMAILWRIT')) return 'email';
  if (codes.includes('SMSWRIT')) return 'sms';
  if (codes.length) throw fhirError(422, 'not-supported', 'Communication.medium: Careloop writes to patients by SMS (SMSWRIT) or e-mail (EMAILWRIT).', 'Communication.medium');
  if (patient.preferredChannel === 'email') return 'email';
  return patient.contactPoints.some((cp) => cp.kind === 'phone') ? 'sms' : 'email';
}

function patientIn(references: { reference?: string | undefined }[], expression: string): string | undefined {
  const index = references.findIndex((r) => referencedType(r.reference) === 'Patient');
  return index < 0 ? undefined : referencedId(references[index]!.reference, 'Patient', `${expression}[${index}]`);
}

/**
 * A message as a FHIR Communication. From the patient (sender is the Patient): filed in the inbox
 * as the patient's message on the patient-page channel, like an answer through their link (it
 * opens or reopens the thread and starts the response clock); an identifier makes a retry one
 * message. To the patient (a Patient among the recipients): sent like a staff reply, through the
 * outbox with its consent checks, in the patient's conversation that is still open, else in a new
 * one on the medium asked for. Returns the message's id.
 */
export async function recordCommunication(platform: Platform, actor: Actor, resource: CommunicationInput): Promise<string> {
  if (resource.status !== 'completed' && resource.status !== 'in-progress') {
    throw fhirError(422, 'business-rule', `Communication.status: Careloop records messages sent or being sent (completed, in-progress), not "${resource.status}".`, 'Communication.status');
  }
  const body = bodyOf(resource);
  const fromPatient = referencedType(resource.sender?.reference) === 'Patient' ? referencedId(resource.sender?.reference, 'Patient', 'Communication.sender') : undefined;
  const toPatient = patientIn(resource.recipient ?? [], 'Communication.recipient');
  const patientId = fromPatient ?? toPatient;
  if (!patientId) throw fhirError(422, 'business-rule', 'Communication: Careloop records messages from a patient (sender) or to a patient (recipient).', 'Communication.recipient');
  if (fromPatient && toPatient) throw fhirError(422, 'business-rule', 'Communication: a message between two patients is not something Careloop sends or files.', 'Communication.recipient');
  const subject = resource.subject && referencedId(resource.subject.reference, 'Patient', 'Communication.subject');
  if (subject && subject !== patientId) throw fhirError(422, 'invalid', 'Communication.subject is not the patient who sends or receives the message.', 'Communication.subject');
  const patient = await resolving(fromPatient ? 'Communication.sender' : 'Communication.recipient', () => getPatient(platform, actor, patientId));

  if (fromPatient) {
    const identifier = resource.identifier?.find((i) => i.value);
    const received = await receiveMessage(platform, {
      organizationId: actor.organizationId, channel: 'portal', endpoint: null, fromAddress: null,
      fromName: `${patient.givenName} ${patient.familyName}`, patientId: patient.id, threading: 'per-sender', body,
      ...(resource.topic?.text && { subject: resource.topic.text }),
      // The client's own id for the message: sending it again is recognised, not stored twice.
      ...(identifier && { externalId: `fhir:${identifier.system ?? ''}|${identifier.value}` }),
    });
    return received.message.id;
  }

  const { items } = await listConversations(platform, actor, { patientId: patient.id, status: 'all', sort: 'recent', limit: 10 });
  const current = items.find((c) => c.status !== 'resolved' && c.status !== 'merged' && c.channel !== 'chat');
  const medium = channelFor(resource, patient);
  if (current) {
    const sent = await renamingFields(PATHS, () => sendReply(platform, actor, current.id, { body, ...(resource.medium?.length && { channel: medium }) }));
    return sent.id;
  }
  const conversation = await renamingFields(PATHS, () => startConversation(platform, actor, {
    patientId: patient.id, channel: medium, body, ...(resource.topic?.text && { subject: resource.topic.text.slice(0, 300) }),
  }));
  const detail = await getConversation(platform, actor, conversation.id);
  const sent = detail.messages.findLast((m) => m.direction === 'out');
  if (!sent) throw new Error('a conversation was started without its first message');
  return sent.id;
}
