import type { CallDetails } from '../../db/schema-inbox.js';
import { conflict, invalid } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import { createTask } from '../care/service.js';
import type { LoggedCall } from '../inbox/schemas.js';
import { receiveMessage, type Received } from '../inbox/service.js';
import { getPatient, patientRefs } from '../patients/service.js';
import { toE164 } from '../patients/phone.js';
import { firstEndpoint } from './service.js';
import { endpointFor, senderAddress } from './sms.js';

/** The fields of a provider's call status callback that Careloop reads. */
export interface CallStatusForm { CallSid: string; From: string; To: string; Direction: string; CallStatus: string; CallDuration?: string }

type Outcome = CallDetails['outcome'];
const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** A manual entry may say it happened up to this far ahead of the server's clock (a phone's clock runs fast), not more. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What became of a call: answered (completed with time on the line), missed (no answer, hung up
 * while ringing, or an inbound call completed with 0 s: the caller left before anyone picked up),
 * busy or failed. An outbound call the provider calls completed was picked up, however short.
 */
export function callOutcome(status: string, direction: CallDetails['direction'], durationSeconds: number): Outcome {
  if (status === 'busy') return 'busy';
  if (status === 'failed') return 'failed';
  if (status === 'no-answer' || status === 'canceled') return 'missed';
  return direction === 'inbound' && durationSeconds === 0 ? 'missed' : 'answered';
}

const duration = (seconds: number) => (seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`);

/** The thread's line for a call ("Missed call from +16175550101", "Call to +16175550101: answered, 3 min 5 s"). */
export function callLine(call: CallDetails): string {
  const who = call.direction === 'inbound' ? `from ${call.from}` : `to ${call.to}`;
  if (call.outcome === 'missed') return `Missed call ${who}`;
  return `Call ${who}: ${call.outcome}${call.outcome === 'answered' ? `, ${duration(call.durationSeconds)}` : ''}`;
}

/**
 * A provider's call status callback. Only final statuses are recorded: one call entry per CallSid
 * in the patient's phone thread; a missed inbound call opens one callback task. Retried callbacks
 * add nothing (the entry is idempotent on CallSid, the task on its source).
 */
export async function callStatusReported(platform: Platform, form: CallStatusForm) {
  const status = form.CallStatus.toLowerCase();
  if (!FINAL_STATUSES.has(status)) return { recorded: false };
  const direction: CallDetails['direction'] = /^outbound/i.test(form.Direction) ? 'outbound' : 'inbound';
  // The clinic's number is the one called (inbound) or calling (outbound); texts and calls usually share a number.
  const clinicNumber = direction === 'inbound' ? form.To : form.From;
  const patientNumber = senderAddress(direction === 'inbound' ? form.From : form.To);
  const endpoint = await endpointFor(platform, ['voice', 'sms'], clinicNumber);
  const seconds = Math.max(0, Number.parseInt(form.CallDuration ?? '0', 10) || 0);
  const call: CallDetails = {
    direction, from: direction === 'inbound' ? patientNumber : endpoint.address, to: direction === 'inbound' ? endpoint.address : patientNumber,
    durationSeconds: seconds, outcome: callOutcome(status, direction, seconds),
  };
  const received = await receiveMessage(platform, {
    organizationId: endpoint.organization_id, channel: 'voice', endpoint: endpoint.address, fromAddress: patientNumber,
    threading: 'per-sender', externalId: form.CallSid, kind: 'event', body: callLine(call), call, departmentId: endpoint.department_id,
  });
  // Also on a retry: a crash between the entry and the task must not lose the callback (the task is idempotent on the CallSid).
  const task = await openCallbackIfMissed(platform, systemActor(endpoint.organization_id, 'api', 'Phone system'), received.conversation, call, { type: 'call', id: form.CallSid });
  return { recorded: true, duplicate: received.duplicate, conversationId: received.conversation.id, taskId: task?.id ?? null };
}

/** A missed inbound call with a number to ring back (or a known patient) becomes a high-priority callback task. */
async function openCallbackIfMissed(platform: Platform, actor: Actor, conversation: Received['conversation'], call: CallDetails, source: { type: string; id: string }) {
  if (call.direction !== 'inbound' || call.outcome !== 'missed') return null;
  const number = call.from;
  const patientId = conversation.patient_id;
  if (!patientId && !toE164(number)) return null; // a withheld or unknown caller cannot be called back
  const name = patientId ? (await patientRefs(platform, actor.organizationId, [patientId])).get(patientId)?.name : conversation.contact_name;
  return createTask(platform, actor, {
    kind: 'callback', ...(patientId && { patientId }), title: `Call back ${name || number}`, priority: 'high', source,
    details: `Missed call from ${number} to ${call.to}.`,
  });
}

/** An agent logs a call by hand (a desk phone without webhooks): an entry in the patient's phone thread; a missed inbound call opens a callback task. */
export async function logCall(platform: Platform, actor: Actor, input: LoggedCall): Promise<Pick<Received, 'conversation' | 'message'> & { taskId: string | null }> {
  const phone = toE164(input.phone);
  if (!phone) throw invalid('phone', 'is not a valid phone number (write it with its country code, e.g. +1 617 555 0101)');
  const at = input.at ? new Date(input.at) : new Date();
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw invalid('at', 'cannot be in the future');
  if (input.patientId) {
    const patient = await getPatient(platform, actor, input.patientId);
    if (patient.status === 'merged') throw conflict('patient_merged', 'This record was merged into another; log the call on that one.', { replacedBy: patient.replacedBy });
  }
  const endpoint = (await firstEndpoint(platform, actor.organizationId, 'voice')) ?? (await firstEndpoint(platform, actor.organizationId, 'sms'));
  const clinic = endpoint?.address ?? 'clinic';
  const call: CallDetails = {
    direction: input.direction, from: input.direction === 'inbound' ? phone : clinic, to: input.direction === 'inbound' ? clinic : phone,
    durationSeconds: input.durationSeconds, outcome: input.outcome as CallDetails['outcome'],
    ...(input.notes?.trim() && { notes: input.notes.trim() }),
  };
  const { conversation, message } = await receiveMessage(platform, {
    organizationId: actor.organizationId, channel: 'voice', endpoint: endpoint?.address ?? null, fromAddress: phone,
    patientId: input.patientId ?? null, threading: 'per-sender', kind: 'event', call, receivedAt: at,
    body: `${callLine(call)} (logged by ${actor.label})`, departmentId: endpoint?.department_id ?? null,
  });
  const task = await openCallbackIfMissed(platform, actor, conversation, call, { type: 'call', id: message.id });
  return { conversation, message, taskId: task?.id ?? null };
}
