import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { patientRefs } from '../patients/service.js';
import { cancelAppointment } from '../scheduling/service.js';
import { decideAudience } from './audience.js';
import { presentBroadcast, presentRecipient, presentSummary, statsOf } from './present.js';
import type {
  Broadcast, BroadcastChanges, BroadcastChannel, BroadcastQuery, CancelAppointmentsBody, NewBroadcast, Preview, PreviewBody, ProgressEvent, RecipientQuery, Segment,
} from './schemas.js';
import { checkSegment, resolveSegment } from './segments.js';
import * as store from './store.js';
import type { BroadcastRow } from './store.js';

export const SEND_JOB = 'broadcast.send';
export type SendJob = { broadcastId: string };
const DEFAULT_THROTTLE = { smsPerMinute: 600, emailPerMinute: 1200 };
const SAMPLE = 5;
/** A visit cancellation run that has not reported for this long has stopped (a crash): it may be run again. */
const CANCELLING_STALE_SECONDS = 60;

type EventActor = Pick<Actor, 'type' | 'id' | 'label'>;

/** A broadcast event in the one envelope. No patientId: a broadcast is about many patients, not one timeline. */
export async function publishBroadcastEvent(platform: Platform, actor: EventActor, type: string, row: BroadcastRow, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: row.organization_id, actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { summary, broadcastId: row.id, title: row.title, purpose: row.purpose, status: row.status, ...data },
  });
}

/** The live statistics (`broadcast.progress`), for the staff consoles following the broadcast. */
export async function publishProgress(platform: Platform, organizationId: string, broadcastId: string) {
  const row = await store.findBroadcast(platform.db, organizationId, broadcastId);
  if (!row) return;
  const data: ProgressEvent = { broadcastId, status: row.status, ...statsOf(await store.recipientCounts(platform.db, [broadcastId])) };
  await platform.events.publish({
    type: 'broadcast.progress', version: 1, organizationId, actor: { type: 'system', id: null, label: 'Careloop' }, at: new Date().toISOString(), data,
  });
}

interface Message { smsBody: string | null; emailSubject: string | null; emailBody: string | null }

/** The message per channel, trimmed: at least one channel, and an e-mail has both a subject and a body. */
function cleanMessage(input: { smsBody?: string | null | undefined; emailSubject?: string | null | undefined; emailBody?: string | null | undefined }): Message {
  const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  const message = { smsBody: text(input.smsBody), emailSubject: text(input.emailSubject), emailBody: text(input.emailBody) };
  if (message.emailBody && !message.emailSubject) throw invalid('emailSubject', 'is required with an e-mail body');
  if (message.emailSubject && !message.emailBody) throw invalid('emailBody', 'is required with an e-mail subject (or leave the subject out)');
  if (!message.smsBody && !message.emailBody) {
    const fields = [{ field: 'smsBody', message: 'is empty' }, { field: 'emailBody', message: 'is empty' }];
    throw new AppError(400, 'empty_message', 'The message is empty: write the text message, the e-mail, or both.', { fields });
  }
  return message;
}

const channelsOf = (message: Message): Set<BroadcastChannel> =>
  new Set<BroadcastChannel>([...(message.smsBody ? ['sms' as const] : []), ...(message.emailBody ? ['email' as const] : [])]);

async function load(platform: Platform, actor: Actor, id: string) {
  const row = await store.findBroadcast(platform.db, actor.organizationId, id);
  if (!row) throw notFound('broadcast', id);
  return row;
}

async function present(platform: Platform, row: BroadcastRow): Promise<Broadcast> {
  return presentBroadcast(row, await store.recipientCounts(platform.db, [row.id]));
}

/** Who would get the message, per channel, who would not and why, and the first few by name. Nothing is written. */
export async function previewBroadcast(platform: Platform, actor: Actor, input: PreviewBody): Promise<Preview> {
  const segment = await resolveSegment(platform, actor, input.segment);
  const channels = new Set<BroadcastChannel>(input.channels ?? ['sms', 'email']);
  const audience = await decideAudience(platform, actor.organizationId, segment.members, input.purpose, channels);
  const sample = audience.entries.flatMap(({ patient, choice }) => ('skip' in choice ? [] : [{ patientId: patient.id, name: patient.name, channel: choice.channel }])).slice(0, SAMPLE);
  return { total: audience.reachable, segmentSize: audience.entries.length, byChannel: audience.byChannel, excluded: audience.excluded, sample };
}

export async function createBroadcast(platform: Platform, actor: Actor, input: NewBroadcast): Promise<Broadcast> {
  const message = cleanMessage(input);
  const { label } = await checkSegment(platform, actor, input.segment);
  const throttle = input.throttle ?? DEFAULT_THROTTLE;
  const row = await store.insertBroadcast(platform.db, {
    organization_id: actor.organizationId, title: input.title.trim(), purpose: input.purpose, segment: JSON.stringify(input.segment), segment_label: label,
    sms_body: message.smsBody, email_subject: message.emailSubject, email_body: message.emailBody,
    sms_per_minute: throttle.smsPerMinute, email_per_minute: throttle.emailPerMinute,
    created_by: actor.type === 'user' ? actor.id : null, created_by_name: actor.label,
  });
  await publishBroadcastEvent(platform, actor, 'broadcast.created', row, `Broadcast "${row.title}" drafted`);
  return present(platform, row);
}

/** Edits a draft; once sending has started nothing changes (409 broadcast_not_draft). */
export async function updateBroadcast(platform: Platform, actor: Actor, id: string, changes: BroadcastChanges): Promise<Broadcast> {
  const current = await load(platform, actor, id);
  if (current.status !== 'draft') throw notDraft(current);
  const message = cleanMessage({
    smsBody: changes.smsBody !== undefined ? changes.smsBody : current.sms_body,
    emailSubject: changes.emailSubject !== undefined ? changes.emailSubject : current.email_subject,
    emailBody: changes.emailBody !== undefined ? changes.emailBody : current.email_body,
  });
  const segment = changes.segment ? await checkSegment(platform, actor, changes.segment) : null;
  const row = await platform.db.transaction().execute(async (trx) => {
    const locked = await store.lockBroadcast(trx, actor.organizationId, id);
    if (!locked) throw notFound('broadcast', id);
    if (locked.status !== 'draft') throw notDraft(locked);
    return store.updateBroadcast(trx, actor.organizationId, id, {
      ...(changes.title && { title: changes.title.trim() }), ...(changes.purpose && { purpose: changes.purpose }),
      ...(changes.segment && segment && { segment: JSON.stringify(changes.segment), segment_label: segment.label }),
      sms_body: message.smsBody, email_subject: message.emailSubject, email_body: message.emailBody,
      ...(changes.throttle && { sms_per_minute: changes.throttle.smsPerMinute, email_per_minute: changes.throttle.emailPerMinute }),
    });
  });
  return present(platform, row);
}

const notDraft = (row: BroadcastRow) => conflict('broadcast_not_draft', `This broadcast is ${row.status}: only a draft can be edited or sent.`, { status: row.status });

export const getBroadcast = async (platform: Platform, actor: Actor, id: string) => present(platform, await load(platform, actor, id));

export async function listBroadcasts(platform: Platform, actor: Actor, query: BroadcastQuery) {
  const { rows, total } = await store.listBroadcasts(platform.db, actor.organizationId, { status: query.status, limit: query.limit ?? 25, offset: query.offset ?? 0 });
  const counts = await store.recipientCounts(platform.db, rows.map((row) => row.id));
  return { items: rows.map((row) => presentSummary(row, counts.filter((count) => count.broadcast_id === row.id))), total };
}

export async function listRecipients(platform: Platform, actor: Actor, id: string, query: RecipientQuery) {
  await load(platform, actor, id);
  const { rows, total } = await store.listRecipients(platform.db, actor.organizationId, id, {
    status: query.status, channel: query.channel, replied: query.replied, limit: query.limit ?? 25, offset: query.offset ?? 0,
  });
  const refs = await patientRefs(platform, actor.organizationId, rows.map((row) => row.patient_id));
  return { items: rows.map((row) => presentRecipient(row, refs.get(row.patient_id))), total };
}

/**
 * Starts sending: the segment is read now, each patient's channel decided (or the reason they are
 * skipped), and one recipient row per patient written with the broadcast's new status, in one
 * transaction. The throttled sender then works through the rows (a job; or `senderId`, a caller
 * that runs the sender itself and so holds the lease from the start). A second send is 409.
 */
export async function startBroadcast(platform: Platform, actor: Actor, id: string, options: { senderId?: string; leaseSeconds?: number } = {}): Promise<Broadcast> {
  const draft = await load(platform, actor, id);
  if (draft.status !== 'draft') throw notDraft(draft);
  const segment = await resolveSegment(platform, actor, draft.segment as Segment);
  if (segment.members.length === 0) {
    throw conflict('empty_segment', `No patient is in this segment (${segment.label}): there is nobody to send to. Choose other dates, another location or tag.`);
  }
  const channels = channelsOf({ smsBody: draft.sms_body, emailSubject: draft.email_subject, emailBody: draft.email_body });
  const audience = await decideAudience(platform, actor.organizationId, segment.members, draft.purpose, channels);
  if (audience.reachable === 0) {
    const reasons = Object.entries(audience.excluded).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${REASON_WORDS[reason as keyof typeof REASON_WORDS]}`);
    throw conflict('no_recipients', `None of the ${audience.entries.length} patients of this segment can receive a ${draft.purpose.replace('_', ' ')} message: ${reasons.join(', ')}.`, { excluded: audience.excluded });
  }
  const row = await platform.db.transaction().execute(async (trx) => {
    const locked = await store.lockBroadcast(trx, actor.organizationId, id);
    if (!locked) throw notFound('broadcast', id);
    if (locked.status !== 'draft') throw notDraft(locked);
    // The audience was decided from the draft as read above: an edit since then would send the new words to the old audience.
    if (locked.updated_at.getTime() !== draft.updated_at.getTime()) {
      throw conflict('broadcast_changed', 'This draft was changed while it was being sent: nothing went out. Look at it again and send it.');
    }
    await store.insertRecipients(trx, audience.entries.map(({ member, firstName, choice }) => ({
      organization_id: actor.organizationId, broadcast_id: id, patient_id: member.patientId, appointment_ids: member.appointmentIds,
      first_name: firstName, visit_at: member.visitAt,
      ...('skip' in choice ? { status: 'skipped' as const, skip_reason: choice.skip } : { status: 'pending' as const, channel: choice.channel, address: choice.address }),
    })));
    return store.updateBroadcast(trx, actor.organizationId, id, {
      status: 'sending', excluded: JSON.stringify(audience.excluded), started_at: new Date(),
      started_by: actor.type === 'user' ? actor.id : null, started_by_name: actor.label,
      ...(options.senderId && { lease_owner: options.senderId, lease_until: new Date(Date.now() + (options.leaseSeconds ?? 15) * 1000) }),
    });
  });
  if (!options.senderId) await platform.jobs.send<SendJob>(SEND_JOB, { broadcastId: id }, { singletonKey: id });
  await publishBroadcastEvent(platform, actor, 'broadcast.started', row, `Broadcast "${row.title}" started to ${audience.reachable} patients`, {
    recipients: audience.reachable, byChannel: audience.byChannel, excluded: audience.excluded,
  });
  await publishProgress(platform, actor.organizationId, id);
  return present(platform, row);
}

const REASON_WORDS = {
  noConsent: 'without the consent this purpose needs', optedOut: 'reachable only at numbers that texted STOP',
  noContact: 'without a phone or e-mail for the message', doNotContact: 'who asked not to be contacted',
} as const;

/** Stops a broadcast: a draft is dropped, a send stops at once (what the outbox already has still goes). */
export async function cancelBroadcast(platform: Platform, actor: Actor, id: string): Promise<Broadcast> {
  const row = await platform.db.transaction().execute(async (trx) => {
    const locked = await store.lockBroadcast(trx, actor.organizationId, id);
    if (!locked) throw notFound('broadcast', id);
    if (locked.status === 'sent' || locked.status === 'cancelled') {
      throw conflict('broadcast_finished', `This broadcast is already ${locked.status}: there is nothing left to stop.`, { status: locked.status });
    }
    await store.cancelPending(trx, id);
    return store.updateBroadcast(trx, actor.organizationId, id, { status: 'cancelled', cancelled_at: new Date(), lease_owner: null, lease_until: null });
  });
  await publishBroadcastEvent(platform, actor, 'broadcast.cancelled', row, `Broadcast "${row.title}" cancelled by ${actor.label}`);
  await publishProgress(platform, actor.organizationId, id);
  return present(platform, row);
}

/**
 * Cancels the visits an appointment broadcast was about (a closure), each through scheduling's
 * cancelAppointment: the patient is told, the reminders stop, and the waitlist is offered the time.
 * Once per broadcast; a visit already cancelled or closed is counted, not an error.
 */
export async function cancelBroadcastAppointments(platform: Platform, actor: Actor, id: string, input: CancelAppointmentsBody) {
  const row = await load(platform, actor, id);
  if ((row.segment as Segment).type !== 'appointments') {
    throw conflict('not_appointment_segment', 'Only a broadcast to the patients of some visits can cancel visits; this one is for patients by tag or everyone.');
  }
  if (row.status === 'draft') throw conflict('broadcast_not_sent', 'Send the broadcast first: the patients should hear why their visit is cancelled.');
  const claimed = await store.claimAppointmentCancellation(platform.db, actor.organizationId, id, CANCELLING_STALE_SECONDS);
  if (!claimed) {
    const current = await load(platform, actor, id);
    if (store.cancellationInProgress(current.appointments_cancelled)) {
      throw conflict('appointments_cancelling', 'The visits of this broadcast are being cancelled now; wait for that to finish.');
    }
    throw conflict('appointments_already_cancelled', 'The visits of this broadcast were cancelled already.');
  }
  let cancelled = 0;
  let alreadyClosed = 0;
  let failed = 0;
  const appointmentIds = await store.appointmentIdsOf(platform.db, actor.organizationId, id);
  for (const [i, appointmentId] of appointmentIds.entries()) {
    // A heartbeat: a run that stops (a crash, a restart) is seen as stopped and can be run again.
    if (i > 0 && i % 20 === 0) await store.claimAppointmentCancellation(platform.db, actor.organizationId, id, CANCELLING_STALE_SECONDS, true);
    try {
      await cancelAppointment(platform, actor, appointmentId, { reason: input.reason, ...(input.note && { note: input.note }) });
      cancelled++;
    } catch (error) {
      if (error instanceof AppError && (error.status === 409 || error.status === 404)) alreadyClosed++;
      else {
        failed++;
        platform.logger.error({ err: error, broadcastId: id, appointmentId }, 'a visit of a broadcast could not be cancelled');
      }
    }
  }
  // A run with failures may be run again: the visits it cancelled then count as already closed.
  const result = { at: new Date().toISOString(), byName: actor.label, reason: input.reason, cancelled, alreadyClosed, failed };
  const updated = await store.updateBroadcast(platform.db, actor.organizationId, id, { appointments_cancelled: JSON.stringify(result) });
  await publishBroadcastEvent(platform, actor, 'broadcast.appointments_cancelled', updated, `${cancelled} visits of broadcast "${row.title}" cancelled`, { cancelled, alreadyClosed, failed });
  return { cancelled, alreadyClosed, failed };
}
