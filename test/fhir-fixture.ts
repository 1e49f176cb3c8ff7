import { DateTime } from 'luxon';
import type { LightMyRequestResponse } from 'fastify';
import type { Careloop } from '../src/app.js';
import { answerForVisit } from '../src/modules/checkin/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { systemActor } from '../src/platform/permissions.js';
import type { Client } from './harness.js';

export interface FhirClinic {
  locationId: string;
  providerId: string;
  serviceId: string;
  patientId: string;
  duplicateId: string;
  questionnaireId: string;
  /** Appointment ids by Careloop status. */
  appointments: Record<'booked' | 'confirmed' | 'arrived' | 'in_room' | 'completed' | 'no_show' | 'cancelled', string>;
  /** Tomorrow in the clinic's zone (YYYY-MM-DD). */
  day: string;
  /** The clinic's UTC offset that day (-05:00 or -04:00). */
  offset: string;
}

function ok<T>(response: LightMyRequestResponse, what: string): T {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

/**
 * A clinic with data behind every FHIR type: a location, provider with hours, service, patients
 * (one merged into another), visits in every status, a questionnaire and answers, messages, a
 * task and a referral. Built through the REST API; answers and an inbound text through the services
 * the channels use.
 */
export async function buildFhirClinic(careloop: Careloop, organizationId: string, api: Client): Promise<FhirClinic> {
  const zone = 'America/New_York';
  const location = ok<{ id: string }>(await api.request('POST', '/api/scheduling/locations', { name: 'Main Street', timeZone: zone, address: '1 Main St, Springfield', phone: '+16175550199' }), 'location');
  const provider = ok<{ id: string }>(await api.request('POST', '/api/scheduling/providers', { name: 'Dr. Rivera', title: 'Family physician' }), 'provider');
  ok(await api.request('PUT', `/api/scheduling/providers/${provider.id}/hours`, {
    periods: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ locationId: location.id, weekday, starts: '08:00', ends: '18:00' })),
  }), 'hours');
  const service = ok<{ id: string }>(await api.request('POST', '/api/scheduling/services', {
    name: 'Follow-up visit', durationMinutes: 30, description: 'A short visit', offerings: [{ providerId: provider.id, locationId: location.id }],
  }), 'service');
  const patient = ok<{ id: string }>(await api.request('POST', '/api/patients', {
    givenName: 'Ana', familyName: 'Ramírez', preferredName: 'Anita', dateOfBirth: '1980-04-12', sex: 'female', language: 'es',
    address: { line1: '5 Elm St', city: 'Springfield', region: 'MA', postalCode: '01101', country: 'US' },
    contactPoints: [{ kind: 'phone', value: '+1 617 555 0100', label: 'mobile', isPrimary: true }, { kind: 'email', value: 'ana@example.org', label: 'other' }],
  }), 'patient');
  const duplicate = ok<{ id: string }>(await api.request('POST', '/api/patients', {
    givenName: 'Ana', familyName: 'Ramirez', dateOfBirth: '1980-04-12', allowDuplicate: true,
  }), 'duplicate');

  const day = DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()!;
  const at = (hour: number) => DateTime.fromISO(`${day}T${String(hour).padStart(2, '0')}:00`, { zone }).toUTC().toISO()!;
  const book = async (hour: number, patientId = patient.id) => ok<{ id: string }>(await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: service.id, providerId: provider.id, locationId: location.id, startsAt: at(hour), notes: 'Bring the list of medicines',
  }), `book ${hour}`).id;
  const move = async (id: string, ...statuses: string[]) => {
    for (const status of statuses) ok(await api.request('POST', `/api/scheduling/appointments/${id}/status`, { status }), `status ${status}`);
    return id;
  };
  const appointments = {
    booked: await book(9),
    confirmed: await move(await book(10), 'confirmed'),
    arrived: await move(await book(11), 'arrived'),
    in_room: await move(await book(12), 'arrived', 'in_room'),
    completed: await move(await book(13), 'arrived', 'completed'),
    no_show: await move(await book(14), 'no_show'),
    cancelled: await book(15),
  };
  ok(await api.request('POST', `/api/scheduling/appointments/${appointments.cancelled}/cancel`, { reason: 'patient_request', note: 'Feeling better' }), 'cancel');

  const questionnaire = ok<{ id: string }>(await api.request('POST', '/api/checkin/questionnaires', {
    title: 'Before your visit', serviceId: service.id, items: [
      { id: 'reason', text: 'Why are you coming in?', textEs: '¿Por qué viene?', kind: 'text', required: true },
      { id: 'fever', text: 'Do you have a fever?', kind: 'yes_no', required: true },
      { id: 'pain', text: 'Pain level', kind: 'number', required: false },
      { id: 'arrive', text: 'How will you arrive?', kind: 'choice', options: ['Car', 'Bus', 'Walking'], required: false },
    ],
  }), 'questionnaire');
  const actor = systemActor(organizationId, 'cli');
  await answerForVisit(careloop.platform, actor, appointments.booked, { questionnaireId: questionnaire.id, answers: { reason: 'Knee pain', fever: false, pain: 4, arrive: 'Bus' } });

  await receiveMessage(careloop.platform, {
    organizationId, channel: 'sms', endpoint: '+16175550000', fromAddress: '+16175550100', patientId: patient.id, threading: 'per-sender', body: 'Can I come earlier tomorrow?',
  });
  await receiveMessage(careloop.platform, {
    organizationId, channel: 'email', endpoint: 'front@clinic.test', fromAddress: 'ana@example.org', patientId: patient.id, threading: 'new', subject: 'Parking', body: 'Where do I park?',
  });

  ok(await api.request('POST', '/api/tasks', { patientId: patient.id, kind: 'callback', title: 'Call Ana back', details: 'About parking', priority: 'high' }), 'task');
  ok(await api.request('POST', '/api/referrals', { patientId: patient.id, kind: 'external', urgency: 'urgent', destination: 'Orthopedics', reason: 'Knee pain for three months' }), 'referral');

  ok(await api.request('POST', `/api/patients/${patient.id}/merge`, { duplicateId: duplicate.id }), 'merge');

  return { locationId: location.id, providerId: provider.id, serviceId: service.id, patientId: patient.id, duplicateId: duplicate.id, questionnaireId: questionnaire.id, appointments, day, offset: DateTime.fromISO(`${day}T12:00`, { zone }).toFormat('ZZ') };
}
