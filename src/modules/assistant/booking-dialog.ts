import { DateTime } from 'luxon';
import type { AssistantIntent } from '../../db/schema-assistant.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { searchSlots } from '../scheduling/availability.js';
import { bookAppointment, cancelAppointment, changeAppointmentStatus, getAppointment, listAppointments, moveAppointment } from '../scheduling/service.js';
import { listServices } from '../scheduling/setup-service.js';
import { visitTime } from '../scheduling/templates.js';
import { endDialog, type Draft } from './dialog-state.js';
import { choiceNumber, yesOrNo } from './intents.js';
import { say } from './replies.js';
import { foldName, matchPatient, readIdentification } from './verification.js';

/**
 * Booking, moving, confirming and cancelling by conversation, always through the scheduling
 * module's service (so its rules hold: no double booking, minimum notice, the online switch).
 * The patient is verified first: full name and date of birth matching exactly one record (three
 * tries), or the signed link the conversation came through.
 */
export interface DialogTurn {
  platform: Platform;
  organizationId: string;
  text: string;
  draft: Draft;
  /** Acts as the patient: what they do here is audited with them as the actor. */
  patientActor: Actor;
  reply(body: string): Promise<void>;
  handOff(reason: string): Promise<void>;
  /** A message that did not fit the step: the second one in a row hands the conversation off. */
  failed(nudge: string): Promise<void>;
}

const MAX_VERIFY_ATTEMPTS = 3;

/** What the patient did through the assistant is written to the audit trail with the patient as the actor (no HTTP hook sees it). */
const audit = (turn: DialogTurn, action: string, entityType: string, entityId: string) => turn.platform.audit.record(turn.patientActor, [
  { action, entityType, entityId, patientId: turn.draft.patientId, details: { via: 'assistant' } },
]);
const TIMES_OFFERED = 5;
const SEARCH_DAYS = 60;

/** Starts a dialog for an appointment intent (a new intent replaces one in progress). */
export async function startIntent(turn: DialogTurn, intent: AssistantIntent) {
  const { draft } = turn;
  Object.assign(draft, { intent, offered: [], appointmentId: null, appointmentLabel: null, serviceId: null, serviceName: null, chosenLabel: null, failedAnswers: 0 });
  if (!draft.patientId) {
    draft.step = 'verifying';
    await turn.reply(say.askIdentity(draft.language, intent));
    return;
  }
  await proceed(turn);
}

/** The patient's answer to the question the assistant asked last; false when this step does not take it (a new request, a question). */
export async function continueDialog(turn: DialogTurn): Promise<boolean> {
  const { draft } = turn;
  if (draft.step === 'verifying') return verify(turn);
  if (draft.step === 'choosing_service') {
    const services = await onlineServices(turn);
    const picked = pickService(services, turn.text) ?? services[(choiceNumber(turn.text) ?? 0) - 1];
    if (!picked) {
      await turn.failed(say.pickNumber(draft.language, services.length));
      return true;
    }
    Object.assign(draft, { serviceId: picked.id, serviceName: picked.name, failedAnswers: 0 });
    await offerTimes(turn);
    return true;
  }
  if (draft.step === 'choosing_slot') {
    const number = choiceNumber(turn.text);
    const slot = number ? draft.offered[number - 1] : undefined;
    if (!slot) {
      if (number === null && yesOrNo(turn.text) === null) return false;
      await turn.failed(say.pickNumber(draft.language, draft.offered.length));
      return true;
    }
    await takeTime(turn, slot);
    return true;
  }
  if (draft.step === 'confirming_change') {
    const answer = yesOrNo(turn.text);
    if (!answer) {
      await turn.failed(say.yesOrNo(draft.language));
      return true;
    }
    if (answer === 'no') {
      await turn.reply(say.kept(draft.language));
      endDialog(draft);
      return true;
    }
    await cancelVisit(turn);
    return true;
  }
  return false;
}

async function verify(turn: DialogTurn): Promise<boolean> {
  const { draft } = turn;
  const who = readIdentification(turn.text, draft.language);
  const patientId = who ? await matchPatient(turn.platform, turn.patientActor, who) : null;
  if (!patientId) {
    draft.verifyAttempts += 1;
    if (draft.verifyAttempts >= MAX_VERIFY_ATTEMPTS) {
      await turn.handOff(`the patient could not be verified (${draft.verifyAttempts} tries)`);
      return true;
    }
    await turn.reply(say.identityRetry(draft.language));
    return true;
  }
  Object.assign(draft, { patientId, verifiedBy: 'name_and_birth_date', failedAnswers: 0 });
  await audit(turn, 'verify', 'patient', patientId);
  await proceed(turn, say.verified(draft.language, capitalised(who!.words[0]!)));
  return true;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The next step once the patient is known. */
async function proceed(turn: DialogTurn, lead?: string) {
  const { draft } = turn;
  const reply = (body: string) => turn.reply(lead ? `${lead} ${body}` : body);
  if (draft.intent === 'book') {
    const services = await onlineServices(turn);
    const picked = pickService(services, turn.text) ?? (services.length === 1 ? services[0] : undefined);
    if (services.length === 0) {
      await turn.handOff('no service can be booked online');
      return;
    }
    if (!picked) {
      draft.step = 'choosing_service';
      await reply(say.chooseService(draft.language, services.map((s) => s.name)));
      return;
    }
    Object.assign(draft, { serviceId: picked.id, serviceName: picked.name });
    await offerTimes(turn, lead);
    return;
  }
  const visit = await nextVisit(turn);
  if (!visit) {
    await reply(`${say.noUpcoming(draft.language)} ${say.anythingElse(draft.language)}`);
    endDialog(draft);
    return;
  }
  const when = visitTime(new Date(visit.startsAt), visit.timeZone, draft.language);
  Object.assign(draft, { appointmentId: visit.id, appointmentLabel: `${visit.serviceName}, ${visit.label}`, serviceId: visit.serviceId, serviceName: visit.serviceName });
  if (draft.intent === 'confirm') {
    if (visit.status === 'confirmed') {
      await reply(say.alreadyConfirmed(draft.language, visit.serviceName, when));
    } else {
      await changeAppointmentStatus(turn.platform, turn.patientActor, visit.id, 'confirmed');
      await audit(turn, 'confirm', 'appointment', visit.id);
      await reply(say.confirmed(draft.language, visit.serviceName, when));
    }
    endDialog(draft);
    return;
  }
  if (draft.intent === 'cancel') {
    draft.step = 'confirming_change';
    await reply(say.askCancel(draft.language, visit.serviceName, when));
    return;
  }
  await offerTimes(turn, lead);
}

type OnlineService = { id: string; name: string };

async function onlineServices(turn: DialogTurn): Promise<OnlineService[]> {
  const services = await listServices(turn.platform, turn.patientActor);
  return services.filter((s) => s.onlineBooking && !s.archived).map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** A service named in the message ("a flu shot"), when exactly one is. */
function pickService(services: OnlineService[], text: string): OnlineService | undefined {
  const folded = ` ${foldName(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const named = services.filter((s) => folded.includes(` ${foldName(s.name).replace(/[^a-z0-9]+/g, ' ').trim()} `));
  return named.length === 1 ? named[0] : undefined;
}

async function nextVisit(turn: DialogTurn) {
  const upcoming = await listAppointments(turn.platform, turn.patientActor, {
    patientId: turn.draft.patientId!, from: new Date().toISOString(), status: ['booked', 'confirmed'], limit: 20,
  });
  return upcoming.items.sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
}

/** Offers the next free times: of the service (booking), or of the visit's provider and place (moving it). */
async function offerTimes(turn: DialogTurn, lead?: string) {
  const { draft, platform, organizationId } = turn;
  const visit = draft.intent === 'reschedule' && draft.appointmentId ? await getAppointment(platform, turn.patientActor, draft.appointmentId) : null;
  const today = DateTime.now().setZone(visit?.timeZone ?? 'UTC').minus({ days: 1 }).toISODate()!;
  let found;
  try {
    found = await searchSlots(platform, organizationId, {
      serviceId: draft.serviceId!, from: today, to: DateTime.fromISO(today).plus({ days: SEARCH_DAYS }).toISODate()!, limit: TIMES_OFFERED,
      ...(visit && { providerId: visit.providerId, locationId: visit.locationId }),
    }, { online: true, ...(visit && { ignoreAppointmentId: visit.id }) });
  } catch (error) {
    // The service is no longer bookable online (switched off, archived).
    if (!(error instanceof AppError) || error.status !== 404) throw error;
    found = { items: [] };
  }
  const slots = found.items.filter((s) => Date.parse(s.startsAt) > Date.now()).slice(0, TIMES_OFFERED);
  if (slots.length === 0) {
    await turn.reply(`${lead ? `${lead} ` : ''}${say.noTimes(draft.language, draft.serviceName ?? '')}`);
    await turn.handOff(`no free time online for ${draft.serviceName ?? 'the service'}`);
    return;
  }
  draft.offered = slots.map((s) => ({ startsAt: s.startsAt, providerId: s.providerId, locationId: s.locationId, providerName: s.providerName, label: visitTime(new Date(s.startsAt), s.timeZone, draft.language) }));
  draft.step = 'choosing_slot';
  const times = draft.offered.map((o) => `${o.label} (${o.providerName})`);
  await turn.reply(`${lead ? `${lead} ` : ''}${say.offerTimes(draft.language, draft.serviceName ?? '', times)}`);
}

/** Books or moves to the chosen time; a time taken meanwhile is answered with the next ones. */
async function takeTime(turn: DialogTurn, slot: Draft['offered'][number]) {
  const { draft, platform } = turn;
  draft.chosenLabel = `${slot.label} (${slot.providerName})`;
  try {
    if (draft.intent === 'reschedule' && draft.appointmentId) {
      const moved = await moveAppointment(platform, turn.patientActor, draft.appointmentId, { startsAt: slot.startsAt, providerId: slot.providerId, locationId: slot.locationId, online: true });
      await turn.reply(`${say.moved(draft.language, moved.serviceName, slot.label)} ${say.anythingElse(draft.language)}`);
      draft.bookedAppointmentId = moved.id;
      await audit(turn, 'reschedule', 'appointment', moved.id);
    } else {
      const booked = await bookAppointment(platform, turn.patientActor, {
        patientId: draft.patientId!, serviceId: draft.serviceId!, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt,
        source: 'online', notes: 'Booked through the assistant',
      });
      await turn.reply(`${say.booked(draft.language, booked.serviceName, slot.label, booked.providerName)} ${say.anythingElse(draft.language)}`);
      draft.bookedAppointmentId = booked.id;
      await audit(turn, 'create', 'appointment', booked.id);
    }
    endDialog(draft);
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    if (error.code === 'appointment_closed') {
      await turn.reply(say.cannotChange(draft.language));
      endDialog(draft);
      return;
    }
    // Not a question of the time (the record was merged meanwhile): offering other times would loop on "just taken".
    if (error.code === 'patient_merged') {
      draft.chosenLabel = null;
      await turn.handOff('the patient\'s record was merged during the conversation');
      return;
    }
    draft.chosenLabel = null;
    await turn.reply(say.taken(draft.language));
    await offerTimes(turn);
  }
}

async function cancelVisit(turn: DialogTurn) {
  const { draft, platform } = turn;
  try {
    const cancelled = await cancelAppointment(platform, turn.patientActor, draft.appointmentId!, { reason: 'patient_request', note: 'Cancelled through the assistant' });
    await audit(turn, 'cancel', 'appointment', cancelled.id);
    await turn.reply(`${say.cancelled(draft.language, cancelled.serviceName, visitTime(new Date(cancelled.startsAt), cancelled.timeZone, draft.language))} ${say.anythingElse(draft.language)}`);
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    await turn.reply(say.cannotChange(draft.language));
  }
  endDialog(draft);
}
