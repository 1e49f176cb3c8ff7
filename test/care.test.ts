import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueTasks } from '../src/modules/care/jobs.js';
import type { Task } from '../src/modules/care/schemas.js';
import { createTask } from '../src/modules/care/service.js';
import type { DomainEvent } from '../src/platform/events.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let api: Client;
let patientId: string;
let nurse: { id: string; email: string };
const events: DomainEvent[] = [];
const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

async function register(client: Client, body: Record<string, unknown>): Promise<{ id: string; mrn: string }> {
  const response = await client.request('POST', '/api/patients', body);
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  return response.json();
}

async function newTask(body: Record<string, unknown>, client = api): Promise<Task> {
  const response = await client.request('POST', '/api/tasks', body);
  if (response.statusCode !== 201) throw new Error(`task not created: ${response.body}`);
  return response.json<Task>();
}

const change = (id: string, body: Record<string, unknown>, client = api) => client.request('PATCH', `/api/tasks/${id}`, body);
const list = async (query: string, client = api) => (await client.request('GET', `/api/tasks${query}`)).json<{ items: Task[]; total: number }>();
const read = async (id: string) => (await api.request('GET', `/api/tasks/${id}`)).json<Task>();
const timeline = async (id: string) => (await api.request('GET', `/api/patients/${id}/timeline?limit=100`)).json<{ items: { type: string; summary: string }[] }>().items;
const eventsOf = (type: string, taskId: string) => events.filter((e) => e.type === type && e.data.taskId === taskId);

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('*', (event) => { if (event.type.startsWith('task.')) events.push(event); });
  patientId = (await register(api, { givenName: 'Grace', familyName: 'Obi', dateOfBirth: '1958-04-12' })).id;
  const email = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
  const staff = (await api.request('GET', '/api/users')).json<{ id: string; email: string }[]>();
  nurse = { id: staff.find((user) => user.email === email)!.id, email };
});
afterAll(async () => { await clinic?.close(); });

describe('the follow-up worklist', () => {
  it("turns a missed call into a callback due within the hour, on the patient's timeline", async () => {
    const task = await newTask({ patientId, kind: 'callback', title: 'Missed call from +1 555 0100' });
    expect(task).toMatchObject({
      kind: 'callback', status: 'open', priority: 'normal', patientId, patient: { id: patientId, name: 'Grace Obi' },
      ownerId: null, overdue: false, source: null, createdBy: 'API token "test admin"', completedAt: null, outcome: null,
    });
    expect(Math.abs(Date.parse(task.dueAt) - (Date.now() + HOUR))).toBeLessThan(60_000);
    expect(await read(task.id)).toEqual(task);
    expect(await timeline(patientId)).toContainEqual(expect.objectContaining({ type: 'task.created', summary: 'Callback task: Missed call from +1 555 0100' }));
    expect(eventsOf('task.created', task.id)[0]).toMatchObject({ patientId, organizationId: clinic.organizationId });
  });

  it('lists open tasks soonest due first, filtered by owner, kind, patient, department and lateness', async () => {
    const other = (await register(api, { givenName: 'Ayo', familyName: 'Bello', dateOfBirth: '1990-01-01' })).id;
    const department = (await api.request('POST', '/api/departments', { name: 'Cardiology' })).json<{ id: string }>().id;
    const visitCall = await newTask({ patientId: other, kind: 'post_visit_call', title: 'How is the knee?', ownerId: nurse.id, dueAt: inHours(48) });
    const lab = await newTask({ patientId: other, kind: 'lab_result', title: 'Call with HbA1c', departmentId: department, dueAt: inHours(-1) });
    const note = await newTask({ patientId: other, kind: 'other', title: 'Send the letter' });
    expect(Math.abs(Date.parse(note.dueAt) - (Date.now() + 24 * HOUR))).toBeLessThan(60_000);
    expect(visitCall.ownerName).toBe('clinician person');
    expect(lab.overdue).toBe(true);

    const ids = async (query: string) => (await list(`?patientId=${other}${query}`)).items.map((t) => t.id);
    expect(await ids('')).toEqual([lab.id, note.id, visitCall.id]);
    expect(await ids('&kind=lab_result')).toEqual([lab.id]);
    expect(await ids(`&ownerId=${nurse.id}`)).toEqual([visitCall.id]);
    expect(await ids('&overdue=true')).toEqual([lab.id]);
    expect(await ids('&overdue=false')).toEqual([note.id, visitCall.id]);
    expect(await ids(`&departmentId=${department}`)).toEqual([lab.id]);
    expect(await list(`?patientId=${other}&limit=2&offset=1`)).toMatchObject({ total: 3, items: [{ id: note.id }, { id: visitCall.id }] });

    const nurseSession = await sessionClient(clinic.careloop, nurse.email);
    expect((await list('?owner=me', nurseSession)).items.map((t) => t.id)).toEqual([visitCall.id]);
    expect(errorOf(await api.request('GET', '/api/tasks?owner=me')).code).toBe('invalid_request'); // a token is nobody's "me"
  });

  it('completes a task with its outcome, cancels another, and keeps closed tasks closed', async () => {
    const task = await newTask({ patientId, kind: 'recovery_call', title: 'Unhappy with the wait' });
    const noOutcome = await change(task.id, { status: 'done' });
    expect(noOutcome.statusCode).toBe(400);
    expect(errorOf(noOutcome).details).toEqual({ fields: [expect.objectContaining({ field: 'outcome' })] });
    expect((await change(task.id, { outcome: 'Apologized' })).statusCode).toBe(400);

    const done = await change(task.id, { status: 'done', outcome: 'Apologized; booked an earlier slot' });
    expect(done.json<Task>()).toMatchObject({ status: 'done', outcome: 'Apologized; booked an earlier slot', overdue: false });
    expect(done.json<Task>().completedAt).not.toBeNull();
    expect((await list('?limit=100')).items.map((t) => t.id)).not.toContain(task.id);
    expect((await list('?status=done')).items.map((t) => t.id)).toContain(task.id);

    const reopen = await change(task.id, { status: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(errorOf(reopen).code).toBe('task_closed');
    expect(errorOf(await change(task.id, { title: 'Edited later' })).code).toBe('task_closed');
    expect(await timeline(patientId)).toContainEqual(expect.objectContaining({ type: 'task.completed', summary: 'Recovery call task done: Unhappy with the wait (Apologized; booked an earlier slot)' }));

    const dropped = await newTask({ patientId, kind: 'other', title: 'Duplicate reminder' });
    expect((await change(dropped.id, { status: 'cancelled' })).json<Task>()).toMatchObject({ status: 'cancelled', outcome: null });
    expect(eventsOf('task.cancelled', dropped.id)).toHaveLength(1);
  });

  it('reassigns, reschedules and unassigns a task', async () => {
    const task = await newTask({ patientId, kind: 'callback', title: 'Question about the bill' });
    expect((await change(task.id, { ownerId: nurse.id })).json<Task>()).toMatchObject({ ownerId: nurse.id, ownerName: 'clinician person' });
    expect(eventsOf('task.reassigned', task.id)[0]!.data.summary).toBe('Callback task given to clinician person: Question about the bill');
    expect((await change(task.id, { dueAt: '2030-01-02T09:00:00-05:00', priority: 'high' })).json<Task>()).toMatchObject({ dueAt: '2030-01-02T14:00:00.000Z', priority: 'high' });
    expect((await change(task.id, { ownerId: null })).json<Task>()).toMatchObject({ ownerId: null, ownerName: null });
    expect(eventsOf('task.reassigned', task.id)).toHaveLength(2);
  });
});

describe('one task per source', () => {
  it('a repeat with the same source returns the first task and announces nothing new', async () => {
    const source = { type: 'call', id: 'CA0001' };
    const first = await newTask({ patientId, kind: 'callback', title: 'Missed call', source });
    const again = await newTask({ patientId, kind: 'callback', title: 'Missed call, second webhook', source });
    expect(again).toEqual(first);
    expect(first.source).toEqual(source);
    expect(eventsOf('task.created', first.id)).toHaveLength(1);

    const actor = systemActor(clinic.organizationId);
    const input = { kind: 'callback' as const, title: 'Voicemail', source: { type: 'call', id: 'CA0002' } };
    const [a, b] = await Promise.all([createTask(clinic.careloop.platform, actor, input), createTask(clinic.careloop.platform, actor, input)]);
    expect(a.id).toBe(b.id);

    const harbor = await addClinic(clinic.careloop, 'harbor-src');
    const theirs = await createTask(clinic.careloop.platform, systemActor(harbor.organizationId), { kind: 'callback', title: 'Missed call', source });
    expect(theirs.id).not.toBe(first.id); // sources are per clinic
  });
});

describe('bad input', () => {
  it('refuses what it cannot use with a clear 400 and writes nothing', async () => {
    const before = (await list('?limit=1')).total;
    const refused = [
      await api.request('POST', '/api/tasks', { kind: 'home_visit', title: 'Visit' }),
      await api.request('POST', '/api/tasks', { kind: 'other', title: 'Soon', dueAt: 'tomorrow' }),
      await api.request('POST', '/api/tasks', { kind: 'other', title: 'Soon', dueAt: '2025-02-30T10:00:00Z' }),
      await api.request('POST', '/api/tasks', { kind: 'other', title: '   ' }),
      await api.request('POST', '/api/tasks', { kind: 'other', title: 'Extra', color: 'red' }),
      await api.request('POST', '/api/tasks', { kind: 'other', title: 'Bad id', patientId: 'patient-1' }),
      await api.request('GET', '/api/tasks/not-a-uuid'),
      await api.request('PATCH', '/api/tasks/not-a-uuid', { title: 'x' }),
      await api.request('GET', '/api/tasks?status=lost'),
    ];
    expect(refused.map((r) => [r.statusCode, errorOf(r).code])).toEqual(refused.map(() => [400, 'invalid_request']));
    expect((await list('?limit=1')).total).toBe(before);

    const missing = await api.request('GET', '/api/tasks/00000000-0000-4000-8000-000000000000');
    expect([missing.statusCode, errorOf(missing).code]).toEqual([404, 'not_found']);
    const late = await newTask({ kind: 'other', title: 'Logged late', dueAt: inHours(-3) }); // a time already past is fine
    expect(late.overdue).toBe(true);
  });

  it("keeps clinics apart: another clinic's patient, staff and tasks are simply not found", async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const theirApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId, 'admin'));
    const theirPatient = await register(theirApi, { givenName: 'Ottoline', familyName: 'Wexford', dateOfBirth: '1970-03-03' });
    const theirAdmin = (await theirApi.request('GET', '/api/users')).json<{ id: string }[]>()[0]!.id;

    const response = await api.request('POST', '/api/tasks', { patientId: theirPatient.id, kind: 'callback', title: 'Call' });
    expect([response.statusCode, errorOf(response).code]).toEqual([404, 'not_found']);
    expect(response.body).not.toMatch(/Wexford|Ottoline|harbor/i);
    expect((await api.request('POST', '/api/tasks', { kind: 'callback', title: 'Call', ownerId: theirAdmin })).statusCode).toBe(404);

    const ours = await newTask({ patientId, kind: 'callback', title: 'Ours only' });
    expect((await theirApi.request('GET', `/api/tasks/${ours.id}`)).statusCode).toBe(404);
    expect((await theirApi.request('PATCH', `/api/tasks/${ours.id}`, { title: 'Theirs now' })).statusCode).toBe(404);
    expect((await list('', theirApi)).total).toBe(0);
  });

  it('refuses a task for a merged record (409, pointing at the kept one) and moves existing tasks on merge', async () => {
    const keep = await register(api, { givenName: 'Miriam', familyName: 'Osei', dateOfBirth: '1981-08-08' });
    const dupe = await register(api, { givenName: 'Miriam', familyName: 'Osei', dateOfBirth: '1981-08-08', allowDuplicate: true });
    const before = await newTask({ patientId: dupe.id, kind: 'callback', title: 'Asked for results' });
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    expect((await admin.request('POST', `/api/patients/${keep.id}/merge`, { duplicateId: dupe.id })).statusCode).toBe(200);

    const refused = await api.request('POST', '/api/tasks', { patientId: dupe.id, kind: 'callback', title: 'Call' });
    expect([refused.statusCode, errorOf(refused).code, errorOf(refused).details]).toEqual([409, 'patient_merged', { replacedBy: keep.id }]);
    expect(await read(before.id)).toMatchObject({ patientId: keep.id, patient: { id: keep.id, mrn: keep.mrn } });
  });

  it('lets a viewer read the worklist but not change it', async () => {
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    const task = await newTask({ kind: 'other', title: 'Order supplies' });
    expect((await viewer.request('GET', `/api/tasks/${task.id}`)).statusCode).toBe(200);
    const create = await viewer.request('POST', '/api/tasks', { kind: 'other', title: 'Not allowed' });
    expect([create.statusCode, errorOf(create).code]).toEqual([403, 'forbidden']);
    expect((await change(task.id, { status: 'cancelled' }, viewer)).statusCode).toBe(403);
    expect((await read(task.id)).status).toBe('open');
  });
});

describe('overdue escalation', () => {
  it('is scheduled every five minutes', async () => {
    const schedules = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule`.execute(clinic.careloop.platform.db);
    expect(schedules.rows).toContainEqual({ name: 'care.escalate-overdue', cron: '*/5 * * * *' });
  });

  it('raises the priority of a late task nobody acted on, once, and puts it on the timeline', async () => {
    const platform = clinic.careloop.platform;
    const refill = await newTask({ patientId, kind: 'callback', title: 'Return call about refill', priority: 'low' });
    const urgent = await newTask({ kind: 'other', title: 'Fax the referral', priority: 'urgent', dueAt: inHours(0.5) });
    await escalateOverdueTasks(platform);
    expect((await read(refill.id)).priority).toBe('low'); // not due yet

    const later = new Date(Date.now() + 2 * HOUR);
    expect(await escalateOverdueTasks(platform, later)).toBeGreaterThanOrEqual(2);
    expect((await read(refill.id)).priority).toBe('normal');
    expect((await read(urgent.id)).priority).toBe('urgent');
    expect(eventsOf('task.overdue', urgent.id)).toHaveLength(1);

    await escalateOverdueTasks(platform, later);
    await escalateOverdueTasks(platform, new Date(later.getTime() + HOUR));
    expect((await read(refill.id)).priority).toBe('normal');
    expect(eventsOf('task.overdue', refill.id)).toHaveLength(1);
    expect(await timeline(patientId)).toContainEqual(expect.objectContaining({ type: 'task.overdue', summary: 'Callback task overdue: Return call about refill (priority raised to normal)' }));
  });

  it('leaves a late task alone once someone worked on it, escalates one created late, and re-arms on a new due time', async () => {
    const platform = clinic.careloop.platform;
    const createdLate = await newTask({ kind: 'other', title: 'Created late', dueAt: inHours(-1) });
    const worked = await newTask({ kind: 'other', title: 'Worked on late', dueAt: inHours(-1) });
    await change(worked.id, { details: 'Left a voicemail' });
    await escalateOverdueTasks(platform);
    expect((await read(createdLate.id)).priority).toBe('high');
    expect((await read(worked.id)).priority).toBe('normal');

    await change(worked.id, { dueAt: inHours(1) });
    await escalateOverdueTasks(platform, new Date(Date.now() + 2 * HOUR));
    expect((await read(worked.id)).priority).toBe('high');
    expect(eventsOf('task.overdue', worked.id)).toHaveLength(1);
  });
});
