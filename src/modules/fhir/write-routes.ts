import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as fhir4 from 'fhir/r4.js';
import type { AuditSpec } from '../../platform/route-config.js';
import { actorOf } from '../../platform/route-config.js';
import type { Platform } from '../../platform/platform.js';
import { mrnSystem } from './identifiers.js';
import { readResource } from './read.js';
import { importBundle } from './import-bundle.js';
import { bookFromFhir, updateFromFhir } from './write-appointment.js';
import { recordCommunication } from './write-communication.js';
import { AppointmentInput, CommunicationInput, parseResource, PatientInput, QuestionnaireResponseInput } from './write-input.js';
import { createPatient, patientForCondition, replacePatient } from './write-patient.js';
import { recordQuestionnaireResponse } from './write-questionnaire-response.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The FHIR base the client used; Location headers point there. */
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/fhir`;

/** The version a client sends back in If-Match: the resource's last change, in milliseconds. */
export const etagOf = (resource: fhir4.Resource) => (resource.meta?.lastUpdated ? `W/"${Date.parse(resource.meta.lastUpdated)}"` : undefined);

/** A written resource as read back through the read side (what a later GET returns), with Location and ETag. */
async function sendWritten(platform: Platform, request: FastifyRequest, reply: FastifyReply, type: string, id: string, status: 200 | 201) {
  const resource = await readResource(platform, actorOf(request), type, id);
  const etag = etagOf(resource);
  if (etag) reply.header('etag', etag);
  if (status === 201) reply.header('location', `${baseOf(request)}/${type}/${id}`);
  return reply.status(status).send(resource);
}

const patientsOf = (payload: unknown): string[] => {
  const resource = payload as fhir4.Resource | undefined;
  if (resource?.resourceType === 'Patient' && resource.id) return [resource.id];
  const references = resource?.resourceType === 'Appointment' ? (resource as fhir4.Appointment).participant.map((p) => p.actor?.reference)
    : resource?.resourceType === 'QuestionnaireResponse' ? [(resource as fhir4.QuestionnaireResponse).subject?.reference]
      : resource?.resourceType === 'Communication' ? [(resource as fhir4.Communication).subject, (resource as fhir4.Communication).sender, ...((resource as fhir4.Communication).recipient ?? [])].map((r) => r?.reference)
        : resource?.resourceType === 'Bundle' ? (resource as fhir4.Bundle).entry?.map((e) => e.response?.location) ?? [] : [];
  return [...new Set(references.map((reference) => /(?:^|\/)Patient\/([0-9a-f-]{36})/.exec(reference ?? '')?.[1]).filter((id): id is string => !!id))];
};
const audit = (action: string, entity: string): AuditSpec => ({ action, entity, patientIds: (_request, payload) => patientsOf(payload) });

/** FHIR create/update (Patient, Appointment, QuestionnaireResponse, Communication) and Bundle import, inside the /fhir scope. */
export function fhirWriteRoutes(fhir: FastifyInstance, platform: Platform) {
  const mrns = (request: FastifyRequest) => mrnSystem(platform, actorOf(request).organizationId);

  fhir.post('/Patient', {
    config: { permission: 'patients:write', audit: audit('create', 'fhir_patient') },
    schema: { tags: ['fhir'], summary: 'Create a Patient (the patients module\'s rules: duplicate check, unique MRN); If-None-Exist: identifier=… answers the existing record' },
  }, async (request, reply) => {
    const condition = request.headers['if-none-exist'];
    const existing = typeof condition === 'string' ? await patientForCondition(platform, actorOf(request), condition) : null;
    if (existing) return sendWritten(platform, request, reply, 'Patient', existing.id, 200);
    const { patient } = await createPatient(platform, actorOf(request), parseResource(PatientInput, 'Patient', request.body), mrns(request));
    return sendWritten(platform, request, reply, 'Patient', patient.id, 201);
  });

  fhir.put('/Patient/:id', {
    config: { permission: 'patients:write', audit: audit('update', 'fhir_patient') },
    schema: { tags: ['fhir'], summary: 'Update a Patient (If-Match with the ETag read is checked: 412 when someone changed it since)' },
  }, async (request: IdRequest, reply) => {
    const ifMatch = request.headers['if-match'];
    await replacePatient(platform, actorOf(request), request.params.id, parseResource(PatientInput, 'Patient', request.body), mrns(request), ifMatch);
    return sendWritten(platform, request, reply, 'Patient', request.params.id, 200);
  });

  fhir.post('/Appointment', {
    config: { permission: 'schedule:book', audit: audit('create', 'fhir_appointment') },
    schema: { tags: ['fhir'], summary: 'Book an Appointment (from a Slot, or participants + start); the REST API\'s rules, 409 when the time is taken' },
  }, async (request, reply) => {
    const appointment = await bookFromFhir(platform, actorOf(request), parseResource(AppointmentInput, 'Appointment', request.body));
    return sendWritten(platform, request, reply, 'Appointment', appointment.id, 201);
  });

  fhir.put('/Appointment/:id', {
    config: { permission: 'schedule:book', audit: audit('update', 'fhir_appointment') },
    schema: { tags: ['fhir'], summary: 'Update an Appointment: move it, or change its status (arrived, checked-in, fulfilled, noshow, cancelled)' },
  }, async (request: IdRequest, reply) => {
    await updateFromFhir(platform, actorOf(request), request.params.id, parseResource(AppointmentInput, 'Appointment', request.body));
    return sendWritten(platform, request, reply, 'Appointment', request.params.id, 200);
  });

  fhir.post('/QuestionnaireResponse', {
    config: { permission: 'schedule:book', audit: audit('create', 'fhir_questionnaireresponse') },
    schema: { tags: ['fhir'], summary: 'Record a visit\'s answers to a pre-visit questionnaire (the check-in module\'s checks)' },
  }, async (request, reply) => {
    const id = await recordQuestionnaireResponse(platform, actorOf(request), parseResource(QuestionnaireResponseInput, 'QuestionnaireResponse', request.body));
    return sendWritten(platform, request, reply, 'QuestionnaireResponse', id, 201);
  });

  fhir.post('/Communication', {
    config: { permission: 'inbox:reply', audit: audit('create', 'fhir_communication') },
    schema: { tags: ['fhir'], summary: 'A message: to a patient it is sent through the outbox like a staff reply; from a patient it is filed in the inbox' },
  }, async (request, reply) => {
    const id = await recordCommunication(platform, actorOf(request), parseResource(CommunicationInput, 'Communication', request.body));
    return sendWritten(platform, request, reply, 'Communication', id, 201);
  });

  fhir.post('/', {
    config: { permission: 'patients:import', audit: audit('import', 'fhir_bundle') },
    schema: { tags: ['fhir'], summary: 'Import a batch or transaction Bundle of Patients and Practitioners (idempotent by identifier)' },
  }, async (request) => importBundle(platform, actorOf(request), request.body, { base: baseOf(request), mrnSystem: mrns(request) }));
}
