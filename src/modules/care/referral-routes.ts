import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './referral-schemas.js';
import * as referrals from './referral-service.js';

// The patients whose data a response carries: the audit hook records one entry per patient.
const patientOf = (_: unknown, payload: unknown) => {
  const patientId = (payload as { patientId?: string }).patientId;
  return patientId ? [patientId] : [];
};
const patientsOf = (_: unknown, payload: unknown) => (payload as { items: { patientId: string }[] }).items.map((referral) => referral.patientId);

/** Referrals: create, follow through sent -> scheduled -> completed -> result received, the overdue worklist. */
export function referralRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/referrals', {
    config: { permission: 'referrals:read', audit: { action: 'search', entity: 'referral', patientIds: patientsOf } },
    schema: {
      tags: ['referrals'], summary: 'The referral worklist: overdue first, then soonest due; filters and paging',
      querystring: schemas.ReferralQuery, response: { 200: schemas.ReferralList, ...standardErrors },
    },
  }, async (request) => referrals.listReferrals(platform, actorOf(request), request.query));

  app.get('/api/referrals/:id', {
    config: { permission: 'referrals:read', audit: { action: 'read', entity: 'referral', patientIds: patientOf } },
    schema: { tags: ['referrals'], summary: 'One referral with its booked visit and history', params: IdParams, response: { 200: schemas.ReferralDetail, ...standardErrors } },
  }, async (request) => referrals.getReferral(platform, actorOf(request), request.params.id));

  app.post('/api/referrals', {
    config: { permission: 'referrals:write', audit: { action: 'create', entity: 'referral', patientIds: patientOf } },
    schema: {
      tags: ['referrals'], summary: 'Send a referral (to a specialty, an external provider or a test)',
      description: 'Due by urgency unless dueAt is given. A merged record is refused with 409 patient_merged and the record to use (details.replacedBy).',
      body: schemas.NewReferralBody, response: { 201: schemas.ReferralDetail, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await referrals.createReferral(platform, actorOf(request), request.body)));

  app.patch('/api/referrals/:id', {
    config: { permission: 'referrals:write', audit: { action: 'update', entity: 'referral', patientIds: patientOf } },
    schema: {
      tags: ['referrals'], summary: 'Move a referral: scheduled (elsewhere, with appointmentAt), completed, result_received (with resultSummary), declined or cancelled (with reason)',
      description: 'A move from the wrong status is 409 invalid_transition; a closed referral is 409 referral_closed.',
      params: IdParams, body: schemas.ReferralMove, response: { 200: schemas.ReferralDetail, ...standardErrors },
    },
  }, async (request) => referrals.moveReferral(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/referrals/:id/book', {
    config: { permission: 'referrals:write', audit: { action: 'update', entity: 'referral', patientIds: patientOf } },
    schema: {
      tags: ['referrals'], summary: "Book the referral's visit in the schedule (needs schedule:book too); the referral becomes scheduled",
      description: 'The booking rules of the schedule apply: 409 slot_taken with the next free times. Cancelling the visit later puts the referral back to sent.',
      params: IdParams, body: schemas.BookReferralBody, response: { 200: schemas.ReferralDetail, ...standardErrors },
    },
  }, async (request) => referrals.bookReferral(platform, actorOf(request), request.params.id, request.body));
}
