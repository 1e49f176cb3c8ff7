import { AppError, invalid } from '../../platform/errors.js';
import { verifyLink } from '../../platform/links.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor } from '../../platform/permissions.js';
import { findOrganization, listUsers } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { receiveMessage } from './receive.js';
import * as store from './store.js';
import type { ConversationRow, MessageRow } from './store.js';

/**
 * The patient's side of a thread, reached with the signed link of `threadLink` (no account).
 * A patient sees only what was said between them and the clinic: never internal notes, call logs,
 * replies still scheduled, staff ids or surnames, or any other conversation.
 */
export const MAX_PATIENT_MESSAGE = 5000;
export const PATIENT_ACTOR_LABEL = 'Patient (signed link)';

export interface PortalMessage {
  id: string;
  direction: 'in' | 'out';
  body: string;
  authorLabel: string;
  createdAt: string;
  attachments: string[];
}

export interface PortalThread {
  clinicName: string;
  conversation: { number: number; subject: string | null; status: string };
  messages: PortalMessage[];
}

const HIDDEN_STATUSES = new Set(['scheduled', 'cancelled']);
const notFoundForPatient = () =>
  new AppError(404, 'thread_not_found', 'We could not find this conversation. Please contact the clinic for a new link.');

/**
 * Staff are shown by first name only; replies from the clinic's automation, or sent through an
 * integration's API token rather than by a person, read "Clinic".
 */
function authorLabel(message: MessageRow, staffNames: Map<string, string>): string {
  if (message.direction === 'in') return 'You';
  const name = message.author_type === 'staff' && message.author_id ? staffNames.get(message.author_id) : undefined;
  return name?.trim().split(/\s+/)[0] || 'Clinic';
}

const visibleToPatient = (message: MessageRow): message is MessageRow & { direction: 'in' | 'out' } =>
  (message.direction === 'in' || message.direction === 'out') && !HIDDEN_STATUSES.has(message.status);

/** The conversation a link points at, following merges to the conversation that holds the thread now. */
async function linkedConversation(platform: Platform, token: string): Promise<ConversationRow & { linkedId: string }> {
  const link = verifyLink(platform.config.secretKey, token, 'thread');
  let conversation = await store.findConversation(platform.db, link.organizationId, link.subject);
  for (let hops = 0; conversation?.status === 'merged' && conversation.merged_into && hops < 5; hops++) {
    conversation = await store.findConversation(platform.db, link.organizationId, conversation.merged_into);
  }
  if (!conversation || conversation.status === 'merged') throw notFoundForPatient();
  return { ...conversation, linkedId: link.subject };
}

const patientActor = (organizationId: string) => systemActor(organizationId, 'web', PATIENT_ACTOR_LABEL);

/** What the patient sees of their thread; the read is audited with the patient as the actor. */
export async function readThread(platform: Platform, token: string): Promise<PortalThread> {
  const conversation = await linkedConversation(platform, token);
  const organizationId = conversation.organization_id;
  const messages = (await store.listMessages(platform.db, organizationId, conversation.id)).filter(visibleToPatient);
  const [organization, attachments, staff] = await Promise.all([
    findOrganization(platform, organizationId),
    store.listAttachments(platform.db, organizationId, messages.map((m) => m.id)),
    listUsers(platform, patientActor(organizationId)),
  ]);
  const staffNames = new Map(staff.map((user) => [user.id, user.display_name]));
  await platform.audit.record(patientActor(organizationId), [
    { action: 'read', entityType: 'conversation', entityId: conversation.id, patientId: conversation.patient_id, details: { via: 'thread_link' } },
  ]);
  return {
    clinicName: organization?.name ?? 'Your clinic',
    conversation: { number: conversation.number, subject: conversation.subject, status: conversation.status },
    messages: messages.map((message) => presentForPatient(message, authorLabel(message, staffNames), attachments.filter((a) => a.message_id === message.id).map((a) => a.file_name))),
  };
}

function presentForPatient(message: MessageRow & { direction: 'in' | 'out' }, author: string, attachments: string[]): PortalMessage {
  return {
    id: message.id, direction: message.direction, body: message.body, authorLabel: author,
    createdAt: message.created_at.toISOString(), attachments,
  };
}

/**
 * The patient answers in their thread: stored like any patient message (it reopens the conversation
 * and starts the response clock). `clientId` makes a double submit one message.
 */
export async function answerThread(platform: Platform, token: string, input: { body: string; clientId?: string | null }): Promise<PortalMessage> {
  const body = input.body.trim();
  if (!body) throw invalid('body', 'Please write a message before sending.');
  if (body.length > MAX_PATIENT_MESSAGE) throw invalid('body', `Please keep your message under ${MAX_PATIENT_MESSAGE} characters.`);
  const conversation = await linkedConversation(platform, token);
  const organizationId = conversation.organization_id;
  const patient = conversation.patient_id ? (await patientRefs(platform, organizationId, [conversation.patient_id])).get(conversation.patient_id) : undefined;
  const received = await receiveMessage(platform, {
    organizationId, channel: 'portal', endpoint: null, patientId: conversation.patient_id, conversationId: conversation.id,
    threading: 'per-sender', body, fromAddress: null, fromName: patient?.name ?? conversation.contact_name,
    // Scoped to the link's thread, so one patient's key can never find another thread's message.
    externalId: input.clientId ? `thread:${conversation.linkedId}:${input.clientId}` : null,
  });
  await platform.audit.record(patientActor(organizationId), [
    { action: 'reply', entityType: 'conversation', entityId: received.conversation.id, patientId: received.conversation.patient_id, details: { via: 'thread_link', duplicate: received.duplicate } },
  ]);
  return presentForPatient({ ...received.message, direction: 'in' }, 'You', []);
}
