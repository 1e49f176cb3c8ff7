import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { ErrorResponse, IdParams, Paging, standardErrors } from '../../platform/schemas.js';
import { getImport, listImports, startImport } from './import.js';
import { mergePatients } from './merge.js';
import * as schemas from './schemas.js';
import * as patients from './service.js';
import type { ImportRow } from './store.js';

const idOf = (payload: unknown) => [(payload as { id: string }).id];
const itemsOf = (payload: unknown) => (payload as { items: { id: string }[] }).items.map((item) => item.id);
const paramId = (request: { params: unknown }) => [(request.params as { id: string }).id];

const presentImport = (row: ImportRow) => ({
  id: row.id, fileName: row.file_name, status: row.status, totalRows: row.total_rows, processedRows: row.processed_rows,
  createdRows: row.created_rows, failedRows: row.failed_rows, errors: row.errors as { row: number; field: string | null; message: string }[],
  createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export function patientRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/patients', {
    config: { permission: 'patients:read', audit: { action: 'search', entity: 'patient', patientIds: (_, payload) => itemsOf(payload) } },
    schema: {
      tags: ['patients'], summary: 'Search patients by name, phone, date of birth or MRN',
      querystring: schemas.SearchQuery, response: { 200: schemas.SearchResults, ...standardErrors },
    },
  }, async (request) => patients.searchPatients(platform, actorOf(request), request.query));

  app.post('/api/patients', {
    config: { permission: 'patients:write', audit: { action: 'create', entity: 'patient', patientIds: (_, payload) => idOf(payload) } },
    schema: {
      tags: ['patients'], summary: 'Register a patient (409 possible_duplicate lists likely matches)',
      body: schemas.NewPatient, response: { 201: schemas.Patient, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await patients.registerPatient(platform, actorOf(request), request.body)));

  app.get('/api/patients/:id', {
    config: { permission: 'patients:read', audit: { action: 'read', entity: 'patient', patientIds: paramId } },
    schema: {
      tags: ['patients'], summary: 'A patient with contact points and consent (ETag: send it back as If-Match when you change it)',
      params: IdParams, response: { 200: schemas.Patient, ...standardErrors },
    },
  }, async (request, reply) => {
    const patient = await patients.getPatient(platform, actorOf(request), request.params.id);
    return reply.header('etag', patients.versionOf(patient)).send(patient);
  });

  app.patch('/api/patients/:id', {
    config: { permission: 'patients:write', audit: { action: 'update', entity: 'patient', patientIds: paramId } },
    schema: {
      tags: ['patients'], summary: 'Change details, contact points, consent, preferences or tags (412 edit_conflict when If-Match is stale)',
      params: IdParams, body: schemas.PatientChanges,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 200: schemas.Patient, 412: ErrorResponse, ...standardErrors },
    },
  }, async (request, reply) => {
    const patient = await patients.updatePatient(platform, actorOf(request), request.params.id, request.body, request.headers['if-match']);
    return reply.header('etag', patients.versionOf(patient)).send(patient);
  });

  app.get('/api/patients/:id/timeline', {
    config: { permission: 'patients:read', audit: { action: 'read', entity: 'patient_timeline', patientIds: paramId } },
    schema: {
      tags: ['patients'], summary: "The patient's timeline across modules, newest first",
      params: IdParams, querystring: Type.Object(Paging, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(schemas.TimelineEntry) }), ...standardErrors },
    },
  }, async (request) => ({ items: await patients.patientTimeline(platform, actorOf(request), request.params.id, request.query.limit, request.query.offset) }));

  app.get('/api/patients/:id/duplicates', {
    config: { permission: 'patients:read', audit: { action: 'read', entity: 'patient_duplicates', patientIds: (request, payload) => [...paramId(request), ...(payload as { items: { patient: { id: string } }[] }).items.map((c) => c.patient.id)] } },
    schema: {
      tags: ['patients'], summary: 'Scored possible duplicates of this patient, with the reasons',
      params: IdParams, response: { 200: Type.Object({ items: Type.Array(schemas.DuplicateCandidate) }), ...standardErrors },
    },
  }, async (request) => ({ items: await patients.duplicatesOf(platform, actorOf(request), request.params.id) }));

  app.post('/api/patients/:id/merge', {
    config: { permission: 'patients:merge', audit: { action: 'merge', entity: 'patient', patientIds: (request) => [...paramId(request), (request.body as { duplicateId: string }).duplicateId] } },
    schema: {
      tags: ['patients'], summary: 'Merge a duplicate into this patient (the duplicate is kept as replaced-by)',
      params: IdParams, body: schemas.MergeBody, response: { 200: schemas.Patient, ...standardErrors },
    },
  }, async (request) => mergePatients(platform, actorOf(request), request.params.id, request.body.duplicateId));

  server.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.post('/api/patient-imports', {
    config: { permission: 'patients:import' },
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      tags: ['patients'], summary: 'Import patients from a CSV (UTF-8, Content-Type text/csv); runs in the background',
      description: 'Columns: givenName, familyName, dateOfBirth (required); mrn, preferredName, sex, language, preferredChannel, phone, email, consentCare, consentMarketing, tags (separated by ;), line1, line2, city, region, postalCode, country.',
      querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 202: schemas.PatientImport, 415: ErrorResponse, 413: ErrorResponse, ...standardErrors },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'Send the file with Content-Type: text/csv.' } });
    }
    const row = await startImport(platform, actorOf(request), request.body, request.query.fileName ?? null);
    return reply.status(202).send(presentImport(row));
  });

  app.get('/api/patient-imports', {
    config: { permission: 'patients:import' },
    schema: { tags: ['patients'], summary: 'Recent imports', response: { 200: Type.Array(schemas.PatientImport), ...standardErrors } },
  }, async (request) => (await listImports(platform, actorOf(request))).map(presentImport));

  app.get('/api/patient-imports/:id', {
    config: { permission: 'patients:import' },
    schema: { tags: ['patients'], summary: 'Progress and per-row errors of an import', params: IdParams, response: { 200: schemas.PatientImport, ...standardErrors } },
  }, async (request) => presentImport(await getImport(platform, actorOf(request), request.params.id)));

}
