import type * as fhir4 from 'fhir/r4.js';
import { CANCEL_REASONS, type Appointment, type CancelBody } from '../scheduling/schemas.js';
import { bookAppointment, cancelAppointment, changeAppointmentStatus, getAppointment, moveAppointment } from '../scheduling/service.js';
import { getLocation, getProvider, getService } from '../scheduling/setup-service.js';
import { getPatient } from '../patients/service.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { fromFhirAppointmentStatus, isConfirmed, type CareloopAppointmentStatus, type FhirAppointmentStatus } from './appointment-status.js';
import { fhirError } from './outcome.js';
import { SERVICE_SYSTEM } from './setup-kinds.js';
import { slotPlacement } from './write-slot.js';
import { renamingFields } from './write-errors.js';
import type { AppointmentInput } from './write-input.js';
import { referencedId, referencedType, resolving } from './write-references.js';

/** Where a visit takes place: who, where, which visit type, when. */
interface Placement {
  patientId: string;
  providerId: string;
  locationId: string;
  serviceId: string;
  startsAt: string;
}

const FIELD_PATHS: [RegExp, string][] = [[/^startsAt/, 'Appointment.start'], [/^notes/, 'Appointment.comment']];

/** The one participant of a type (Patient, Practitioner, Location, HealthcareService), by its reference. */
function participantId(resource: AppointmentInput, type: string): string | undefined {
  const matches = resource.participant.map((p, index) => ({ p, index })).filter(({ p }) => referencedType(p.actor?.reference) === type);
  if (matches.length > 1) throw fhirError(422, 'not-supported', `Appointment.participant: Careloop books one ${type} per appointment, not ${matches.length}.`, `Appointment.participant[${matches[1]!.index}]`);
  const [match] = matches;
  return match && referencedId(match.p.actor?.reference, type, `Appointment.participant[${match.index}].actor`);
}

/** The visit type as Careloop writes it in serviceType (its HealthcareService id in Careloop's service system). */
const serviceTypeId = (resource: AppointmentInput) =>
  resource.serviceType?.flatMap((concept) => concept.coding ?? []).find((coding) => coding.system === SERVICE_SYSTEM)?.code;

/** A start time as Careloop keeps it: an instant with its offset. */
function instant(value: string | undefined, expression: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw fhirError(400, 'value', `${expression} must be an instant with its offset, e.g. 2026-03-09T14:00:00-04:00.`, expression);
  }
  return value;
}

/**
 * Who, where, what and when, from the participants and start, or from the Slot the client chose
 * (a Slot names provider, location, service and time; participants that are given must agree).
 */
async function placementOf(platform: Platform, actor: Actor, resource: AppointmentInput): Promise<Placement> {
  const patientId = participantId(resource, 'Patient');
  if (!patientId) throw fhirError(400, 'required', 'Appointment.participant must include the Patient.', 'Appointment.participant');
  const given = {
    providerId: participantId(resource, 'Practitioner'),
    locationId: participantId(resource, 'Location'),
    serviceId: participantId(resource, 'HealthcareService') ?? serviceTypeId(resource),
    startsAt: instant(resource.start, 'Appointment.start'),
  };
  const slots = resource.slot ?? [];
  if (slots.length > 1) throw fhirError(422, 'not-supported', 'Appointment.slot: Careloop books one Slot per appointment.', 'Appointment.slot[1]');
  if (slots[0]) {
    const slot = await slotPlacement(platform, actor, referencedId(slots[0].reference, 'Slot', 'Appointment.slot[0]'));
    for (const [key, path] of [['providerId', 'Practitioner'], ['locationId', 'Location'], ['serviceId', 'HealthcareService']] as const) {
      if (given[key] && given[key] !== slot[key]) throw fhirError(422, 'invalid', `Appointment.participant: the ${path} is not the Slot's.`, 'Appointment.participant');
    }
    if (given.startsAt && Date.parse(given.startsAt) !== Date.parse(slot.startsAt)) throw fhirError(422, 'invalid', 'Appointment.start is not the Slot\'s start.', 'Appointment.start');
    return { patientId, ...slot };
  }
  const missing = (['providerId', 'locationId', 'serviceId', 'startsAt'] as const).filter((key) => !given[key]);
  if (missing.length) {
    const names = { providerId: 'a Practitioner participant', locationId: 'a Location participant', serviceId: 'the visit type (a HealthcareService participant, or serviceType in Careloop\'s service system)', startsAt: 'start' };
    throw fhirError(400, 'required', `Appointment: without a slot, Careloop needs ${missing.map((key) => names[key]).join(', ')}.`, 'Appointment');
  }
  return { patientId, providerId: given.providerId!, locationId: given.locationId!, serviceId: given.serviceId!, startsAt: given.startsAt! };
}

/** References inside the resource must name records of this clinic: 422 where one does not. */
async function checkReferences(platform: Platform, actor: Actor, placement: Placement) {
  await resolving('Appointment.participant(Patient)', () => getPatient(platform, actor, placement.patientId));
  await resolving('Appointment.participant(Practitioner)', () => getProvider(platform, actor, placement.providerId));
  await resolving('Appointment.participant(Location)', () => getLocation(platform, actor, placement.locationId));
  await resolving('Appointment.participant(HealthcareService)', () => getService(platform, actor, placement.serviceId));
}

/**
 * Books from a FHIR Appointment through scheduling's bookAppointment: the same rules as the REST
 * API (hours, notice, the database's no-double-booking constraint: 409 slot_taken).
 */
export async function bookFromFhir(platform: Platform, actor: Actor, resource: AppointmentInput): Promise<Appointment> {
  if (resource.status !== 'booked') {
    throw fhirError(422, 'business-rule', `Appointment.status: a new appointment is booked at once, so send "booked" (not "${resource.status}").`, 'Appointment.status');
  }
  const placement = await placementOf(platform, actor, resource);
  await checkReferences(platform, actor, placement);
  // description is the visit type's name when Careloop writes an Appointment; the note is the comment.
  const notes = resource.comment;
  return renamingFields(FIELD_PATHS, () => bookAppointment(platform, actor, {
    ...placement, ...(notes && { notes }), source: actor.type === 'token' ? 'api' : 'staff',
  }));
}

const HL7_REASONS: [RegExp, CancelBody['reason']][] = [
  [/^pat/, 'patient_request'], [/^prov/, 'provider_unavailable'], [/^(maint|meds-inc)/, 'clinic'], [/^oth-weath/, 'weather'], [/^oth-err/, 'duplicate'],
];

/** Why a visit was cancelled: Careloop's own codes, HL7's appointment-cancellation-reason codes, else other. */
function cancelReason(resource: AppointmentInput): CancelBody {
  const codings = resource.cancelationReason?.coding ?? [];
  const own = codings.map((c) => c.code).find((code): code is CancelBody['reason'] => (CANCEL_REASONS as readonly string[]).includes(code ?? ''));
  const hl7 = codings.map((c) => c.code ?? '').map((code) => HL7_REASONS.find(([pattern]) => pattern.test(code))?.[1]).find(Boolean);
  const note = resource.cancelationReason?.text ?? codings.find((c) => c.display)?.display;
  return { reason: own ?? hl7 ?? 'other', ...(note && { note: note.slice(0, 1000) }) };
}

const STEPS = new Set<CareloopAppointmentStatus>(['confirmed', 'arrived', 'in_room', 'completed', 'no_show']);

/**
 * A PUT of an Appointment: a new start, practitioner or location moves the visit (same rules as
 * booking); a new status takes the visit's next step (arrived, checked-in, fulfilled, noshow) or
 * cancels it with the reason given. What scheduling refuses (a step out of order, a change to a
 * closed visit) is a 409; what Careloop cannot do at all (another patient, status proposed) a 422.
 */
export async function updateFromFhir(platform: Platform, actor: Actor, id: string, resource: AppointmentInput): Promise<Appointment> {
  if (resource.id !== undefined && resource.id !== id) throw fhirError(400, 'invalid', `Appointment.id "${resource.id}" does not match the id in the URL (${id}).`, 'Appointment.id');
  const current = await getAppointment(platform, actor, id);
  const wanted = fromFhirAppointmentStatus(resource.status as FhirAppointmentStatus, isConfirmed({ extension: (resource.extension ?? []) as fhir4.Extension[] }));
  if (!wanted || wanted === 'waitlist') throw fhirError(422, 'not-supported', `Appointment.status: Careloop cannot set an appointment to "${resource.status}".`, 'Appointment.status');
  const placement = await placementOf(platform, actor, { ...resource, start: resource.start ?? current.startsAt, participant: withCurrent(resource, current) });
  if (placement.patientId !== current.patientId) throw fhirError(422, 'business-rule', 'Appointment.participant: an appointment cannot change patient; cancel it and book one for the other patient.', 'Appointment.participant');
  if (placement.serviceId !== current.serviceId) throw fhirError(422, 'business-rule', 'Appointment: an appointment cannot change visit type; cancel it and book the other one.', 'Appointment.participant');
  const moved = Date.parse(placement.startsAt) !== Date.parse(current.startsAt) || placement.providerId !== current.providerId || placement.locationId !== current.locationId;
  let visit = current;
  if (moved) {
    if (wanted !== 'booked' && wanted !== 'confirmed') throw fhirError(422, 'business-rule', 'Appointment: move a visit (start, practitioner, location) and change its status in two requests.', 'Appointment.status');
    await checkReferences(platform, actor, placement);
    visit = await renamingFields(FIELD_PATHS, () => moveAppointment(platform, actor, id, {
      startsAt: placement.startsAt, providerId: placement.providerId, locationId: placement.locationId,
    }));
  }
  if (wanted === visit.status || (wanted === 'booked' && visit.status === 'confirmed')) return visit;
  if (wanted === 'cancelled') return cancelAppointment(platform, actor, id, cancelReason(resource));
  if (STEPS.has(wanted)) return changeAppointmentStatus(platform, actor, id, wanted as 'confirmed' | 'arrived' | 'in_room' | 'completed' | 'no_show');
  throw fhirError(409, 'conflict', `Appointment.status: an appointment that is ${visit.status.replace('_', ' ')} cannot become ${resource.status} again.`, 'Appointment.status');
}

/** Participants a PUT leaves out are the current ones (Careloop keeps one of each; FHIR clients often send only the patient). */
function withCurrent(resource: AppointmentInput, current: Appointment): AppointmentInput['participant'] {
  const sent = resource.participant;
  const has = (type: string) => sent.some((p) => referencedType(p.actor?.reference) === type);
  const add = [
    !has('Patient') && `Patient/${current.patientId}`, !has('Practitioner') && `Practitioner/${current.providerId}`,
    !has('Location') && `Location/${current.locationId}`, !has('HealthcareService') && !serviceTypeId(resource) && `HealthcareService/${current.serviceId}`,
  ].filter((reference): reference is string => !!reference);
  return [...sent, ...add.map((reference) => ({ actor: { reference }, status: 'accepted' }))];
}
