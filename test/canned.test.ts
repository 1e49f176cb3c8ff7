import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment } from '../src/modules/identity/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, PASSWORD, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let admin: Client;
let agent: Client;
let sid = 0;

const text = (from: string, body: string) => receiveMessage(clinic.careloop.platform, {
  organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body, externalId: `CAN${++sid}`,
});
const create = (reply: object) => admin.request('POST', '/api/inbox/canned-replies', reply);
const render = (client: Client, conversationId: string, cannedId: string) => client.request('GET', `/api/inbox/conversations/${conversationId}/canned-replies/${cannedId}`);

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await admin.request('POST', '/api/patients', {
    givenName: 'Robert', preferredName: 'Bob', familyName: 'Nguyễn', dateOfBirth: '1975-06-01', contactPoints: [{ kind: 'phone', value: '+1 617 555 0141' }],
  });
  await admin.request('POST', '/api/users', { email: 'dana@sunrise.test', displayName: 'Dana Reyes', role: 'agent', password: PASSWORD });
  agent = await sessionClient(clinic.careloop, 'dana@sunrise.test');
});
afterAll(() => clinic.close());

describe('canned replies', () => {
  it('fill in the patient, the agent, the clinic and the conversation', async () => {
    const created = await create({ title: 'Opening hours', shortcut: 'hours', body: 'Hello {{patient.firstName}} {{ patient.lastName }}! {{clinic.name}} is open 8-5. {{agent.name}} (#{{conversation.number}})' });
    expect(created.statusCode).toBe(201);
    const canned = created.json<{ id: string; shortcut: string; departmentId: string | null }>();
    expect(canned).toMatchObject({ shortcut: 'hours', departmentId: null });

    const { conversation } = await text('+16175550141', 'When are you open?');
    const rendered = await render(agent, conversation.id, canned.id);
    expect(rendered.statusCode).toBe(200);
    expect(rendered.json()).toEqual({ body: `Hello Bob Nguyễn! sunrise clinic is open 8-5. Dana Reyes (#${conversation.number})` });

    // Someone no record is linked to yet: "there", and the agent still signs.
    const stranger = await text('+16175550142', 'Hi');
    const full = (await create({ title: 'Full name', body: 'Dear {{patient.fullName}},' })).json<{ id: string }>();
    expect((await render(agent, stranger.conversation.id, canned.id)).json<{ body: string }>().body).toBe(`Hello there ! sunrise clinic is open 8-5. Dana Reyes (#${stranger.conversation.number})`);
    expect((await render(agent, stranger.conversation.id, full.id)).json<{ body: string }>().body).toBe('Dear there,');
    expect((await render(agent, conversation.id, full.id)).json<{ body: string }>().body).toBe('Dear Bob Nguyễn,');
    // An integration (API token) has no name of its own: the clinic's team signs.
    expect((await render(admin, stranger.conversation.id, canned.id)).json<{ body: string }>().body).toMatch(/the sunrise clinic team/);
    expect((await render(agent, conversation.id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuse unknown variables and unbalanced braces, naming them, and keep the reply as it was', async () => {
    const unknown = await create({ title: 'Age', body: 'You are {{patient.age}} years old' });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).message).toContain('{{patient.age}}');
    expect(errorOf(unknown).details).toMatchObject({ fields: [{ field: 'body' }] });
    const unclosed = await create({ title: 'Unclosed', body: 'Hi {{patient.firstName, see you' });
    expect(unclosed.statusCode).toBe(400);
    expect(errorOf(unclosed).message).toMatch(/"\{\{" without a matching "\}\}"/);
    expect(errorOf(await create({ title: 'Stray', body: 'Hi patient.firstName}} there' })).message).toMatch(/"\}\}" without a matching "\{\{"/);
    expect((await create({ title: 'Nested', body: 'Hi {{patient.{{clinic.name}}}}' })).statusCode).toBe(400);
    expect((await create({ title: 'Empty', body: 'Hi {{}}' })).statusCode).toBe(400);
    // Single braces are just text.
    expect((await create({ title: 'Braces', body: 'Use {curly} braces for {{clinic.name}}' })).statusCode).toBe(201);

    const canned = (await admin.request('GET', '/api/inbox/canned-replies?q=hours')).json<{ items: { id: string; body: string }[] }>().items[0]!;
    const patched = await admin.request('PATCH', `/api/inbox/canned-replies/${canned.id}`, { body: 'Hi {{agent.fullName}}' });
    expect(patched.statusCode).toBe(400);
    expect(errorOf(patched).message).toContain('{{agent.fullName}}');
    const list = (await admin.request('GET', '/api/inbox/canned-replies')).json<{ items: { id: string; body: string }[] }>().items;
    expect(list.find((c) => c.id === canned.id)!.body).toBe(canned.body);
    expect((await admin.request('PATCH', `/api/inbox/canned-replies/${canned.id}`, { title: 'Hours' })).json()).toMatchObject({ title: 'Hours', body: canned.body });
  });

  it('keep shortcuts unique, teams within the clinic, and changes to managers', async () => {
    const taken = await create({ title: 'Hours again', shortcut: 'HOURS', body: 'Open 8-5' });
    expect(taken.statusCode).toBe(409);
    expect(errorOf(taken).code).toBe('shortcut_taken');
    expect((await create({ title: 'Bad shortcut', shortcut: '/hours now', body: 'x' })).statusCode).toBe(400);
    expect((await create({ title: 'No body', body: '' })).statusCode).toBe(400);

    const other = await addClinic(clinic.careloop, 'faraway');
    const theirs = await createDepartment(clinic.careloop.platform, systemActor(other.organizationId), { name: 'Their desk' });
    expect((await create({ title: 'Theirs', body: 'x', departmentId: theirs.id })).statusCode).toBe(404);
    const team = (await admin.request('POST', '/api/departments', { name: 'Pharmacy' })).json<{ id: string }>();
    const teamReply = (await create({ title: 'Refill ready', shortcut: 'refill', body: 'Your refill is ready, {{patient.firstName}}.', departmentId: team.id })).json<{ id: string }>();
    const forTeam = (await admin.request('GET', `/api/inbox/canned-replies?departmentId=${team.id}`)).json<{ items: { id: string; departmentId: string | null }[] }>().items;
    expect(forTeam.some((c) => c.id === teamReply.id)).toBe(true);
    expect(forTeam.every((c) => c.departmentId === null || c.departmentId === team.id)).toBe(true);
    expect((await admin.request('GET', '/api/inbox/canned-replies?q=REFILL')).json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([teamReply.id]);

    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('POST', '/api/inbox/canned-replies', { title: 'Mine', body: 'x' })).statusCode).toBe(403);
    expect((await agent.request('PATCH', `/api/inbox/canned-replies/${teamReply.id}`, { title: 'Mine' })).statusCode).toBe(403);
    expect((await agent.request('DELETE', `/api/inbox/canned-replies/${teamReply.id}`)).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/inbox/canned-replies')).statusCode).toBe(200);
  });

  it('cannot be removed while a rule sends them', async () => {
    const canned = (await create({ title: 'Auto ack', body: 'We received your message.' })).json<{ id: string }>();
    const rule = (await admin.request('POST', '/api/inbox/rules', {
      name: 'Acknowledge', event: 'conversation.created', enabled: false, actions: [{ type: 'send_canned_reply', cannedReplyId: canned.id }],
    })).json<{ id: string }>();
    const refused = await admin.request('DELETE', `/api/inbox/canned-replies/${canned.id}`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'canned_reply_in_use', details: { rules: [{ id: rule.id, name: 'Acknowledge' }] } });
    await admin.request('DELETE', `/api/inbox/rules/${rule.id}`);
    expect((await admin.request('DELETE', `/api/inbox/canned-replies/${canned.id}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/inbox/canned-replies/${canned.id}`)).statusCode).toBe(404);
  });
});
