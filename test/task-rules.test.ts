import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceOverdueReferrals } from '../src/modules/care/referral-jobs.js';
import type { Task } from '../src/modules/care/schemas.js';
import type { Preview, TaskRule } from '../src/modules/care/task-rule-schemas.js';
import type { DomainEvent } from '../src/platform/events.js';
import { addClinic, apiToken, errorOf, PASSWORD, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let cardiology: string;
let head: { id: string; name: string };
let patientId: string;
const DAY = 86_400_000;
const published: DomainEvent[] = [];

async function post<T>(url: string, body: unknown, client = api): Promise<T> {
  const response = await client.request('POST', url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

async function staff(displayName: string, departmentId: string | null) {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}@staff.test`;
  const user = await post<{ id: string }>('/api/users', { email, displayName, role: 'clinician', password: PASSWORD, ...(departmentId && { departmentId }) });
  return { id: user.id, name: displayName };
}

let dayOffset = 0;
async function book(providerIndex = 0, patient = patientId) {
  const startsAt = new Date(Date.UTC(2027, 2, 1 + dayOffset++, 15, 0)).toISOString();
  return (await post<{ id: string }>('/api/scheduling/appointments', {
    patientId: patient, serviceId: schedule.serviceId, providerId: schedule.providerIds[providerIndex], locationId: schedule.locationId, startsAt,
  })).id;
}
async function completeVisit(providerIndex = 0, patient = patientId) {
  const id = await book(providerIndex, patient);
  for (const status of ['arrived', 'completed']) await post(`/api/scheduling/appointments/${id}/status`, { status });
  return id;
}

const rule = (body: Record<string, unknown>) => post<TaskRule>('/api/task-rules', body);
const madeBy = async (ruleId: string) => (await api.request('GET', '/api/tasks?limit=100')).json<{ items: Task[] }>().items.filter((t) => t.rule?.id === ruleId);

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('*', (event) => { published.push(event); });
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 2 });
  cardiology = (await post<{ id: string }>('/api/departments', { name: 'Cardiology' })).id;
  head = await staff('Dana Ruiz', cardiology);
  expect((await api.request('PATCH', `/api/departments/${cardiology}`, { ownerId: head.id })).statusCode).toBe(200);
  expect((await api.request('PATCH', `/api/scheduling/services/${schedule.serviceId}`, { departmentId: cardiology })).statusCode).toBe(200);
  patientId = (await post<{ id: string }>('/api/patients', { givenName: 'Grace', familyName: 'Obi', dateOfBirth: '1958-04-12' })).id;
});
afterAll(async () => { await clinic?.close(); });

describe('a rule turns an event into one task', () => {
  it("makes a post-visit call for the department's owner when a cardiology visit is completed, once however often the event comes", async () => {
    const callRule = await rule({
      name: 'Call after cardiology visits', event: 'visit.completed', conditions: { serviceIds: [schedule.serviceId] },
      task: { kind: 'post_visit_call', title: 'Call {{patient}} after the {{service}} of {{date}}', priority: 'high', dueIn: { amount: 2, unit: 'days' } },
      owner: { type: 'department_owner' },
    });
    expect(callRule).toMatchObject({ enabled: true, eventLabel: 'A visit is completed', owner: { type: 'department_owner', departmentId: null }, tasksMade: 0, task: { dueIn: { amount: 2, unit: 'days' } } });

    const before = Date.now();
    const appointmentId = await completeVisit();
    const [task, ...others] = await madeBy(callRule.id);
    expect(others).toEqual([]);
    expect(task).toMatchObject({
      kind: 'post_visit_call', priority: 'high', patientId, ownerId: head.id, ownerName: 'Dana Ruiz', departmentId: cardiology,
      title: expect.stringMatching(/^Call Grace Obi after the Follow-up visit of \d+ Mar 2027, \d\d:\d\d$/),
      rule: { id: callRule.id, name: 'Call after cardiology visits' }, createdBy: 'Task rule: Call after cardiology visits',
    });
    expect(Date.parse(task!.dueAt) - before).toBeGreaterThanOrEqual(2 * DAY - 1000);
    expect(Date.parse(task!.dueAt) - Date.now()).toBeLessThanOrEqual(2 * DAY);

    // The same event again (a retry, a second process): nothing new.
    const event = published.find((e) => e.type === 'visit.completed' && e.data.appointmentId === appointmentId)!;
    await clinic.careloop.platform.events.publish(event);
    expect(await madeBy(callRule.id)).toHaveLength(1);
    expect((await api.request('GET', `/api/task-rules/${callRule.id}`)).json<TaskRule>()).toMatchObject({ tasksMade: 1, lastTaskAt: expect.any(String) });
    const timeline = (await api.request('GET', `/api/patients/${patientId}/timeline?limit=100`)).json<{ items: { type: string; summary: string }[] }>().items;
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'task.created', summary: expect.stringMatching(/^Post-visit call task: Call Grace Obi/) }));

    // Disabled, it makes nothing; enabled again, it acts on the next visit.
    expect((await api.request('PATCH', `/api/task-rules/${callRule.id}`, { enabled: false })).json<TaskRule>().enabled).toBe(false);
    await completeVisit();
    expect(await madeBy(callRule.id)).toHaveLength(1);
    await api.request('PATCH', `/api/task-rules/${callRule.id}`, { enabled: true });
    await completeVisit();
    expect(await madeBy(callRule.id)).toHaveLength(2);
    await api.request('PATCH', `/api/task-rules/${callRule.id}`, { enabled: false });
  });

  it('only fires when its conditions hold (another provider is not this rule’s business)', async () => {
    const onlySecond = await rule({
      name: 'Second provider only', event: 'visit.completed', conditions: { providerIds: [schedule.providerIds[1]], departmentIds: [cardiology] },
      task: { kind: 'other', title: 'Letter for {{provider}}', dueIn: { amount: 30, unit: 'minutes' } }, owner: { type: 'unassigned' },
    });
    await completeVisit(0);
    expect(await madeBy(onlySecond.id)).toEqual([]);
    await completeVisit(1);
    expect((await madeBy(onlySecond.id)).map((t) => [t.title, t.ownerId, t.departmentId])).toEqual([['Letter for Dr. Provider 002', null, cardiology]]);
    await api.request('PATCH', `/api/task-rules/${onlySecond.id}`, { enabled: false });
  });

  it('hands no-show callbacks round the department in turn', async () => {
    const nurses = [await staff('Nurse Ada', cardiology), await staff('Nurse Ben', cardiology)].sort((a, b) => a.id.localeCompare(b.id));
    const members = [head, ...nurses].sort((a, b) => a.id.localeCompare(b.id));
    const noShowRule = await rule({
      name: 'No-show callback', event: 'appointment.no_show', task: { kind: 'callback', title: '{{patient}} missed the visit', dueIn: { amount: 4, unit: 'hours' } },
      owner: { type: 'round_robin', departmentId: cardiology },
    });
    for (let i = 0; i < 4; i++) await post(`/api/scheduling/appointments/${await book()}/status`, { status: 'no_show' });
    const owners = (await madeBy(noShowRule.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((t) => t.ownerId);
    expect(owners).toEqual([members[0]!.id, members[1]!.id, members[2]!.id, members[0]!.id]);
  });

  it('chases an urgent referral that went overdue, once, and leaves routine ones to the worklist', async () => {
    const chase = await rule({
      name: 'Chase urgent referrals', event: 'referral.overdue', conditions: { urgencies: ['urgent', 'emergency'] },
      task: { kind: 'referral_follow_up', title: 'Chase {{urgency}} referral to {{destination}} for {{patient}}', details: '{{summary}}', dueIn: { amount: 1, unit: 'hours' } },
      owner: { type: 'staff', userId: head.id },
    });
    const urgent = await post<{ id: string }>('/api/referrals', { patientId, kind: 'specialty', urgency: 'urgent', destination: 'Cardiology clinic', reason: 'Chest pain on exertion' });
    const routine = await post<{ id: string }>('/api/referrals', { patientId, kind: 'test', urgency: 'routine', destination: 'Echo lab', reason: 'Murmur' });
    const later = new Date(Date.now() + 60 * DAY);
    await announceOverdueReferrals(clinic.careloop.platform, later);
    await announceOverdueReferrals(clinic.careloop.platform, later);
    const made = await madeBy(chase.id);
    expect(made.map((t) => [t.title, t.ownerId, t.kind])).toEqual([['Chase urgent referral to Cardiology clinic for Grace Obi', head.id, 'referral_follow_up']]);
    expect(made[0]!.details).toMatch(/overdue/i);
    expect(made[0]!.source).toEqual({ type: 'task_rule', id: `${chase.id}:referral.overdue:${urgent.id}` });
    expect(published.filter((e) => e.type === 'referral.overdue' && e.data.referralId === routine.id)).toHaveLength(1);
  });
});

describe('preview', () => {
  it("shows which of the last week's events a rule would have matched, and what its tasks would have read", async () => {
    const body = {
      event: 'visit.completed', conditions: { providerIds: [schedule.providerIds[1]] },
      task: { kind: 'post_visit_call', title: 'Ring {{patient}} ({{provider}})', dueIn: { amount: 1, unit: 'days' } }, owner: { type: 'department_owner', departmentId: cardiology },
    };
    const preview = await post<Preview>('/api/task-rules/preview', body);
    expect(preview).toMatchObject({ days: 7, matched: 1, sample: [{ title: 'Ring Grace Obi (Dr. Provider 002)', ownerName: 'Dana Ruiz', patient: { id: patientId, name: 'Grace Obi' } }] });
    expect(preview.events).toBeGreaterThanOrEqual(5);
    const everything = await post<Preview>('/api/task-rules/preview', { ...body, conditions: {} });
    expect(everything.matched).toBe(everything.events);
    expect(await madeBy('')).toEqual([]); // a preview makes nothing
    const none = await post<Preview>('/api/task-rules/preview', { ...body, event: 'referral.declined', task: { ...body.task, title: 'Declined' }, conditions: {} });
    expect(none).toMatchObject({ events: 0, matched: 0, sample: [] });
  });
});

describe('bad input', () => {
  const good = { name: 'Good rule', event: 'visit.completed', task: { kind: 'other', title: 'Follow up', dueIn: { amount: 1, unit: 'days' } }, owner: { type: 'unassigned' } };
  it('refuses a rule it could not run, naming the field, and writes nothing', async () => {
    const before = (await api.request('GET', '/api/task-rules')).json<{ items: unknown[] }>().items.length;
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const theirApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId, 'admin'));
    const theirDepartment = (await post<{ id: string }>('/api/departments', { name: 'Theirs' }, theirApi)).id;
    const cases: [string, Record<string, unknown>, number, string | null][] = [
      ['an event no rule can start from', { ...good, event: 'patient.registered' }, 400, 'event'],
      ['a condition the event does not carry', { ...good, conditions: { urgencies: ['urgent'] } }, 400, 'conditions.urgencies'],
      ['an unknown placeholder', { ...good, task: { ...good.task, title: 'Call {{patinet}}' } }, 400, 'task.title'],
      ['a placeholder of another event', { ...good, task: { ...good.task, details: 'To {{destination}}' } }, 400, 'task.details'],
      ['a named owner without a person', { ...good, owner: { type: 'staff' } }, 400, 'owner.userId'],
      ['round robin without a department', { ...good, owner: { type: 'round_robin' } }, 400, 'owner.departmentId'],
      ['a due time past 90 days', { ...good, task: { ...good.task, dueIn: { amount: 91, unit: 'days' } } }, 400, 'task.dueIn'],
      ['a negative due time', { ...good, task: { ...good.task, dueIn: { amount: -1, unit: 'hours' } } }, 400, null],
      ['a unit that is not one', { ...good, task: { ...good.task, dueIn: { amount: 1, unit: 'weeks' } } }, 400, null],
      ['a name of spaces', { ...good, name: '   ' }, 400, null],
      ['an unknown field', { ...good, color: 'red' }, 400, null],
      ['an id that is not one', { ...good, conditions: { serviceIds: ['svc-1'] } }, 400, null],
      ["another clinic's department", { ...good, owner: { type: 'round_robin', departmentId: theirDepartment } }, 404, null],
      ["another clinic's department as a condition", { ...good, conditions: { departmentIds: [theirDepartment] } }, 404, null],
    ];
    for (const [what, body, status, field] of cases) {
      const response = await api.request('POST', '/api/task-rules', body);
      expect([what, response.statusCode], response.body).toEqual([what, status]);
      if (field) expect(JSON.stringify(errorOf(response).details)).toMatch(new RegExp(`"(body\\.)?${field.replace('.', '\\.')}"`));
      if (status === 404) expect(response.body).not.toMatch(/Theirs|harbor/);
    }
    expect((await api.request('POST', '/api/task-rules/preview', { ...good, task: { ...good.task, title: '{{nope}}' } })).statusCode).toBe(400);
    const ruleId = (await rule(good)).id;
    expect((await api.request('PATCH', `/api/task-rules/${ruleId}`, {})).statusCode).toBe(400);
    expect((await api.request('PATCH', `/api/task-rules/${ruleId}`, { conditions: { referralKinds: ['test'] } })).statusCode).toBe(400);
    expect((await api.request('GET', '/api/task-rules')).json<{ items: unknown[] }>().items.length).toBe(before + 1);
    expect((await api.request('DELETE', `/api/task-rules/${ruleId}`)).statusCode).toBe(204);
    expect((await api.request('DELETE', `/api/task-rules/${ruleId}`)).statusCode).toBe(404);

    // Clinics apart: another clinic neither sees nor changes our rules.
    const ours = await rule({ ...good, name: 'Ours' });
    expect((await theirApi.request('GET', `/api/task-rules/${ours.id}`)).statusCode).toBe(404);
    expect((await theirApi.request('PATCH', `/api/task-rules/${ours.id}`, { enabled: false })).statusCode).toBe(404);
    expect((await theirApi.request('GET', '/api/task-rules')).json<{ items: unknown[] }>().items).toEqual([]);
    await api.request('DELETE', `/api/task-rules/${ours.id}`);
  });

  it('lets staff read the rules but only task managers change them', async () => {
    const clinician = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'clinician'));
    expect((await clinician.request('GET', '/api/task-rules')).statusCode).toBe(200);
    expect((await clinician.request('GET', '/api/task-rules/triggers')).json<{ items: { event: string }[] }>().items.map((t) => t.event)).toContain('referral.overdue');
    const refused = await clinician.request('POST', '/api/task-rules', good);
    expect([refused.statusCode, errorOf(refused).code]).toEqual([403, 'forbidden']);
    const manager = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'quality_manager'));
    const made = await manager.request('POST', '/api/task-rules', { ...good, name: 'By the quality manager' });
    expect(made.statusCode).toBe(201);
    await api.request('DELETE', `/api/task-rules/${made.json<TaskRule>().id}`);
  });
});
