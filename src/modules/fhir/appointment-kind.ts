import type * as fhir4 from 'fhir/r4.js';
import type { AppointmentStatus } from '../../db/schema-scheduling.js';
import { patientAndMergedIds } from '../patients/service.js';
import type { Appointment } from '../scheduling/schemas.js';
import { getAppointment, listAppointments } from '../scheduling/service.js';
import { confirmedExtension, fromFhirAppointmentStatus, patientParticipantStatus, toFhirAppointmentStatus } from './appointment-status.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { idMatches, referenceIds } from './list-search.js';
import { fhirError } from './outcome.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { orNull, serviceConcept } from './setup-kinds.js';
import { dateWindow, inWindow, paramValues, tokenOf, type SearchRequest } from './search-params.js';
import { instantIn } from './time.js';

export const CANCEL_REASON_SYSTEM = `${CARELOOP_SYSTEM}/appointment-cancel-reason`;

export function toFhirAppointment(a: Appointment): fhir4.Appointment {
  const minutes = Math.round((new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime()) / 60_000);
  return compact<fhir4.Appointment>({
    resourceType: 'Appointment', id: a.id, meta: { lastUpdated: a.updatedAt },
    extension: confirmedExtension(a.status),
    status: toFhirAppointmentStatus(a.status),
    cancelationReason: a.cancelReason ? compact<fhir4.CodeableConcept>({ coding: [{ system: CANCEL_REASON_SYSTEM, code: a.cancelReason }], text: a.cancelNote ?? a.cancelReason.replace(/_/g, ' ') }) : undefined,
    serviceType: [serviceConcept(a.serviceId, a.serviceName)],
    description: a.serviceName,
    start: instantIn(a.startsAt, a.timeZone),
    end: instantIn(a.endsAt, a.timeZone),
    minutesDuration: minutes > 0 ? minutes : undefined,
    created: a.createdAt,
    comment: a.notes ?? undefined,
    participant: [
      { actor: ref('Patient', a.patientId, a.patientName), required: 'required', status: patientParticipantStatus(a.status) },
      {
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PPRF', display: 'primary performer' }] }],
        actor: ref('Practitioner', a.providerId, a.providerName), required: 'required', status: 'accepted',
      },
      { actor: ref('Location', a.locationId, a.locationName), required: 'required', status: 'accepted' },
    ],
  });
}

/** The Careloop statuses a FHIR status search means (booked includes confirmed). */
function statusesFor(values: string[]): AppointmentStatus[] {
  const out = new Set<AppointmentStatus>();
  for (const value of values) {
    const mapped = fromFhirAppointmentStatus(value as fhir4.Appointment['status']);
    if (value === 'booked') { out.add('booked'); out.add('confirmed'); } else if (mapped && mapped !== 'waitlist') out.add(mapped);
    else if (!['proposed', 'pending', 'entered-in-error', 'waitlist'].includes(value)) throw fhirError(400, 'invalid', `status: "${value}" is not an Appointment status.`, 'status');
  }
  return [...out];
}

/** Appointments a search can look at in one go; narrow with date, patient or practitioner beyond it. */
const LOOK_AT = 2000;

async function search(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.Appointment>> {
  const window = dateWindow(request, 'date');
  const statusOccurrences = paramValues(request, 'status').map(statusesFor);
  const single = (name: string, types: string[]) => {
    const occurrences = referenceIds(request, name, types);
    const ids = occurrences.flat();
    if (ids.some((id) => id === null)) return { impossible: true, id: undefined };
    return { impossible: false, id: occurrences.length === 1 && occurrences[0]!.length === 1 ? occurrences[0]![0]! : undefined };
  };
  const patient = single('patient', ['Patient']);
  const practitioner = single('practitioner', ['Practitioner']);
  const location = single('location', ['Location']);
  if (patient.impossible || practitioner.impossible || location.impossible) return { total: 0, resources: [] };
  const patientIds = patient.id ? await orNull(patientAndMergedIds(ctx.platform, ctx.actor, patient.id)) : null;
  if (patient.id && !patientIds) return { total: 0, resources: [] };
  const statuses = statusOccurrences.length === 1 ? statusOccurrences[0] : undefined;
  const { items } = await listAppointments(ctx.platform, ctx.actor, {
    ...(window?.from && { from: window.from.toISOString() }), ...(window?.to && { to: window.to.toISOString() }),
    providerId: practitioner.id, locationId: location.id, status: statuses, limit: LOOK_AT,
    ...(patientIds?.length === 1 && { patientId: patientIds[0] }),
  });
  if (items.length >= LOOK_AT) throw fhirError(400, 'too-costly', `More than ${LOOK_AT} appointments match: narrow the search with date, patient, practitioner or location.`);
  const matches = items.map(toFhirAppointment).filter((a, i) => {
    const row = items[i]!;
    const participants = a.participant.map((p) => p.actor?.reference?.split('/')[1]);
    return idMatches(request, a.id)
      && inWindow(row.startsAt, window)
      && (!patientIds || patientIds.includes(row.patientId))
      && referenceIds(request, 'patient', ['Patient']).every((alts) => alts.some((id) => id === row.patientId || (patientIds?.includes(id ?? '') ?? false)))
      && referenceIds(request, 'practitioner', ['Practitioner']).every((alts) => alts.includes(row.providerId))
      && referenceIds(request, 'location', ['Location']).every((alts) => alts.includes(row.locationId))
      && referenceIds(request, 'actor', ['Patient', 'Practitioner', 'Location']).every((alts) => alts.some((id) => id !== null && participants.includes(id)))
      && statusOccurrences.every((allowed) => allowed.includes(row.status))
      && paramValues(request, 'service-type').every((alts) => alts.some((v) => tokenOf(v).code === row.serviceId));
  });
  return { total: matches.length, resources: matches.slice(request.offset, request.offset + request.count) };
}

export const appointmentKind: ResourceKind<fhir4.Appointment> = {
  type: 'Appointment', permission: 'schedule:read',
  documentation: 'Visits. Status: booked (confirmed ones carry the appointment-confirmed extension), arrived, checked-in (in a room), fulfilled, cancelled, noshow. Times carry the location\'s UTC offset.',
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id> (a merge moves the merged record\'s visits to the survivor)' },
    { name: 'actor', type: 'reference', documentation: 'Patient, Practitioner or Location' },
    { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>' },
    { name: 'location', type: 'reference', documentation: 'Location/<id>' },
    { name: 'date', type: 'date', documentation: 'Start time (eq, gt, lt, ge, le)' },
    { name: 'status', type: 'token', documentation: 'booked | arrived | checked-in | fulfilled | cancelled | noshow' },
    { name: 'service-type', type: 'token', documentation: 'A HealthcareService id' },
  ],
  read: async (ctx, id) => { const a = await orNull(getAppointment(ctx.platform, ctx.actor, id)); return a && toFhirAppointment(a); },
  search,
  patientIds: (a) => a.participant.flatMap((p) => (p.actor?.reference?.startsWith('Patient/') ? [p.actor.reference.slice('Patient/'.length)] : [])),
};
