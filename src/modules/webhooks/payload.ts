import type { DomainEvent } from '../../platform/events.js';

/**
 * What an event looks like on the wire: the envelope with an event id and the delivery id. Payloads
 * carry ids, statuses and times, not patient text: the free-text fields events carry for the
 * timeline (`summary` quotes messages and names, `body`, `subject`, notes, reasons) are left out,
 * unless the endpoint opted in to message text (then `summary`, `body` and `subject` stay).
 * A patient acting through a link is named "Patient", not by name.
 */
// Contact details count as patient text: patient.consent_changed names the phone number or e-mail address in `value`.
const FREE_TEXT = ['summary', 'body', 'subject', 'preview', 'text', 'note', 'notes', 'comment', 'comments', 'description', 'reason', 'answers', 'call', 'email', 'title', 'outcomes',
  'value', 'phone', 'address'];
const MESSAGE_TEXT = new Set(['summary', 'body', 'subject']);

export interface WirePayload {
  id: string;
  deliveryId: string;
  type: string;
  version: number;
  organizationId: string;
  patientId: string | null;
  actor: { type: string; id: string | null; label: string };
  at: string;
  data: Record<string, unknown>;
}

export function publicData(data: Record<string, unknown>, includeMessageText: boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !FREE_TEXT.includes(key) || (includeMessageText && MESSAGE_TEXT.has(key))));
}

const STAFF_ACTORS = new Set(['user', 'token', 'system', 'automation']);

export function wirePayload(event: DomainEvent, ids: { eventId: string; deliveryId: string }, includeMessageText: boolean): WirePayload {
  return {
    id: ids.eventId, deliveryId: ids.deliveryId, type: event.type, version: event.version, organizationId: event.organizationId,
    patientId: event.patientId ?? null,
    actor: STAFF_ACTORS.has(event.actor.type) ? event.actor : { type: event.actor.type, id: event.actor.id, label: 'Patient' },
    at: event.at, data: publicData(event.data, includeMessageText),
  };
}
