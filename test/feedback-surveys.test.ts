import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let admin: Client;
let otherClinicApi: Client;

const item = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({
  id, key: id, kind, text: `Question ${id}?`, textEs: `¿Pregunta ${id}?`, required: true, ...extra,
});
const survey = (extra: Record<string, unknown> = {}) => ({
  name: 'After the visit', trigger: 'visit_completed', delayMinutes: 120, throttleDays: 30,
  intro: 'Two minutes about your visit.', introEs: 'Dos minutos sobre su visita.',
  items: [item('recommend', 'nps'), item('satisfied', 'csat'), item('easy', 'ces'), item('courtesy', 'cahps'), item('comment', 'text', { required: false })],
  ...extra,
});

interface Survey { id: string; name: string; trigger: string; delayMinutes: number; throttleDays: number; departmentId: string | null; items: { id: string; text: string; textEs: string }[]; active: boolean; intro: string | null }

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  const other = await addClinic(clinic.careloop, 'harbor');
  otherClinicApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
});
afterAll(async () => clinic?.close());

describe('a quality manager defines surveys', () => {
  it('creates an NPS, CSAT, effort, CAHPS and free-text survey in English and Spanish, reads it back and lists it', async () => {
    const manager = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager'));
    const created = await manager.request('POST', '/api/feedback/surveys', survey({ name: '  After the visit  ' }));
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<Survey>();
    expect(body).toMatchObject({ name: 'After the visit', trigger: 'visit_completed', delayMinutes: 120, throttleDays: 30, active: true, intro: 'Two minutes about your visit.' });
    expect(body.items.map((i) => i.textEs)).toContain('¿Pregunta courtesy?');
    expect((await manager.request('GET', `/api/feedback/surveys/${body.id}`)).json<Survey>().name).toBe('After the visit');
    const list = (await manager.request('GET', '/api/feedback/surveys?active=true')).json<{ items: Survey[] }>().items;
    expect(list.map((s) => s.id)).toContain(body.id);
  });

  it('edits a survey and retires it with active false (there is no delete)', async () => {
    const { id } = (await admin.request('POST', '/api/feedback/surveys', survey({ name: 'To retire' }))).json<Survey>();
    const edited = await admin.request('PATCH', `/api/feedback/surveys/${id}`, { delayMinutes: 0, throttleDays: 0, intro: '   ' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Survey>()).toMatchObject({ delayMinutes: 0, throttleDays: 0, intro: null });
    expect((await admin.request('PATCH', `/api/feedback/surveys/${id}`, { active: false })).json<Survey>().active).toBe(false);
    expect((await admin.request('DELETE', `/api/feedback/surveys/${id}`)).statusCode).toBe(404);
    const retired = (await admin.request('GET', '/api/feedback/surveys?active=false')).json<{ items: Survey[] }>().items;
    expect(retired.map((s) => s.id)).toContain(id);
  });

  it('limits a survey to a department of the clinic, and refuses another clinic\'s department or service', async () => {
    const department = await admin.request('POST', '/api/departments', { name: 'Cardiology' });
    const departmentId = department.json<{ id: string }>().id;
    expect((await admin.request('POST', '/api/feedback/surveys', survey({ departmentId }))).json<Survey>().departmentId).toBe(departmentId);
    const foreign = await otherClinicApi.request('POST', '/api/departments', { name: 'Theirs' });
    const refused = await admin.request('POST', '/api/feedback/surveys', survey({ departmentId: foreign.json<{ id: string }>().id, serviceId: '00000000-0000-4000-8000-000000000000' }));
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).message).toMatch(/departmentId: is not a department of this clinic; serviceId: is not a service of this clinic/);
  });
});

describe('bad survey definitions are refused with the field named', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no items at all', { items: [] }, /items/],
    ['two items with the same id', { items: [item('a', 'nps'), item('a', 'csat', { key: 'b' })] }, /items\[1\]\.id: "a" is used by another question/],
    ['two items with the same key', { items: [item('a', 'nps', { key: 'k' }), item('b', 'csat', { key: 'k' })] }, /items\[1\]\.key: "k" is used by another question/],
    ['an item kind "stars"', { items: [item('a', 'stars')] }, /kind/],
    ['an item without its Spanish text', { items: [{ id: 'a', key: 'a', kind: 'nps', text: 'How likely?', required: true }] }, /textEs/],
    ['a question of 501 characters', { items: [item('a', 'nps', { text: 'x'.repeat(501) })] }, /text/],
    ['a blank name', { name: '   ' }, /name/],
    ['a delay of 30 days and a minute', { delayMinutes: 43_201 }, /delayMinutes/],
    ['a negative delay', { delayMinutes: -1 }, /delayMinutes/],
    ['a throttle of 366 days', { throttleDays: 366 }, /throttleDays/],
    ['a trigger "birthday"', { trigger: 'birthday' }, /trigger/],
    ['an item id with a space', { items: [item('my item', 'nps')] }, /id/],
    ['an unknown field "color"', { color: 'blue' }, /color|additional/i],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const response = await admin.request('POST', '/api/feedback/surveys', survey(change));
      expect(response.statusCode, response.body).toBe(400);
      expect(errorOf(response).code).toBe('invalid_request');
      expect(errorOf(response).message).toMatch(message);
    });
  }

  it('refuses an empty change (PATCH {}), and a change to a survey of another clinic is not found', async () => {
    const { id } = (await admin.request('POST', '/api/feedback/surveys', survey())).json<Survey>();
    expect((await admin.request('PATCH', `/api/feedback/surveys/${id}`, {})).statusCode).toBe(400);
    expect((await otherClinicApi.request('PATCH', `/api/feedback/surveys/${id}`, { active: false })).statusCode).toBe(404);
    expect((await otherClinicApi.request('GET', `/api/feedback/surveys/${id}`)).statusCode).toBe(404);
    expect((await admin.request('GET', `/api/feedback/surveys/${id}`)).json<Survey>().active).toBe(true);
  });
});

describe('permissions', () => {
  it('lets a viewer read surveys but not define them, and an agent not send them', async () => {
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('GET', '/api/feedback/surveys')).statusCode).toBe(200);
    const refused = await viewer.request('POST', '/api/feedback/surveys', survey());
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).details).toEqual({ permission: 'feedback:manage' });
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const { id } = (await admin.request('POST', '/api/feedback/surveys', survey())).json<Survey>();
    expect((await agent.request('POST', `/api/feedback/surveys/${id}/send`, { patientId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(403);
  });
});
