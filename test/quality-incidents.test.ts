import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOverdueActions } from '../src/modules/quality/jobs.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

interface Incident {
  id: string; reference: string; title: string; status: string; harmLevel: string; category: string; anonymous: boolean; reporter: string | null;
  reportedByMe: boolean; patientId: string | null; source: string; sourceId: string | null; nextStatuses: string[]; openActions: number; overdueActions: number;
  department: { id: string; name: string } | null; location: { id: string; name: string } | null;
}
interface Action { id: string; status: string; ownerId: string; dueDate: string; overdue: boolean; replacesActionId: string | null; reopenedCount: number; verificationNote: string | null }
interface Detail { incident: Incident; analysis: { whys: string[]; causes: { category: string; text: string }[]; contributingFactors: string[]; rootCause: string | null; completedAt: string | null }; actions: Action[] }

let clinic: TestClinic;
let admin: Client;
let manager: Client & { cookie: string };
let clinician: Client;
let clinicianId: string;
let otherClinician: Client;
let viewer: Client;
let otherClinic: Client;
let otherClinicPatientId: string;
let otherClinicUserId: string;
let departmentId: string;

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

async function patient(api: Client, givenName: string) {
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName: 'Quality', dateOfBirth: '1975-06-07', allowDuplicate: true, preferredChannel: 'email',
    contactPoints: [{ kind: 'email', value: `${givenName.toLowerCase()}-${randomUUID().slice(0, 6)}@example.org` }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const report = (extra: Record<string, unknown> = {}) => ({
  title: 'Wrong patient label on a blood sample', description: 'The sample was labelled with another patient\'s sticker; caught at the lab.',
  occurredAt: hourAgo(), category: 'patient_identification', harmLevel: 'near_miss', ...extra,
});

async function file(api: Client, extra: Record<string, unknown> = {}) {
  const response = await api.request('POST', '/api/quality/incidents', report(extra));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Incident>();
}

const detail = async (id: string, api: Client = manager) => (await api.request('GET', `/api/quality/incidents/${id}`)).json<Detail>();
const timeline = async (patientId: string) =>
  (await admin.request('GET', `/api/patients/${patientId}/timeline?limit=100`)).json<{ items: { type: string; summary: string; actor: string | null }[] }>().items;

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  manager = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager'));
  const clinicianEmail = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
  clinician = await sessionClient(clinic.careloop, clinicianEmail);
  clinicianId = (await clinician.request('GET', '/api/auth/session')).json<{ user: { id: string } }>().user.id;
  otherClinician = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'clinician'));
  viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
  departmentId = (await admin.request('POST', '/api/departments', { name: 'Laboratory' })).json<{ id: string }>().id;
  const harbor = await addClinic(clinic.careloop, 'harbor');
  otherClinic = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId));
  otherClinicPatientId = await patient(otherClinic, 'Harbor');
  otherClinicUserId = (await otherClinic.request('POST', '/api/users', { email: `${randomUUID().slice(0, 8)}@harbor.test`, displayName: 'Harbor Nurse', role: 'clinician', password: 'a long enough password' })).json<{ id: string }>().id;
});
afterAll(async () => clinic?.close());

describe('staff report incidents', () => {
  it('a clinician reports a near miss about a patient: numbered, under their name, on the patient\'s timeline', async () => {
    const patientId = await patient(admin, 'Nora');
    const filed = await file(clinician, { patientId, departmentId, immediateActions: 'Sample discarded, patient re-drawn.' });
    expect(filed).toMatchObject({ status: 'reported', harmLevel: 'near_miss', anonymous: false, reporter: 'clinician person', reportedByMe: true, patientId, source: 'staff' });
    expect(filed.reference).toMatch(/^INC-\d{4}$/);
    expect(filed.department).toEqual({ id: departmentId, name: 'Laboratory' });
    const entry = (await timeline(patientId)).find((item) => item.type === 'incident.reported');
    expect(entry?.summary).toContain('near miss');
  });

  it('bad input is refused with the field named: unknown harm level, unknown category, a time in the future, an empty description, an unknown field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ harmLevel: 'catastrophic' }, 'harmLevel'],
      [{ category: 'bad_luck' }, 'category'],
      [{ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, 'occurredAt'],
      [{ occurredAt: 'yesterday' }, 'occurredAt'],
      [{ description: '   ' }, 'description'],
      [{ reporterName: 'someone' }, 'reporterName'],
    ];
    for (const [extra, field] of cases) {
      const response = await clinician.request('POST', '/api/quality/incidents', report(extra));
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(errorOf(response).message).toContain(field);
    }
  });

  it('another clinic\'s patient, department, location or conversation is not found (404); nothing is written', async () => {
    const before = (await manager.request('GET', '/api/quality/incidents')).json<{ total: number }>().total;
    const harborDepartment = (await otherClinic.request('POST', '/api/departments', { name: 'Harbor lab' })).json<{ id: string }>().id;
    for (const extra of [{ patientId: otherClinicPatientId }, { departmentId: harborDepartment }, { locationId: randomUUID() }, { conversationId: randomUUID() }]) {
      const response = await clinician.request('POST', '/api/quality/incidents', report(extra));
      expect(response.statusCode, response.body).toBe(404);
    }
    expect((await manager.request('GET', '/api/quality/incidents')).json<{ total: number }>().total).toBe(before);
  });

  it('filters by the days incidents happened on in the clinic\'s time zone (New York), like the dashboard\'s months', async () => {
    // 11:30 PM in New York on 3 March 2025 is already 4 March in UTC.
    const late = await file(clinician, { title: 'Late evening fall in the waiting room', occurredAt: '2025-03-03T23:30:00-05:00' });
    const on = async (day: string) => (await manager.request('GET', `/api/quality/incidents?from=${day}&to=${day}&limit=100`)).json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(await on('2025-03-03')).toContain(late.id);
    expect(await on('2025-03-04')).not.toContain(late.id);
  });

  it('a viewer (quality:read, no quality:report) cannot report; a clinician cannot read the dashboard', async () => {
    expect((await viewer.request('POST', '/api/quality/incidents', report())).statusCode).toBe(403);
    expect((await clinician.request('GET', '/api/quality/dashboard')).statusCode).toBe(403);
  });

  it('a reporter sees only their own named reports; another clinician\'s report is 404 to them', async () => {
    const mine = await file(clinician);
    const theirs = await file(otherClinician);
    const list = (await clinician.request('GET', '/api/quality/incidents?limit=100')).json<{ items: Incident[] }>().items;
    expect(list.map((item) => item.id)).toContain(mine.id);
    expect(list.map((item) => item.id)).not.toContain(theirs.id);
    expect((await clinician.request('GET', `/api/quality/incidents/${theirs.id}`)).statusCode).toBe(404);
    expect((await clinician.request('GET', `/api/quality/incidents/${mine.id}`)).statusCode).toBe(200);
    const all = (await manager.request('GET', '/api/quality/incidents?limit=100')).json<{ items: Incident[] }>().items;
    expect(all.map((item) => item.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('an incident from a complaint conversation keeps the conversation as its source and takes its patient', async () => {
    const patientId = await patient(admin, 'Carla');
    const started = await admin.request('POST', '/api/inbox/conversations', { patientId, channel: 'email', subject: 'Your visit', body: 'We are sorry to hear about your visit.' });
    expect(started.statusCode, started.body).toBe(201);
    const conversationId = started.json<{ id: string }>().id;
    const filed = await file(manager, { conversationId, category: 'communication', harmLevel: 'none' });
    expect(filed).toMatchObject({ source: 'complaint', sourceId: conversationId, patientId });
    const harborConversation = await otherClinic.request('POST', '/api/quality/incidents', report({ conversationId }));
    expect(harborConversation.statusCode, 'another clinic\'s conversation').toBe(404);
  });
});

describe('anonymous reports name nobody', () => {
  it('no reporter in the receipt, the incident, its events or the patient\'s access log; the reporter cannot find it again', async () => {
    const email = await addStaff(clinic.careloop, clinic.organizationId, 'agent', 'whistle.blower@staff.test');
    const reporter = await sessionClient(clinic.careloop, email);
    const patientId = await patient(admin, 'Irene');
    const response = await reporter.request('POST', '/api/quality/incidents/anonymous', report({ patientId, harmLevel: 'moderate', category: 'behaviour_security' }));
    expect(response.statusCode, response.body).toBe(201);
    const receipt = response.json<{ id: string; reference: string; anonymous: boolean }>();
    expect(Object.keys(receipt).sort()).toEqual(['anonymous', 'id', 'reference', 'status']);
    expect(response.body).not.toMatch(/agent person|whistle|Irene/i);

    const seen = await detail(receipt.id);
    expect(seen.incident).toMatchObject({ anonymous: true, reporter: null, reportedByMe: false, harmLevel: 'moderate' });
    expect(JSON.stringify(seen)).not.toMatch(/agent person|whistle/i);
    const list = (await manager.request('GET', '/api/quality/incidents?limit=100')).body;
    expect(list).not.toMatch(/agent person|whistle/i);

    const entry = (await timeline(patientId)).find((item) => item.type === 'incident.reported');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toMatch(/agent person|whistle/i);
    const access = (await admin.request('GET', `/api/patients/${patientId}/access-log?limit=100`)).json<{ items: { actor: string }[] }>().items;
    expect(access.map((item) => item.actor)).not.toContain('agent person');
    // The write of the patient's data is still in the access log, by an actor that names nobody.
    expect(access.map((item) => item.actor)).toContain('Anonymous reporter');

    expect((await reporter.request('GET', `/api/quality/incidents/${receipt.id}`)).statusCode).toBe(404);
    expect((await reporter.request('GET', '/api/quality/incidents?mine=true')).json<{ total: number }>().total).toBe(0);
  });

  it('an anonymous report cannot smuggle a conversation or a reporter field (400)', async () => {
    const response = await clinician.request('POST', '/api/quality/incidents/anonymous', report({ conversationId: randomUUID() }));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toContain('conversationId');
  });
});

describe('root cause analysis', () => {
  it('a quality manager records 6 whys in order, a fishbone and contributing factors; the incident moves to investigating', async () => {
    const filed = await file(clinician);
    const whys = ['The label printer was empty', 'Nobody refilled it', 'Refilling has no owner', 'The checklist omits it', 'The checklist is from 2019', 'Nobody reviews checklists'];
    const saved = await manager.request('PUT', `/api/quality/incidents/${filed.id}/analysis`, {
      problemStatement: 'A sample was labelled for the wrong patient',
      whys,
      causes: [{ category: 'equipment', text: 'Printer out of labels' }, { category: 'process', text: 'Handwritten labels allowed' }, { category: 'people', text: 'Two patients with the same surname' }],
      contributingFactors: ['Busy Monday morning', 'New staff member'],
      rootCause: 'No owner for label stock',
      completed: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const body = saved.json<Detail>();
    expect(body.analysis.whys).toEqual(whys);
    expect(body.analysis.causes.map((cause) => cause.category)).toEqual(['equipment', 'process', 'people']);
    expect(body.analysis.contributingFactors).toEqual(['Busy Monday morning', 'New staff member']);
    expect(body.analysis.completedAt).not.toBeNull();
    expect(body.incident.status).toBe('investigating');
  });

  it('bad analyses are refused: an unknown fishbone category, completed without a root cause, a blank why', async () => {
    const filed = await file(clinician);
    const base = { whys: ['Why one'], causes: [], contributingFactors: [] };
    const unknown = await manager.request('PUT', `/api/quality/incidents/${filed.id}/analysis`, { ...base, causes: [{ category: 'weather', text: 'Rain' }] });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).message).toContain('category');
    const noRoot = await manager.request('PUT', `/api/quality/incidents/${filed.id}/analysis`, { ...base, completed: true });
    expect(noRoot.statusCode).toBe(400);
    expect(errorOf(noRoot).message).toContain('rootCause');
    const blank = await manager.request('PUT', `/api/quality/incidents/${filed.id}/analysis`, { ...base, whys: ['  '] });
    expect(blank.statusCode).toBe(400);
    expect((await detail(filed.id)).analysis.whys).toEqual([]);
  });

  it('a reporter without quality:manage cannot run the analysis, add actions or change the status (403)', async () => {
    const filed = await file(clinician);
    expect((await clinician.request('PUT', `/api/quality/incidents/${filed.id}/analysis`, { whys: ['x'], causes: [], contributingFactors: [] })).statusCode).toBe(403);
    expect((await clinician.request('POST', `/api/quality/incidents/${filed.id}/actions`, { kind: 'corrective', title: 'x', ownerId: clinicianId, dueDate: inDays(3) })).statusCode).toBe(403);
    expect((await clinician.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'under_review' })).statusCode).toBe(403);
    expect((await clinician.request('PATCH', `/api/quality/incidents/${filed.id}`, { harmLevel: 'death' })).statusCode).toBe(403);
  });
});

describe('corrective and preventive actions', () => {
  it('an action has an owner and a due date; its owner completes it, a manager verifies it effective, then the incident can close', async () => {
    const patientId = await patient(admin, 'Paula');
    const filed = await file(clinician, { patientId });
    const added = await manager.request('POST', `/api/quality/incidents/${filed.id}/actions`, { kind: 'corrective', title: 'Name an owner for label stock', ownerId: clinicianId, dueDate: inDays(7) });
    expect(added.statusCode, added.body).toBe(201);
    const action = added.json<Action>();
    expect(action).toMatchObject({ status: 'open', ownerId: clinicianId, dueDate: inDays(7), overdue: false });
    expect((await detail(filed.id)).incident).toMatchObject({ status: 'actions_open', openActions: 1 });

    expect((await otherClinician.request('POST', `/api/quality/actions/${action.id}/complete`, { note: 'done' })).statusCode, 'not the owner').toBe(403);
    const early = await manager.request('POST', `/api/quality/actions/${action.id}/verify`, { effective: true, note: 'checked' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('action_not_completed');
    const done = await clinician.request('POST', `/api/quality/actions/${action.id}/complete`, { note: 'Ward clerk owns label stock from today' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Action>().status).toBe('completed');

    const notYet = await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'closed', note: 'Learned.' });
    expect(notYet.statusCode).toBe(409);
    expect(errorOf(notYet).code).toBe('actions_pending');
    const verified = await manager.request('POST', `/api/quality/actions/${action.id}/verify`, { effective: true, note: 'No mislabelled sample in 4 weeks of audits' });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json<{ action: Action }>().action.status).toBe('effective');

    expect((await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'closed' })).statusCode, 'closing needs a note').toBe(400);
    const closed = await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'closed', note: 'Label stock has an owner.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<Incident>().nextStatuses).toEqual(['under_review']);
    const edit = await manager.request('PATCH', `/api/quality/incidents/${filed.id}`, { harmLevel: 'mild' });
    expect(edit.statusCode).toBe(409);
    expect(errorOf(edit).code).toBe('incident_closed');
    const types = (await timeline(patientId)).map((item) => item.type);
    expect(types).toEqual(expect.arrayContaining(['incident.reported', 'capa_action.created', 'capa_action.completed', 'capa_action.verified', 'incident.updated']));
  });

  it('not effective: the action is reopened with a new due date, or closed and replaced by a new action', async () => {
    const filed = await file(clinician);
    const add = async (title: string) => (await manager.request('POST', `/api/quality/incidents/${filed.id}/actions`, { kind: 'preventive', title, ownerId: clinicianId, dueDate: today() })).json<Action>();
    const first = await add('Double-check labels at the bedside');
    await clinician.request('POST', `/api/quality/actions/${first.id}/complete`, { note: 'Posters up' });
    const noThen = await manager.request('POST', `/api/quality/actions/${first.id}/verify`, { effective: false, note: 'Still happening' });
    expect(noThen.statusCode).toBe(400);
    expect(errorOf(noThen).message).toContain('then');
    const reopened = await manager.request('POST', `/api/quality/actions/${first.id}/verify`, { effective: false, note: 'Still happening', then: 'reopen', dueDate: inDays(14) });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json<{ action: Action }>().action).toMatchObject({ status: 'open', dueDate: inDays(14), reopenedCount: 1, verificationNote: 'Still happening' });

    await clinician.request('POST', `/api/quality/actions/${first.id}/complete`, { note: 'Added a scanner' });
    const replaced = await manager.request('POST', `/api/quality/actions/${first.id}/verify`, {
      effective: false, note: 'Scanner unused', then: 'new_action', newAction: { kind: 'corrective', title: 'Barcode wristbands', ownerId: clinicianId, dueDate: inDays(30) },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const result = replaced.json<{ action: Action; newAction: Action }>();
    expect(result.action.status).toBe('not_effective');
    expect(result.newAction).toMatchObject({ status: 'open', replacesActionId: first.id });
  });

  it('bad actions are refused: another clinic\'s owner (404), a past or impossible due date (400), an unknown kind (400), another clinic\'s incident (404)', async () => {
    const filed = await file(clinician);
    const post = (body: Record<string, unknown>, api: Client = manager, id = filed.id) =>
      api.request('POST', `/api/quality/incidents/${id}/actions`, { kind: 'corrective', title: 'Fix it', ownerId: clinicianId, dueDate: inDays(3), ...body });
    expect((await post({ ownerId: otherClinicUserId })).statusCode).toBe(404);
    const past = await post({ dueDate: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(errorOf(past).message).toContain('dueDate');
    expect((await post({ dueDate: '2030-02-30' })).statusCode).toBe(400);
    expect((await post({ kind: 'punitive' })).statusCode).toBe(400);
    expect((await post({}, otherClinic)).statusCode, 'another clinic cannot add to this incident').toBe(404);
    expect((await detail(filed.id)).actions).toHaveLength(0);
  });

  it('an overdue action is announced once, and its owner gets a follow-up task', async () => {
    const filed = await file(clinician);
    const action = (await manager.request('POST', `/api/quality/incidents/${filed.id}/actions`, { kind: 'corrective', title: 'Replace the broken fridge alarm', ownerId: clinicianId, dueDate: today() })).json<Action>();
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(await markOverdueActions(clinic.careloop.platform, later)).toBeGreaterThanOrEqual(1);
    expect(await markOverdueActions(clinic.careloop.platform, later)).toBe(0);
    const tasks = (await admin.request('GET', `/api/tasks?ownerId=${clinicianId}&limit=100`)).json<{ items: { title: string; source: { type: string; id: string } | null }[] }>().items;
    const reminder = tasks.filter((task) => task.source?.type === 'capa_action' && task.source.id.startsWith(action.id));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.title).toContain('Replace the broken fridge alarm');
    const mine = (await clinician.request('GET', '/api/quality/actions?status=open&limit=100')).json<{ items: Action[] }>().items;
    expect(mine.every((item) => item.ownerId === clinicianId)).toBe(true);
  });
});

describe('workflow and tenancy', () => {
  it('illegal moves are 409 with the allowed ones; another clinic\'s incident is 404 everywhere', async () => {
    const filed = await file(clinician);
    const jump = await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'actions_open' });
    expect(jump.statusCode).toBe(409);
    expect(errorOf(jump)).toMatchObject({ code: 'illegal_transition', details: { allowed: ['under_review', 'investigating', 'closed'] } });
    expect((await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'lost' })).statusCode).toBe(400);
    expect((await manager.request('POST', `/api/quality/incidents/${filed.id}/status`, { status: 'under_review' })).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['GET', `/api/quality/incidents/${filed.id}`, undefined],
      ['PATCH', `/api/quality/incidents/${filed.id}`, { harmLevel: 'mild' }],
      ['POST', `/api/quality/incidents/${filed.id}/status`, { status: 'closed', note: 'x' }],
      ['PUT', `/api/quality/incidents/${filed.id}/analysis`, { whys: ['x'], causes: [], contributingFactors: [] }],
    ] as const) {
      expect((await otherClinic.request(method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await otherClinic.request('GET', '/api/quality/incidents')).json<{ total: number }>().total).toBe(0);
  });
});

describe('the quality dashboard', () => {
  it('counts incidents this month by harm level and category, open actions, and lists top RPNs', async () => {
    await file(manager, { harmLevel: 'severe', category: 'medication' });
    const response = await manager.request('GET', '/api/quality/dashboard?months=6');
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json<{ months: { month: string; total: number; byHarm: Record<string, number>; byCategory: Record<string, number> }[]; openIncidents: number; actions: { open: number; overdue: number }; topRisks: unknown[] }>();
    expect(dashboard.months).toHaveLength(6);
    const thisMonth = dashboard.months.at(-1)!;
    expect(thisMonth.byHarm.severe).toBeGreaterThanOrEqual(1);
    expect(thisMonth.byCategory.medication).toBeGreaterThanOrEqual(1);
    expect(thisMonth.total).toBe(Object.values(thisMonth.byHarm).reduce((a, b) => a + b, 0));
    expect(dashboard.openIncidents).toBeGreaterThan(0);
    expect(dashboard.actions.open).toBeGreaterThan(0);
    expect(Array.isArray(dashboard.topRisks)).toBe(true);
    expect((await manager.request('GET', '/api/quality/dashboard?months=99')).statusCode).toBe(400);
    const harbor = (await otherClinic.request('GET', '/api/quality/dashboard')).json<{ openIncidents: number }>();
    expect(harbor.openIncidents, 'another clinic sees none of these').toBe(0);
  });
});

describe('a recovery case escalated to an incident', () => {
  it('closing a case as escalated files one incident for it, with the patient, the note and the patient\'s words; a repeat of the event files no second', async () => {
    const item = (id: string, kind: string) => ({ id, key: id, kind, text: `Question ${id}?`, textEs: `¿Pregunta ${id}?`, required: false });
    const survey = await admin.request('POST', '/api/feedback/surveys', { name: 'After the visit', trigger: 'manual', throttleDays: 0, items: [item('recommend', 'nps'), item('comment', 'text')] });
    expect(survey.statusCode, survey.body).toBe(201);
    const patientId = await patient(admin, 'Rosa');
    expect((await admin.request('POST', `/api/feedback/surveys/${survey.json<{ id: string }>().id}/send`, { patientId })).statusCode).toBe(201);
    const outbox = (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { patientId: string | null; body: string }[] }>().items;
    const token = outbox.filter((message) => message.patientId === patientId).map((message) => /\/s\/([A-Za-z0-9._~-]+)/.exec(message.body)?.[1]).find(Boolean);
    const answered = await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers: { recommend: 1, comment: 'The nurse gave me the wrong leaflet' } } });
    expect(answered.statusCode, answered.body).toBe(201);
    const recovery = (await admin.request('GET', '/api/feedback/recovery-cases?limit=100')).json<{ items: { id: string; patient: { id: string } }[] }>().items.find((c) => c.patient.id === patientId)!;
    let escalated: { type: string; organizationId: string; patientId?: string; actor: { type: string; id: string | null; label: string }; at: string; data: Record<string, unknown>; version: number } | undefined;
    const unsubscribe = clinic.careloop.platform.events.subscribe('recovery_case.escalated', (event) => { escalated = event; });
    const closed = await manager.request('POST', `/api/feedback/recovery-cases/${recovery.id}/close`, { outcome: 'escalated', note: 'Wrong medication leaflet: needs a review' });
    unsubscribe();
    expect(closed.statusCode, closed.body).toBe(200);

    const fromCase = async () => (await manager.request('GET', `/api/quality/incidents?patientId=${patientId}`)).json<{ items: Incident[] }>().items;
    const [incident, ...more] = await fromCase();
    expect(more).toHaveLength(0);
    expect(incident).toMatchObject({ source: 'recovery_case', sourceId: recovery.id, patientId, harmLevel: 'none', status: 'reported' });
    const full = await detail(incident!.id);
    expect(JSON.stringify(full)).toContain('Wrong medication leaflet');
    expect(JSON.stringify(full)).toContain('The nurse gave me the wrong leaflet');

    // The same event delivered again (a retry, a second process) finds the incident it made.
    await clinic.careloop.platform.events.publish(escalated!);
    expect(await fromCase()).toHaveLength(1);
  });
});
