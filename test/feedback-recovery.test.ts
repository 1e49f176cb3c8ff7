import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueInvitations } from '../src/modules/feedback/sender.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule } from './scheduling-factory.js';

interface Case {
  id: string; status: string; reasons: string[]; patient: { id: string; name: string }; ownerId: string | null; ownerName: string | null;
  departmentId: string | null; dueAt: string; overdue: boolean; taskId: string | null; outcome: string | null; outcomeNote: string | null;
  response: { id: string; nps: number | null; csat: number | null; comment: string | null; submittedAt: string; answers: { itemId: string; question: string; label: string }[] };
  visit: unknown; conversation: unknown; closedAt: string | null; resurveyInvitationId: string | null;
}
interface Task { id: string; kind: string; title: string; details: string | null; priority: string; status: string; ownerId: string | null; dueAt: string; outcome: string | null; source: { type: string; id: string } | null }
interface OutboxItem { purpose: string; body: string; patientId: string | null }

let clinic: TestClinic;
let api: Client;
let otherClinicApi: Client;
let surveyId: string;
let departmentSurveyId: string;
let departmentId: string;
let departmentOwnerId: string;
let firstQualityManagerId: string;

const DAY = 86_400_000;
const item = (id: string, kind: string) => ({ id, key: id, kind, text: `Question ${id}?`, textEs: `¿Pregunta ${id}?`, required: false });
const items = [item('recommend', 'nps'), item('satisfied', 'csat'), item('comment', 'text')];

async function staffMember(displayName: string, role: string) {
  const response = await api.request('POST', '/api/users', { email: `${randomUUID().slice(0, 8)}@staff.test`, displayName, role, password: 'a long enough password' });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function patient(givenName: string) {
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName: 'Recovery', dateOfBirth: '1980-02-03', allowDuplicate: true, preferredChannel: 'email',
    contactPoints: [{ kind: 'email', value: `${givenName.toLowerCase()}-${randomUUID().slice(0, 6)}@example.org` }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const surveyLinks = async (patientId: string) => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
  .filter((message) => message.patientId === patientId && message.purpose === 'survey')
  .map((message) => /\/s\/([A-Za-z0-9._~-]+)/.exec(message.body)?.[1]).filter((token): token is string => Boolean(token));

/** Sends the survey to a new patient by hand and answers it through the patient's link, as the patient would. */
async function answered(answers: Record<string, number | string>, options: { survey?: string; name?: string } = {}) {
  const patientId = await patient(options.name ?? 'Ana');
  const sent = await api.request('POST', `/api/feedback/surveys/${options.survey ?? surveyId}/send`, { patientId });
  expect(sent.statusCode, sent.body).toBe(201);
  const [token] = await surveyLinks(patientId);
  expect(token, 'the survey message carries its link').toBeTruthy();
  const answer = await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers } });
  expect(answer.statusCode, answer.body).toBe(201);
  return { patientId, token: token! };
}

const casesOf = async (patientId: string) => (await api.request('GET', '/api/feedback/recovery-cases?limit=100')).json<{ items: Case[]; total: number }>().items
  .filter((found) => found.patient.id === patientId);
const caseOf = async (patientId: string) => {
  const [found] = await casesOf(patientId);
  expect(found, 'a recovery case was opened').toBeDefined();
  return found!;
};
const taskOf = async (id: string) => (await api.request('GET', `/api/tasks/${id}`)).json<Task>();
const timeline = async (patientId: string) => (await api.request('GET', `/api/patients/${patientId}/timeline?limit=100`)).json<{ items: { type: string; summary: string }[] }>().items;

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  const other = await addClinic(clinic.careloop, 'harbor');
  otherClinicApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
  await staffMember('Zoe Quality', 'quality_manager');
  firstQualityManagerId = await staffMember('Aaron Quality', 'quality_manager');
  departmentOwnerId = await staffMember('Dora Owner', 'clinician');
  departmentId = (await api.request('POST', '/api/departments', { name: 'Cardiology', ownerId: departmentOwnerId })).json<{ id: string }>().id;
  const create = async (extra: Record<string, unknown>) => (await api.request('POST', '/api/feedback/surveys', { name: 'After the visit', trigger: 'manual', throttleDays: 0, items, ...extra })).json<{ id: string }>().id;
  surveyId = await create({});
  departmentSurveyId = await create({ name: 'Cardiology visit', departmentId });
});
afterAll(async () => clinic?.close());

describe('an unhappy answer opens a recovery case at once', () => {
  it('a detractor (NPS 5) gets a case owned by a quality manager, due in 2 days, with a high-priority recovery call task in the worklist', async () => {
    const { patientId } = await answered({ recommend: 5, comment: 'The parking was hard to find' });
    const opened = await caseOf(patientId);
    expect(opened).toMatchObject({ status: 'open', reasons: ['nps_detractor'], ownerId: firstQualityManagerId, ownerName: 'Aaron Quality', overdue: false, outcome: null });
    expect(new Date(opened.dueAt).getTime() - new Date(opened.response.submittedAt).getTime()).toBe(2 * DAY);
    expect(opened.response).toMatchObject({ nps: 5, comment: 'The parking was hard to find' });
    expect(opened.response.answers.find((answer) => answer.itemId === 'recommend')).toMatchObject({ question: 'Question recommend?', label: '5 of 10' });
    const worklist = (await api.request('GET', `/api/tasks?kind=recovery_call&patientId=${patientId}`)).json<{ items: Task[] }>().items;
    expect(worklist).toHaveLength(1);
    expect(worklist[0]).toMatchObject({ id: opened.taskId, priority: 'high', ownerId: firstQualityManagerId, dueAt: opened.dueAt, source: { type: 'recovery_case', id: opened.id } });
    expect(worklist[0]!.title).toContain('NPS 5');
    expect(worklist[0]!.details).toContain('“The parking was hard to find”');
    const events = (await timeline(patientId)).map((entry) => entry.type);
    expect(events).toEqual(expect.arrayContaining(['survey.answered', 'recovery_case.opened', 'task.created']));
  });

  it('a very unhappy answer (NPS 2, CSAT 1) is due in one day; the department\'s owner gets it', async () => {
    const { patientId } = await answered({ recommend: 2, satisfied: 1 }, { survey: departmentSurveyId });
    const opened = await caseOf(patientId);
    expect(opened).toMatchObject({ reasons: ['nps_detractor', 'csat_low'], ownerId: departmentOwnerId, departmentId });
    expect(new Date(opened.dueAt).getTime() - new Date(opened.response.submittedAt).getTime()).toBe(DAY);
    expect((await taskOf(opened.taskId!)).title).toContain('NPS 2, CSAT 1');
  });

  it('a case about a visit shows the visit beside the answer (read from scheduling)', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
    const visitSurvey = await api.request('POST', '/api/feedback/surveys', { name: 'After your visit', trigger: 'visit_completed', delayMinutes: 0, throttleDays: 0, items });
    expect(visitSurvey.statusCode, visitSurvey.body).toBe(201);
    const patientId = await patient('Vera');
    const booked = await api.request('POST', '/api/scheduling/appointments', {
      patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt: '2027-03-01T15:00:00.000Z',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const appointmentId = booked.json<{ id: string }>().id;
    for (const status of ['arrived', 'completed']) expect((await api.request('POST', `/api/scheduling/appointments/${appointmentId}/status`, { status })).statusCode).toBe(200);
    await sendDueInvitations(clinic.careloop.platform, new Date(), 50); // the minute job's run, now
    const [token] = await surveyLinks(patientId);
    expect((await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers: { recommend: 4 } } })).statusCode).toBe(201);
    const detail = (await api.request('GET', `/api/feedback/recovery-cases/${(await caseOf(patientId)).id}`)).json<Case>();
    expect(detail.visit).toEqual({ appointmentId, startsAt: '2027-03-01T15:00:00.000Z', providerName: 'Dr. Provider 001', serviceName: 'Follow-up visit', locationName: 'Main Street' });
    expect(detail.conversation).toBeNull();
    await api.request('PATCH', `/api/feedback/surveys/${visitSurvey.json<{ id: string }>().id}`, { active: false });
  });

  it('a passive (NPS 8, CSAT 4) with a kind comment opens no case', async () => {
    const { patientId } = await answered({ recommend: 8, satisfied: 4, comment: 'Nobody was rude, no complaints' });
    expect(await casesOf(patientId)).toEqual([]);
    expect((await api.request('GET', `/api/tasks?kind=recovery_call&patientId=${patientId}`)).json<{ total: number }>().total).toBe(0);
  });

  it('complaint words alone (a promoter score, Spanish text) open a case due in one day', async () => {
    const { patientId } = await answered({ recommend: 9, comment: 'La recepcionista fue muy GROSERA y nadie me llamó' });
    const opened = await caseOf(patientId);
    expect(opened.reasons).toEqual(['complaint_words']);
    expect(new Date(opened.dueAt).getTime() - new Date(opened.response.submittedAt).getTime()).toBe(DAY);
    expect((await taskOf(opened.taskId!)).details).toMatch(/grosero.*nadie me llamó/);
  });

  it('the same answer sent again through the link is refused (410) and opens no second case or task', async () => {
    const { patientId, token } = await answered({ recommend: 1 });
    const again = await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers: { recommend: 1 } } });
    expect(again.statusCode).toBe(410);
    expect(await casesOf(patientId)).toHaveLength(1);
    expect((await api.request('GET', `/api/tasks?kind=recovery_call&patientId=${patientId}`)).json<{ total: number }>().total).toBe(1);
  });

  it('a department owner who was deactivated is passed over for the first quality manager', async () => {
    const leaving = await staffMember('Leo Leaving', 'clinician');
    const ward = (await api.request('POST', '/api/departments', { name: 'Orthopedics', ownerId: leaving })).json<{ id: string }>().id;
    const wardSurvey = (await api.request('POST', '/api/feedback/surveys', { name: 'Ortho', trigger: 'manual', throttleDays: 0, items, departmentId: ward })).json<{ id: string }>().id;
    expect((await api.request('PATCH', `/api/users/${leaving}`, { active: false })).statusCode).toBe(200);
    const { patientId } = await answered({ recommend: 4 }, { survey: wardSurvey });
    expect((await caseOf(patientId)).ownerId).toBe(firstQualityManagerId);
  });
});

describe('staff work and close a case', () => {
  it('gives a case to someone else and moves its deadline; the call task follows; bad changes are refused', async () => {
    const { patientId } = await answered({ recommend: 6 });
    const opened = await caseOf(patientId);
    const agent = await staffMember('Alba Agent', 'agent');
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    const changed = await api.request('PATCH', `/api/feedback/recovery-cases/${opened.id}`, { ownerId: agent, dueAt });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Case>()).toMatchObject({ ownerId: agent, ownerName: 'Alba Agent', overdue: true });
    expect(await taskOf(opened.taskId!)).toMatchObject({ ownerId: agent, dueAt });
    const overdue = (await api.request('GET', `/api/feedback/recovery-cases?overdue=true&ownerId=${agent}`)).json<{ items: Case[] }>().items;
    expect(overdue.map((found) => found.id)).toEqual([opened.id]);
    const refusals: [string, Record<string, unknown>, number][] = [
      ['nothing to change', {}, 400], ['a due time "tomorrow"', { dueAt: 'tomorrow' }, 400],
      ['an owner who is no one', { ownerId: randomUUID() }, 400], ['an unknown field', { priority: 'urgent' }, 400],
    ];
    for (const [what, body, status] of refusals) {
      const refused = await api.request('PATCH', `/api/feedback/recovery-cases/${opened.id}`, body);
      expect(refused.statusCode, what).toBe(status);
      expect(errorOf(refused).code, what).toBe('invalid_request');
    }
  });

  it('closes as resolved: the case is closed, its task done with the outcome, the timeline says so; closing again is 409', async () => {
    const { patientId } = await answered({ recommend: 3 });
    const opened = await caseOf(patientId);
    const closed = await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'resolved', note: 'Called, apologised, rebooked' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<Case>()).toMatchObject({ status: 'closed', outcome: 'resolved', outcomeNote: 'Called, apologised, rebooked', overdue: false, resurveyInvitationId: null });
    expect(await taskOf(opened.taskId!)).toMatchObject({ status: 'done', outcome: 'Recovery case resolved: Called, apologised, rebooked' });
    expect((await timeline(patientId)).map((entry) => entry.type)).toContain('recovery_case.closed');
    const twice = await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'resolved' });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('case_closed');
    expect((await api.request('PATCH', `/api/feedback/recovery-cases/${opened.id}`, { ownerId: null })).statusCode).toBe(409);
    const closedOnes = (await api.request('GET', '/api/feedback/recovery-cases?status=closed')).json<{ items: Case[] }>().items;
    expect(closedOnes.map((found) => found.id)).toContain(opened.id);
    expect(closedOnes.every((found) => found.status === 'closed')).toBe(true);
  });

  it('escalated and no_contact need a note; an escalation is announced for an incident', async () => {
    const { patientId } = await answered({ recommend: 0, comment: 'Unacceptable, I will call my lawyer' });
    const opened = await caseOf(patientId);
    for (const outcome of ['escalated', 'no_contact']) {
      const refused = await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome, note: '   ' });
      expect(refused.statusCode, outcome).toBe(400);
      expect(errorOf(refused).message).toMatch(/^note: is required/);
    }
    expect((await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'lost' })).statusCode).toBe(400);
    expect((await caseOf(patientId)).status).toBe('open');
    const escalated = await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'escalated', note: 'Legal threat: passed to risk management' });
    expect(escalated.json<Case>()).toMatchObject({ status: 'closed', outcome: 'escalated' });
    const events = await timeline(patientId);
    expect(events.find((entry) => entry.type === 'recovery_case.escalated')?.summary).toContain('Legal threat');

    const unreachable = await caseOf((await answered({ satisfied: 2 })).patientId);
    const closed = await api.request('POST', `/api/feedback/recovery-cases/${unreachable.id}/close`, { outcome: 'no_contact', note: 'Three calls, no answer' });
    expect(closed.json<Case>()).toMatchObject({ outcome: 'no_contact', reasons: ['csat_low'] });
    expect((await taskOf(unreachable.taskId!)).status).toBe('done');
  });

  it('closing with resurvey sends the patient the same survey again, now', async () => {
    const { patientId } = await answered({ recommend: 4 });
    const opened = await caseOf(patientId);
    const closed = await api.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'resolved', resurvey: true });
    expect(closed.statusCode, closed.body).toBe(200);
    const invitationId = closed.json<Case>().resurveyInvitationId;
    expect(invitationId).toBeTruthy();
    const invitations = (await api.request('GET', `/api/feedback/invitations?patientId=${patientId}`)).json<{ items: { id: string; sourceType: string; status: string }[] }>().items;
    expect(invitations.find((invitation) => invitation.id === invitationId)).toMatchObject({ sourceType: 'recovery', status: 'sent' });
    expect(await surveyLinks(patientId)).toHaveLength(2);
    expect((await timeline(patientId)).find((entry) => entry.type === 'recovery_case.closed')?.summary).toBe('Recovery case resolved; the survey was sent again');
  });
});

describe('who may see and work cases', () => {
  it('a case follows its patient when the record is merged into another', async () => {
    const { patientId: duplicate } = await answered({ recommend: 1 }, { name: 'Dup' });
    const opened = await caseOf(duplicate);
    const kept = await patient('Kept');
    const merged = await api.request('POST', `/api/patients/${kept}/merge`, { duplicateId: duplicate });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await caseOf(kept)).id).toBe(opened.id);
    expect(await casesOf(duplicate)).toEqual([]);
  });


  it('a viewer reads cases but cannot close or change them (403); another clinic gets 404', async () => {
    const { patientId } = await answered({ recommend: 2 });
    const opened = await caseOf(patientId);
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('GET', `/api/feedback/recovery-cases/${opened.id}`)).statusCode).toBe(200);
    const refused = await viewer.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'resolved' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).details).toEqual({ permission: 'recovery:work' });
    expect((await viewer.request('PATCH', `/api/feedback/recovery-cases/${opened.id}`, { ownerId: null })).statusCode).toBe(403);
    expect((await otherClinicApi.request('GET', `/api/feedback/recovery-cases/${opened.id}`)).statusCode).toBe(404);
    expect((await otherClinicApi.request('POST', `/api/feedback/recovery-cases/${opened.id}/close`, { outcome: 'resolved' })).statusCode).toBe(404);
    expect((await otherClinicApi.request('GET', '/api/feedback/recovery-cases')).json<{ total: number }>().total).toBe(0);
    expect((await api.request('GET', '/api/feedback/recovery-cases/not-a-uuid')).statusCode).toBe(400);
    expect((await caseOf(patientId)).status).toBe('open');
  });

  it('lists open cases first, soonest due first, a page at a time', async () => {
    const page = (await api.request('GET', '/api/feedback/recovery-cases?limit=2&offset=0')).json<{ items: Case[]; total: number }>();
    const all = (await api.request('GET', '/api/feedback/recovery-cases?limit=100')).json<{ items: Case[]; total: number }>();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(all.total);
    const firstClosed = all.items.findIndex((found) => found.status === 'closed');
    expect(firstClosed).toBeGreaterThan(0);
    expect(all.items.slice(firstClosed).every((found) => found.status === 'closed')).toBe(true);
    const open = all.items.slice(0, firstClosed).map((found) => found.dueAt);
    expect(open).toEqual([...open].sort());
  });
});

describe('department owners', () => {
  it('an administrator gives a department an owner, changes it, and clears it; nobody outside the clinic qualifies', async () => {
    const owner = await staffMember('Olga Owner', 'clinician');
    const created = await api.request('POST', '/api/departments', { name: 'Dermatology' });
    const id = created.json<{ id: string; ownerId: string | null }>().id;
    expect(created.json<{ ownerId: string | null }>().ownerId).toBeNull();
    expect((await api.request('PATCH', `/api/departments/${id}`, { ownerId: owner })).json<{ ownerId: string }>().ownerId).toBe(owner);
    const foreigner = await otherClinicApi.request('POST', '/api/users', { email: `${randomUUID().slice(0, 8)}@harbor.test`, displayName: 'Far Away', role: 'clinician', password: 'a long enough password' });
    const refused = await api.request('PATCH', `/api/departments/${id}`, { ownerId: foreigner.json<{ id: string }>().id });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toBe('ownerId: is not a staff member of this organization');
    expect((await api.request('PATCH', `/api/departments/${id}`, { ownerId: 'nobody' })).statusCode).toBe(400);
    expect((await api.request('PATCH', `/api/departments/${id}`, { ownerId: null })).json<{ ownerId: string | null }>().ownerId).toBeNull();
  });
});
