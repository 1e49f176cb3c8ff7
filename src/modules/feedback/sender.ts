import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { dispatchMany, optedOutNumbers, queueOutbound, type OutboundMessage, type OutboxRow } from '../channels/service.js';
import { loadConversation } from '../inbox/service.js';
import { contactPreferences, patientRefs } from '../patients/service.js';
import { clinicIdentity, isConsentRefusal, recipientFor, type ClinicIdentity, type Recipient } from '../scheduling/notices.js';
import { getAppointment } from '../scheduling/service.js';
import { CARELOOP, publishSurveyEvent } from './survey-events.js';
import { SURVEY_LINK_DAYS, surveyLink } from './survey-links.js';
import { surveyEmail, surveySms, type SurveyFacts } from './templates.js';
import * as store from './store.js';
import type { Db, InvitationRow, SurveyRow } from './store.js';

/**
 * Sends due invitations. Each batch is one transaction that claims its rows (FOR UPDATE SKIP
 * LOCKED: parallel senders never take the same row), re-checks each one as it is now (patient
 * merged, visit cancelled or missed, throttle, consent and STOP), queues the message with the key
 * `survey:<invitation id>` (a batch re-run after a crash finds it queued instead of queueing a
 * second) and marks the row sent or skipped with the reason. Messages are dispatched and events
 * published after the commit.
 */
type Decision = { status: 'sent'; outbox: OutboxRow; channel: 'sms' | 'email'; patientId: string } | { status: 'skipped'; reason: string; patientId: string };

const DAY_MS = 86_400_000;
const VISIT_GONE: Record<string, string> = { cancelled: 'the visit was cancelled', no_show: 'the patient did not come to the visit' };

/** The record that survives a chain of merges (invitations follow it: the survey still goes to the person). */
async function survivingPatient(platform: Platform, organizationId: string, patientId: string): Promise<string | null> {
  let id = patientId;
  for (let hops = 0; hops < 5; hops++) {
    const ref = (await patientRefs(platform, organizationId, [id])).get(id);
    if (!ref) return null;
    if (ref.status !== 'merged') return id;
    if (!ref.replacedBy) return null;
    id = ref.replacedBy;
  }
  return null;
}

/** Why a patient with no recipient cannot be written to: a STOP, or no address with care consent at all. */
async function noRecipientReason(platform: Platform, organizationId: string, patientId: string) {
  const preferences = (await contactPreferences(platform, organizationId, [patientId])).get(patientId);
  const phones = preferences?.contactPoints.filter((point) => point.kind === 'phone').map((point) => point.value) ?? [];
  const stopped = await optedOutNumbers(platform, organizationId, phones);
  return stopped.size > 0 ? 'the patient opted out of texts (STOP)' : 'no phone or e-mail with consent to care messages';
}

const aboutOf = (invitation: InvitationRow): SurveyFacts['about'] =>
  invitation.source_type === 'appointment' ? 'visit' : invitation.source_type === 'conversation' ? 'conversation' : invitation.source_type === 'referral' ? 'referral' : 'care';

function surveyMessage(platform: Platform, invitation: InvitationRow, clinic: ClinicIdentity, recipient: Recipient, expiresAt: Date): OutboundMessage {
  const facts = { clinicName: clinic.name, patientName: recipient.name, about: aboutOf(invitation), link: surveyLink(platform, invitation, expiresAt) };
  const base = {
    organizationId: invitation.organization_id, purpose: 'survey', category: 'care' as const, channel: recipient.channel, recipient: recipient.address,
    sender: clinic.sender[recipient.channel], patientId: recipient.patientId, idempotencyKey: `survey:${invitation.id}`,
  };
  if (recipient.channel === 'sms') return { ...base, body: surveySms(recipient.language, facts) };
  return { ...base, ...surveyEmail(recipient.language, facts), email: { messageId: `<survey-${invitation.id}@${platform.config.mailDomain}>` } };
}

/** Decides one claimed invitation in the caller's transaction: queues its message, or says why not. */
async function decide(platform: Platform, invitation: InvitationRow, survey: SurveyRow | undefined, now: Date): Promise<Decision> {
  const skip = (reason: string, patientId = invitation.patient_id): Decision => ({ status: 'skipped', reason, patientId });
  if (!survey) return skip('the survey no longer exists');
  const automatic = invitation.source_type === 'appointment' || invitation.source_type === 'conversation' || invitation.source_type === 'referral';
  if (automatic && !survey.active) return skip('the survey was retired');
  const patientId = await survivingPatient(platform, invitation.organization_id, invitation.patient_id);
  if (!patientId) return skip('the patient record was merged and its survivor is not found');
  if (invitation.source_type === 'appointment' && invitation.source_id) {
    const visit = await getAppointment(platform, systemActor(invitation.organization_id), invitation.source_id).catch(() => null);
    const gone = visit ? VISIT_GONE[visit.status] : 'the visit no longer exists';
    if (gone) return skip(gone, patientId);
  }
  if (invitation.source_type === 'conversation' && invitation.source_id) {
    // Reopened since (the patient wrote again): asking how it went while it is still going on would read as careless.
    const conversation = await loadConversation(platform, systemActor(invitation.organization_id), invitation.source_id).catch(() => null);
    if (conversation?.status !== 'resolved') return skip(conversation ? 'the conversation was reopened' : 'the conversation no longer exists', patientId);
  }
  // A re-survey after a recovery call is the clinic's promise to the patient: the throttle does not hold it back.
  if (invitation.source_type !== 'recovery' && survey.throttle_days > 0
    && await store.surveyedSince(platform.db, invitation.organization_id, patientId, new Date(now.getTime() - survey.throttle_days * DAY_MS), invitation.id)) {
    return skip(`the patient got a survey in the last ${survey.throttle_days} days`, patientId);
  }
  const recipient = await recipientFor(platform, invitation.organization_id, patientId);
  if (!recipient) return skip(await noRecipientReason(platform, invitation.organization_id, patientId), patientId);
  const clinic = await clinicIdentity(platform, invitation.organization_id);
  const expiresAt = new Date(now.getTime() + SURVEY_LINK_DAYS * DAY_MS);
  try {
    const outbox = await queueOutbound(platform, surveyMessage(platform, { ...invitation, patient_id: patientId }, clinic, recipient, expiresAt));
    await store.updateInvitation(platform.db, invitation.id, {
      status: 'sent', sent_at: now, delivery_channel: recipient.channel, outbox_id: outbox.id, expires_at: expiresAt,
      channel: invitation.channel ?? recipient.channel, patient_id: patientId,
    });
    return { status: 'sent', outbox, channel: recipient.channel, patientId };
  } catch (error) {
    if (!isConsentRefusal(error)) throw error;
    return skip(error.code === 'opted_out' ? 'the patient opted out of texts (STOP)' : 'no phone or e-mail with consent to care messages', patientId);
  }
}

interface Decided { invitation: InvitationRow; surveyName: string; decision: Decision }

/** Decides claimed invitations in one transaction, then dispatches and announces what was decided. */
async function sendClaimed(platform: Platform, claim: (trx: Db) => Promise<InvitationRow[]>, now: Date): Promise<{ claimed: number; decided: Decided[] }> {
  const result = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    const claimed = await claim(trx);
    const decided: Decided[] = [];
    for (const invitation of claimed) {
      const survey = await store.findSurvey(trx, invitation.organization_id, invitation.survey_id);
      const decision = await decide(inTrx, invitation, survey, now);
      if (decision.status === 'skipped') await store.updateInvitation(trx, invitation.id, { status: 'skipped', skip_reason: decision.reason, patient_id: decision.patientId });
      decided.push({ invitation: { ...invitation, patient_id: decision.patientId }, surveyName: survey?.name ?? 'Survey', decision });
    }
    return { claimed: claimed.length, decided };
  });
  await dispatchMany(platform, result.decided.flatMap(({ decision }) => (decision.status === 'sent' ? [decision.outbox] : [])));
  for (const { invitation, surveyName, decision } of result.decided) await announce(platform, invitation, surveyName, decision);
  return result;
}

async function announce(platform: Platform, invitation: InvitationRow, surveyName: string, decision: Decision) {
  if (decision.status === 'sent') {
    const how = decision.channel === 'sms' ? 'by text' : 'by e-mail';
    await publishSurveyEvent(platform, CARELOOP, 'survey.sent', invitation, surveyName, `Sent the survey "${surveyName}" ${how}`, { channel: decision.channel, deliveryChannel: decision.channel });
  } else {
    await publishSurveyEvent(platform, CARELOOP, 'survey.skipped', invitation, surveyName, `Survey "${surveyName}" not sent: ${decision.reason}`, { reason: decision.reason });
  }
}

/** Sends every invitation due at `now`, batch after batch; returns how many were sent and skipped. */
export async function sendDueInvitations(platform: Platform, now = new Date(), batchSize = 100): Promise<{ sent: number; skipped: number }> {
  const totals = { sent: 0, skipped: 0 };
  for (;;) {
    const batch = await sendClaimed(platform, (trx) => store.claimDueInvitations(trx, now, batchSize), now);
    for (const { decision } of batch.decided) totals[decision.status] += 1;
    if (batch.claimed < batchSize) return totals;
  }
}

/** Sends one invitation now (a manual send, a re-survey), if it is still scheduled; returns it as it ends up. */
export async function sendInvitationNow(platform: Platform, organizationId: string, invitationId: string): Promise<InvitationRow> {
  await sendClaimed(platform, async (trx) => {
    const row = await store.lockInvitation(trx, organizationId, invitationId);
    return row && row.status === 'scheduled' ? [row] : [];
  }, new Date());
  return (await store.findInvitation(platform.db, organizationId, invitationId))!;
}
