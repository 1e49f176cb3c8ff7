import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resurvey } from '../src/modules/feedback/invitations.js';
import { SEND_SURVEYS } from '../src/modules/feedback/jobs.js';
import { sendDueInvitations } from '../src/modules/feedback/sender.js';
import { systemActor } from '../src/platform/permissions.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

// The SMS provider's side (as in the SMS tests): a STOP arrives as a signed webhook, texts go to a real HTTP server.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';

let provider: Server;
let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let phoneCounter = 200;

const nextPhone = () => `+1617555${String(phoneCounter++).padStart(4, '0')}`;
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

function textFromPatient(from: string, body: string) {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
  return clinic.careloop.app.inject({
    method: 'POST', url: '/webhooks/sms/inbound',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/sms/inbound`, params) },
    payload: new URLSearchParams(params).toString(),
  });
}

async function registerPatient(givenName: string, details: Record<string, unknown> = {}) {
  const phone = nextPhone();
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName: 'Trigger', dateOfBirth: '1975-06-07', allowDuplicate: true, contactPoints: [{ kind: 'phone', value: phone }], ...details,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json<{ id: string }>().id, phone };
}

let dayOffset = 0;
/** A visit booked on a day of its own (next year), then arrived and completed: visit.completed is published. */
async function completedVisit(patientId: string) {
  const startsAt = new Date(Date.UTC(2027, 0, 4 + dayOffset++, 15, 0)).toISOString();
  const booked = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const { id } = booked.json<{ id: string }>();
  for (const status of ['arrived', 'completed']) expect((await api.request('POST', `/api/scheduling/appointments/${id}/status`, { status })).statusCode).toBe(200);
  return id;
}

async function createSurvey(extra: Record<string, unknown>) {
  const response = await api.request('POST', '/api/feedback/surveys', {
    name: 'Visit survey', trigger: 'visit_completed', delayMinutes: 120, throttleDays: 30,
    items: [{ id: 'recommend', key: 'recommend', kind: 'nps', text: 'How likely are you to recommend us?', textEs: '¿Nos recomendaría?', required: true }], ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

interface Invitation { id: string; surveyId: string; status: string; sendAt: string; sourceType: string; sourceId: string | null; deliveryChannel: string | null; skipReason: string | null; patientId: string }
const invitationsOf = async (patientId: string) =>
  (await api.request('GET', `/api/feedback/invitations?patientId=${patientId}`)).json<{ items: Invitation[]; total: number }>();
interface OutboxItem { purpose: string; channel: string; recipient: string; subject: string | null; body: string; patientId: string | null }
const surveyMessages = async (patientId: string) => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
  .filter((message) => message.patientId === patientId && message.purpose === 'survey');
const timelineTypes = async (patientId: string) =>
  (await api.request('GET', `/api/patients/${patientId}/timeline`)).json<{ items: { type: string; summary: string }[] }>().items.filter((e) => e.type.startsWith('survey.'));

let visitSurveyId: string;

beforeAll(async () => {
  provider = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: CLINIC_NUMBER, name: 'Front desk line' })).statusCode).toBe(201);
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
  visitSurveyId = await createSurvey({ serviceId: schedule.serviceId });
  // A survey for another visit type: never sent after these visits.
  const other = await seedSchedule(clinic.careloop, clinic.organizationId);
  await createSurvey({ name: 'Other service', serviceId: other.serviceId });
});
afterAll(async () => {
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('after a completed visit', () => {
  it('schedules the visit\'s survey two hours later, sends nothing before, then texts the patient who it is from and a link; a repeated event makes nothing twice', async () => {
    const rosa = await registerPatient('Rosa');
    const visitId = await completedVisit(rosa.id);
    const { items: [invitation], total } = await invitationsOf(rosa.id);
    expect(total).toBe(1);
    expect(invitation).toMatchObject({ surveyId: visitSurveyId, status: 'scheduled', sourceType: 'appointment', sourceId: visitId });
    expect(Math.abs(Date.parse(invitation!.sendAt) - minutesFromNow(120).getTime())).toBeLessThan(60_000);

    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(100));
    expect((await invitationsOf(rosa.id)).items[0]!.status).toBe('scheduled');
    expect(await surveyMessages(rosa.id)).toEqual([]);

    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(122));
    expect((await invitationsOf(rosa.id)).items[0]).toMatchObject({ status: 'sent', deliveryChannel: 'sms' });
    const [text] = await surveyMessages(rosa.id);
    expect(text).toMatchObject({ channel: 'sms', recipient: rosa.phone });
    expect(text!.body).toMatch(/^sunrise clinic: Rosa, how was your visit\? Tell us in 1 minute: https:\/\/care\.example\.org\/s\/\S+$/);

    // The same event delivered again (a retry): no second invitation, no second text.
    await clinic.careloop.platform.events.publish({
      type: 'visit.completed', version: 1, organizationId: clinic.organizationId, patientId: rosa.id, actor: { type: 'system', id: null, label: 'test' },
      at: new Date().toISOString(), data: { appointmentId: visitId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId },
    });
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(240));
    expect((await invitationsOf(rosa.id)).total).toBe(1);
    expect(await surveyMessages(rosa.id)).toHaveLength(1);
    expect((await timelineTypes(rosa.id)).map((e) => e.type)).toEqual(['survey.sent', 'survey.scheduled']);
  });

  it('skips a second survey within the throttle days, says why on the invitation and the timeline, and sends none', async () => {
    const sam = await registerPatient('Sam');
    await completedVisit(sam.id);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(121));
    await completedVisit(sam.id);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(121));
    const { items } = await invitationsOf(sam.id);
    expect(items.map((i) => [i.status, i.skipReason])).toEqual([['skipped', 'the patient got a survey in the last 30 days'], ['sent', null]]);
    expect(await surveyMessages(sam.id)).toHaveLength(1);
    const skipped = (await timelineTypes(sam.id)).find((e) => e.type === 'survey.skipped');
    expect(skipped?.summary).toBe('Survey "Visit survey" not sent: the patient got a survey in the last 30 days');
  });

  it('skips a patient who texted STOP after the visit, and sends them nothing', async () => {
    const eva = await registerPatient('Eva');
    await completedVisit(eva.id);
    expect((await textFromPatient(eva.phone, 'STOP')).statusCode).toBe(200);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(121));
    expect((await invitationsOf(eva.id)).items[0]).toMatchObject({ status: 'skipped', deliveryChannel: null, skipReason: 'the patient opted out of texts (STOP)' });
    expect(await surveyMessages(eva.id)).toEqual([]);
  });

  it('skips a visit cancelled by the time the survey is due (an event that arrived late for it)', async () => {
    const leo = await registerPatient('Leo');
    const startsAt = new Date(Date.UTC(2027, 5, 1, 15, 0)).toISOString();
    const booked = await api.request('POST', '/api/scheduling/appointments', { patientId: leo.id, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt });
    const visitId = booked.json<{ id: string }>().id;
    await clinic.careloop.platform.events.publish({
      type: 'visit.completed', version: 1, organizationId: clinic.organizationId, patientId: leo.id, actor: { type: 'system', id: null, label: 'test' },
      at: new Date().toISOString(), data: { appointmentId: visitId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId },
    });
    expect((await api.request('POST', `/api/scheduling/appointments/${visitId}/cancel`, { reason: 'patient_request' })).statusCode).toBe(200);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(121));
    expect((await invitationsOf(leo.id)).items[0]).toMatchObject({ status: 'skipped', skipReason: 'the visit was cancelled' });
    expect(await surveyMessages(leo.id)).toEqual([]);
  });

  it('follows a merge of the patient\'s record to the survivor, and e-mails them in Spanish when that is their choice', async () => {
    const merged = await registerPatient('Lucía');
    const survivor = await api.request('POST', '/api/patients', {
      givenName: 'Lucía', familyName: 'Trigger', dateOfBirth: '1975-06-07', allowDuplicate: true, language: 'es', preferredChannel: 'email',
      contactPoints: [{ kind: 'email', value: 'lucia@example.org' }],
    });
    const survivorId = survivor.json<{ id: string }>().id;
    await completedVisit(merged.id);
    expect((await api.request('POST', `/api/patients/${survivorId}/merge`, { duplicateId: merged.id })).statusCode).toBe(200);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(121));
    const { items: [invitation] } = await invitationsOf(survivorId);
    expect(invitation).toMatchObject({ status: 'sent', patientId: survivorId });
    const [mail] = await surveyMessages(survivorId);
    expect(mail).toMatchObject({ channel: 'email', subject: 'sunrise clinic: ¿cómo fue su visita?' });
  });
});

describe('after a resolved conversation', () => {
  // Five minutes: the sender job running in the background (every minute) does not race the tests.
  beforeAll(async () => { await createSurvey({ name: 'Inbox survey', trigger: 'conversation_resolved', delayMinutes: 5, throttleDays: 0 }); });

  it('surveys the patient who texted once the conversation is resolved, on the same channel, with the conversation as the source', async () => {
    const mia = await registerPatient('Mia');
    expect((await textFromPatient(mia.phone, 'Is the clinic open on Saturday?')).statusCode).toBe(200);
    const list = await api.request('GET', `/api/inbox/conversations?status=all&patientId=${mia.id}`);
    const conversationId = list.json<{ items: { id: string }[] }>().items[0]!.id;
    expect((await api.request('PATCH', `/api/inbox/conversations/${conversationId}`, { status: 'resolved' })).statusCode).toBe(200);
    const { items: [invitation] } = await invitationsOf(mia.id);
    expect(invitation).toMatchObject({ sourceType: 'conversation', sourceId: conversationId, status: 'scheduled' });
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(6));
    const [text] = await surveyMessages(mia.id);
    expect(text!.body).toContain('how was your recent conversation with us?');
  });

  it('skips the survey of a conversation the patient reopened before it was due', async () => {
    const kai = await registerPatient('Kai');
    expect((await textFromPatient(kai.phone, 'Do you take walk-ins?')).statusCode).toBe(200);
    const conversationId = (await api.request('GET', `/api/inbox/conversations?status=all&patientId=${kai.id}`)).json<{ items: { id: string }[] }>().items[0]!.id;
    expect((await api.request('PATCH', `/api/inbox/conversations/${conversationId}`, { status: 'resolved' })).statusCode).toBe(200);
    expect((await textFromPatient(kai.phone, 'One more thing: parking?')).statusCode).toBe(200);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(6));
    expect((await invitationsOf(kai.id)).items[0]).toMatchObject({ status: 'skipped', skipReason: 'the conversation was reopened' });
    expect(await surveyMessages(kai.id)).toEqual([]);
  });

  it('surveys each resolution of a reopened thread once: a repeated resolved event adds nothing, the next cycle adds one', async () => {
    const lea = await registerPatient('Lea');
    expect((await textFromPatient(lea.phone, 'Can I get a flu shot?')).statusCode).toBe(200);
    const conversationId = (await api.request('GET', `/api/inbox/conversations?status=all&patientId=${lea.id}`)).json<{ items: { id: string }[] }>().items[0]!.id;
    const resolve = () => api.request('PATCH', `/api/inbox/conversations/${conversationId}`, { status: 'resolved' });
    expect((await resolve()).statusCode).toBe(200);
    expect((await resolve()).statusCode).toBe(200);
    expect((await invitationsOf(lea.id)).items).toHaveLength(1);
    expect((await textFromPatient(lea.phone, 'And one for my son?')).statusCode).toBe(200);
    expect((await resolve()).statusCode).toBe(200);
    const invitations = (await invitationsOf(lea.id)).items;
    expect(invitations).toHaveLength(2);
    expect(invitations.every((invitation) => invitation.sourceId === conversationId)).toBe(true);
  });
});

describe('after a completed referral (published by the referrals module to come)', () => {
  it('surveys for a referral of the survey\'s department only', async () => {
    const department = (await api.request('POST', '/api/departments', { name: 'Referrals desk' })).json<{ id: string }>().id;
    const elsewhere = (await api.request('POST', '/api/departments', { name: 'Elsewhere' })).json<{ id: string }>().id;
    await createSurvey({ name: 'Referral survey', trigger: 'referral_completed', delayMinutes: 60, throttleDays: 0, departmentId: department });
    const ivy = await registerPatient('Ivy');
    const referral = (departmentId: string, referralId: string) => clinic.careloop.platform.events.publish({
      type: 'referral.completed', version: 1, organizationId: clinic.organizationId, patientId: ivy.id, actor: { type: 'system', id: null, label: 'test' },
      at: new Date().toISOString(), data: { referralId, departmentId },
    });
    await referral(elsewhere, '6f1c2b1e-1111-4a4a-8b8b-000000000001');
    expect((await invitationsOf(ivy.id)).total).toBe(0);
    await referral(department, '6f1c2b1e-1111-4a4a-8b8b-000000000002');
    await referral(department, '6f1c2b1e-1111-4a4a-8b8b-000000000002');
    const { items, total } = await invitationsOf(ivy.id);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ sourceType: 'referral', sourceId: '6f1c2b1e-1111-4a4a-8b8b-000000000002', status: 'scheduled' });
    const scheduled = (await timelineTypes(ivy.id)).find((e) => e.type === 'survey.scheduled');
    expect(scheduled?.summary).toMatch(/^Survey "Referral survey" scheduled to be sent on \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M E[SD]T$/);
    await sendDueInvitations(clinic.careloop.platform, minutesFromNow(61));
    expect((await surveyMessages(ivy.id))[0]!.body).toContain('how was your referral?');
  });

  it('is sent by the sender job itself when due (not only when a test calls the sender)', async () => {
    const desk = (await api.request('POST', '/api/departments', { name: 'Same-day desk' })).json<{ id: string }>().id;
    await createSurvey({ name: 'Referral now', trigger: 'referral_completed', delayMinutes: 0, throttleDays: 0, departmentId: desk });
    const zoe = await registerPatient('Zoe');
    await clinic.careloop.platform.events.publish({
      type: 'referral.completed', version: 1, organizationId: clinic.organizationId, patientId: zoe.id, actor: { type: 'system', id: null, label: 'test' },
      at: new Date().toISOString(), data: { referralId: '6f1c2b1e-1111-4a4a-8b8b-000000000003', departmentId: desk },
    });
    await clinic.careloop.platform.jobs.send(SEND_SURVEYS, {});
    const deadline = Date.now() + 20_000;
    while ((await invitationsOf(zoe.id)).items[0]?.status !== 'sent' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await invitationsOf(zoe.id)).items[0]?.status).toBe('sent');
    expect(await surveyMessages(zoe.id)).toHaveLength(1);
  });
});

describe('a re-survey after a recovery call', () => {
  it('goes out despite the throttle, not to a patient who texted STOP, and not for a retired survey', async () => {
    const manual = await createSurvey({ name: 'Manual', trigger: 'manual', delayMinutes: 0, throttleDays: 365 });
    const noah = await registerPatient('Noah');
    const sent = (await api.request('POST', `/api/feedback/surveys/${manual}/send`, { patientId: noah.id })).json<Invitation>();
    expect(sent.status).toBe('sent');
    const token = /\/s\/(\S+)$/.exec((await surveyMessages(noah.id))[0]!.body)![1]!;
    expect((await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers: { recommend: 3 } } })).statusCode).toBe(201);
    const responseId = (await api.request('GET', `/api/feedback/responses?patientId=${noah.id}`)).json<{ items: { id: string }[] }>().items[0]!.id;

    // A manual send inside the throttle is skipped with the reason...
    expect((await api.request('POST', `/api/feedback/surveys/${manual}/send`, { patientId: noah.id })).json<Invitation>()).toMatchObject({ status: 'skipped' });
    // ...a re-survey is not, and asking twice gives the same invitation.
    const actor = systemActor(clinic.organizationId);
    const again = await resurvey(clinic.careloop.platform, actor, { responseId });
    expect(await resurvey(clinic.careloop.platform, actor, { responseId })).toEqual(again);
    expect((await invitationsOf(noah.id)).items.find((i) => i.id === again.invitationId)).toMatchObject({ status: 'sent', sourceType: 'recovery', sourceId: responseId });
    expect(await surveyMessages(noah.id)).toHaveLength(2);

    // Noah answers the re-survey, then texts STOP: a re-survey of that answer is skipped, not sent.
    const secondToken = /\/s\/(\S+)$/.exec((await surveyMessages(noah.id))[0]!.body)![1]!;
    expect(secondToken).not.toBe(token);
    expect((await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${secondToken}`, payload: { answers: { recommend: 8 } } })).statusCode).toBe(201);
    const secondResponseId = (await api.request('GET', `/api/feedback/responses?patientId=${noah.id}&group=passive`)).json<{ items: { id: string }[] }>().items[0]!.id;
    expect((await textFromPatient(noah.phone, 'STOP')).statusCode).toBe(200);
    const afterStop = await resurvey(clinic.careloop.platform, actor, { responseId: secondResponseId });
    expect((await invitationsOf(noah.id)).items.find((i) => i.id === afterStop.invitationId)).toMatchObject({ status: 'skipped', skipReason: 'the patient opted out of texts (STOP)' });
    expect(await surveyMessages(noah.id)).toHaveLength(2);

    // A retired survey is sent to no one: neither by hand nor as a re-survey.
    expect((await api.request('PATCH', `/api/feedback/surveys/${manual}`, { active: false })).statusCode).toBe(200);
    const retired = await api.request('POST', `/api/feedback/surveys/${manual}/send`, { patientId: noah.id });
    expect(retired.statusCode).toBe(409);
    expect(retired.json<{ error: { code: string } }>().error.code).toBe('survey_inactive');
    await expect(resurvey(clinic.careloop.platform, actor, { responseId })).rejects.toMatchObject({ code: 'survey_inactive' });
  });
});
