import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkReassignResult, Task } from '../src/modules/care/schemas.js';
import { escalateByLadder } from '../src/modules/care/task-rule-escalation.js';
import type { EscalationLadder } from '../src/modules/care/task-rule-schemas.js';
import type { DomainEvent } from '../src/platform/events.js';
import { apiToken, errorOf, PASSWORD, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let api: Client;
let cardiology: string;
let head: { id: string; email: string };
let nurse: { id: string; email: string };
let supervisor: { id: string; email: string };
const HOUR = 3_600_000;
const events: DomainEvent[] = [];
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

async function post<T>(url: string, body: unknown, client = api): Promise<T> {
  const response = await client.request('POST', url, body);
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}
async function staff(displayName: string, departmentId: string | null) {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}@esc.test`;
  const user = await post<{ id: string }>('/api/users', { email, displayName, role: 'clinician', password: PASSWORD, ...(departmentId && { departmentId }) });
  return { id: user.id, email };
}
const read = async (id: string) => (await api.request('GET', `/api/tasks/${id}`)).json<Task>();
const ladder = (steps: unknown[]) => api.request('PUT', '/api/task-escalation', { steps });

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('task.escalated', (event) => { events.push(event); });
  cardiology = (await post<{ id: string }>('/api/departments', { name: 'Cardiology' })).id;
  head = await staff('Dana Ruiz', cardiology);
  nurse = await staff('Nurse Ada', cardiology);
  supervisor = await staff('Sam Supervisor', null);
  await api.request('PATCH', `/api/departments/${cardiology}`, { ownerId: head.id });
});
afterAll(async () => { await clinic?.close(); });

describe('the escalation ladder', () => {
  it('refuses a ladder it could not follow, naming the step', async () => {
    const cases: [string, unknown[], number, string | null][] = [
      ['steps out of order', [{ afterMinutes: 60, action: 'notify', target: 'department_owner' }, { afterMinutes: 30, action: 'reassign', target: 'department_owner' }], 400, 'steps.1.afterMinutes'],
      ['a named person missing', [{ afterMinutes: 60, action: 'notify', target: 'staff' }], 400, 'steps.0.targetUserId'],
      ['too soon', [{ afterMinutes: 2, action: 'notify', target: 'department_owner' }], 400, null],
      ['an action that is not one', [{ afterMinutes: 30, action: 'shout', target: 'department_owner' }], 400, null],
      ['six steps', [1, 2, 3, 4, 5, 6].map((n) => ({ afterMinutes: n * 30, action: 'notify', target: 'department_owner' })), 400, null],
      ['somebody unknown', [{ afterMinutes: 30, action: 'notify', target: 'staff', targetUserId: '00000000-0000-4000-8000-000000000000' }], 404, null],
    ];
    for (const [what, steps, status, field] of cases) {
      const response = await ladder(steps);
      expect([what, response.statusCode], response.body).toEqual([what, status]);
      if (field) expect(JSON.stringify(errorOf(response).details)).toContain(`"${field}"`);
    }
    expect((await api.request('GET', '/api/task-escalation')).json<EscalationLadder>().steps).toEqual([]);
    const clinician = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'clinician'));
    expect((await clinician.request('PUT', '/api/task-escalation', { steps: [] })).statusCode).toBe(403);
  });

  it("notifies the department's owner, then hands the task to them, once per step, and starts again on a new due time", async () => {
    const saved = await ladder([
      { afterMinutes: 30, action: 'notify', target: 'department_owner', targetUserId: supervisor.id },
      { afterMinutes: 240, action: 'reassign', target: 'department_owner', targetUserId: supervisor.id },
    ]);
    expect(saved.json<EscalationLadder>().steps).toMatchObject([
      { position: 1, afterMinutes: 30, action: 'notify', targetUserName: 'Sam Supervisor' }, { position: 2, afterMinutes: 240, action: 'reassign' },
    ]);
    const task = await post<Task>('/api/tasks', { kind: 'lab_result', title: 'Explain the troponin result', ownerId: nurse.id, departmentId: cardiology, dueAt: inHours(1) });
    const platform = clinic.careloop.platform;

    expect(await escalateByLadder(platform, new Date(Date.now() + 1.25 * HOUR))).toBe(0); // 15 minutes late: not yet
    await escalateByLadder(platform, new Date(Date.now() + 1.75 * HOUR));
    let now = await read(task.id);
    expect(now.ownerId).toBe(nurse.id);
    expect(now.escalations).toMatchObject([{ step: 1, action: 'notify', targetId: head.id, targetName: 'Dana Ruiz', note: 'Step 1, overdue by 30 min: Dana Ruiz notified (owner of Cardiology)' }]);
    await escalateByLadder(platform, new Date(Date.now() + 2 * HOUR));
    expect((await read(task.id)).escalations).toHaveLength(1);

    await escalateByLadder(platform, new Date(Date.now() + 5.5 * HOUR));
    now = await read(task.id);
    expect(now).toMatchObject({ ownerId: head.id, ownerName: 'Dana Ruiz' });
    expect(now.escalations.map((e) => e.note)).toEqual([
      'Step 1, overdue by 30 min: Dana Ruiz notified (owner of Cardiology)', 'Step 2, overdue by 4 h: handed to Dana Ruiz (owner of Cardiology)',
    ]);
    expect(events.filter((e) => e.data.taskId === task.id).map((e) => [e.data.step, e.data.action, e.data.previousOwnerId, e.data.ownerId]))
      .toEqual([[1, 'notify', nurse.id, nurse.id], [2, 'reassign', nurse.id, head.id]]);

    // The head sees what was escalated to them.
    const headSession = await sessionClient(clinic.careloop, head.email);
    expect((await headSession.request('GET', '/api/tasks?escalatedTo=me')).json<{ items: Task[] }>().items.map((t) => t.id)).toContain(task.id);
    expect(errorOf(await api.request('GET', '/api/tasks?escalatedTo=me')).code).toBe('invalid_request'); // a token is nobody
    expect((await api.request('GET', '/api/tasks?escalated=true&limit=100')).json<{ items: Task[] }>().items.map((t) => t.id)).toContain(task.id);
    expect((await api.request('GET', '/api/tasks?escalated=false&limit=100')).json<{ items: Task[] }>().items.map((t) => t.id)).not.toContain(task.id);

    // A new due time starts the ladder again; a closed task is left alone.
    await api.request('PATCH', `/api/tasks/${task.id}`, { dueAt: inHours(10) });
    await escalateByLadder(platform, new Date(Date.now() + 11 * HOUR));
    expect((await read(task.id)).escalations).toHaveLength(3);
    await api.request('PATCH', `/api/tasks/${task.id}`, { status: 'done', outcome: 'Explained by phone' });
    await escalateByLadder(platform, new Date(Date.now() + 20 * HOUR));
    expect((await read(task.id)).escalations).toHaveLength(3);
  });

  it("turns to the ladder's fallback when the task has no department owner, and says so when there is nobody", async () => {
    await ladder([{ afterMinutes: 30, action: 'reassign', target: 'department_owner', targetUserId: supervisor.id }]);
    const orphan = await post<Task>('/api/tasks', { kind: 'other', title: 'Order the brochure', dueAt: inHours(-1) });
    await escalateByLadder(clinic.careloop.platform);
    expect(await read(orphan.id)).toMatchObject({ ownerId: supervisor.id, escalations: [{ note: 'Step 1, overdue by 30 min: handed to Sam Supervisor (no department owner: the ladder’s fallback)' }] });

    await ladder([{ afterMinutes: 30, action: 'notify', target: 'department_owner' }]);
    const lonely = await post<Task>('/api/tasks', { kind: 'other', title: 'Nobody around', dueAt: inHours(-1) });
    await escalateByLadder(clinic.careloop.platform);
    expect(await read(lonely.id)).toMatchObject({ ownerId: null, escalations: [{ targetId: null, note: 'Step 1, overdue by 30 min: nobody to turn to (no department owner, no one named)' }] });
    await ladder([]);
  });
});

describe('the worklist', () => {
  it('reassigns many tasks at once, leaves closed ones as they were, and changes nothing for an unknown id', async () => {
    const a = await post<Task>('/api/tasks', { kind: 'callback', title: 'Bulk one' });
    const b = await post<Task>('/api/tasks', { kind: 'callback', title: 'Bulk two', ownerId: nurse.id });
    const done = await post<Task>('/api/tasks', { kind: 'callback', title: 'Bulk done' });
    await api.request('PATCH', `/api/tasks/${done.id}`, { status: 'done', outcome: 'Called' });

    const result = await post<BulkReassignResult>('/api/tasks/reassign', { taskIds: [a.id, b.id, done.id], ownerId: nurse.id });
    expect(result).toEqual({ reassigned: 1, unchanged: 1, closed: [done.id] });
    expect((await read(a.id)).ownerId).toBe(nurse.id);
    expect((await read(done.id)).ownerId).toBeNull();

    const missing = await api.request('POST', '/api/tasks/reassign', { taskIds: [a.id, '00000000-0000-4000-8000-000000000000'], ownerId: null });
    expect([missing.statusCode, errorOf(missing).code]).toEqual([404, 'not_found']);
    expect((await read(a.id)).ownerId).toBe(nurse.id);
    const bad = [
      await api.request('POST', '/api/tasks/reassign', { taskIds: [], ownerId: null }),
      await api.request('POST', '/api/tasks/reassign', { taskIds: Array.from({ length: 101 }, () => a.id), ownerId: null }),
      await api.request('POST', '/api/tasks/reassign', { taskIds: [a.id] }),
      await api.request('POST', '/api/tasks/reassign', { taskIds: ['task-1'], ownerId: null }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('POST', '/api/tasks/reassign', { taskIds: [a.id], ownerId: null })).statusCode).toBe(403);

    expect((await post<BulkReassignResult>('/api/tasks/reassign', { taskIds: [a.id, b.id], ownerId: null })).reassigned).toBe(2);
    expect((await read(b.id)).ownerId).toBeNull();
  });

  it('filters by priority and by words in the title', async () => {
    const urgent = await post<Task>('/api/tasks', { kind: 'other', title: 'Fax 100% of the forms_now', priority: 'urgent' });
    await post<Task>('/api/tasks', { kind: 'other', title: 'Fax the other forms', priority: 'low' });
    const ids = async (query: string) => (await api.request('GET', `/api/tasks?limit=100${query}`)).json<{ items: Task[] }>().items.map((t) => t.id);
    expect(await ids('&priority=urgent')).toEqual([urgent.id]);
    expect(await ids(`&q=${encodeURIComponent('100%')}`)).toEqual([urgent.id]); // % is a character, not a wildcard
    expect(await ids('&q=forms_now')).toEqual([urgent.id]);
    expect((await ids('&q=fax')).length).toBe(2);
    expect((await api.request('GET', '/api/tasks?priority=sky-high')).statusCode).toBe(400);
  });
});
