import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment } from '../src/modules/identity/service.js';
import { touchPresence } from '../src/modules/inbox/assignment.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { checkSlaDeadlines } from '../src/modules/inbox/sla.js';
import type { DomainEvent } from '../src/platform/events.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, PASSWORD, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let admin: Client;
let frontDesk: string;
let billing: string;
const agents: Record<string, string> = {};
let sid = 0;
let phone = 130;

const nextPhone = () => `+16175550${++phone}`;
const text = (from: string, body: string, options: { at?: string; departmentId?: string } = {}) => receiveMessage(clinic.careloop.platform, {
  organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body,
  externalId: `RUL${++sid}`, ...(options.at && { receivedAt: new Date(options.at) }), departmentId: options.departmentId ?? null,
});
interface Detail {
  id: string; priority: string; labels: string[]; departmentId: string | null; assigneeId: string | null; waitingSince: string | null;
  messages: { direction: string; authorType: string; authorLabel: string; body: string }[];
}
const detail = async (id: string) => (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<Detail>();
const addRule = async (rule: object) => {
  const response = await admin.request('POST', '/api/inbox/rules', rule);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
};
const disable = (id: string) => admin.request('PATCH', `/api/inbox/rules/${id}`, { enabled: false });
const fieldsOf = (response: Awaited<ReturnType<Client['request']>>) =>
  (errorOf(response).details as { fields: { field: string }[] }).fields.map((f) => f.field);

async function staffMember(name: string, departmentId: string) {
  const created = await admin.request('POST', '/api/users', { email: `${name.toLowerCase()}@sunrise.test`, displayName: name, role: 'agent', departmentId, password: PASSWORD });
  agents[name] = created.json<{ id: string }>().id;
}

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
  await admin.request('POST', '/api/patients', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: '+1 617 555 0101' }] });
  frontDesk = (await admin.request('POST', '/api/departments', { name: 'Front desk' })).json<{ id: string }>().id;
  billing = (await admin.request('POST', '/api/departments', { name: 'Billing' })).json<{ id: string }>().id;
  for (const name of ['Ann', 'Ben', 'Cal']) await staffMember(name, frontDesk);
  await staffMember('Dee', billing);
  // Ann and Ben have the inbox open (their heartbeats are sent by each test); Cal and Dee do not.
});
afterAll(() => clinic.close());

describe('assignment rules', () => {
  const online = async () => {
    for (const name of ['Ann', 'Ben']) await touchPresence(clinic.careloop.platform, agents[name]!, clinic.organizationId);
  };

  it('send a matching conversation to the team, then to its least-loaded online agent', async () => {
    await online();
    const busy = await text(nextPhone(), 'A question');
    await admin.request('PATCH', `/api/inbox/conversations/${busy.conversation.id}`, { assigneeId: agents.Ann });
    const rule = await addRule({
      name: 'Results to the front desk', event: 'message.received',
      conditions: [{ field: 'channel', operator: 'equals', value: 'sms' }, { field: 'body', operator: 'contains', value: 'resultats' }],
      actions: [{ type: 'assign_team', departmentId: frontDesk }, { type: 'assign_agent', strategy: 'least_loaded' }],
    });
    // Accents and case do not matter to "contains".
    const { conversation } = await text(nextPhone(), 'Mes RÉSULTATS sont-ils arrivés ?');
    const after = await detail(conversation.id);
    expect(after.departmentId).toBe(frontDesk);
    // Cal has nothing open either but is offline; Ann already has one.
    expect(after.assigneeId).toBe(agents.Ben);
    const unrelated = await text(nextPhone(), 'Hello there');
    expect(await detail(unrelated.conversation.id)).toMatchObject({ departmentId: null, assigneeId: null });

    const listed = (await admin.request('GET', '/api/inbox/agents')).json<{ items: { id: string; online: boolean; openAssigned: number; departmentId: string | null }[] }>().items;
    expect(listed.find((a) => a.id === agents.Ann)).toMatchObject({ online: true, openAssigned: 1, departmentId: frontDesk });
    expect(listed.find((a) => a.id === agents.Ben)).toMatchObject({ online: true, openAssigned: 1 });
    expect(listed.find((a) => a.id === agents.Cal)).toMatchObject({ online: false, openAssigned: 0 });
    await disable(rule);
  });

  it('take turns with round robin among the online agents of the team', async () => {
    await online();
    const rule = await addRule({
      name: 'Refills in turn', event: 'message.received', conditions: [{ field: 'body', operator: 'contains', value: 'refill' }],
      actions: [{ type: 'assign_agent', strategy: 'round_robin', departmentId: frontDesk }],
    });
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 4; i++) assignees.push((await detail((await text(nextPhone(), `Refill request ${i}`)).conversation.id)).assigneeId);
    expect(new Set(assignees)).toEqual(new Set([agents.Ann, agents.Ben]));
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[2]).toBe(assignees[0]);
    expect(assignees[3]).toBe(assignees[1]);
    await disable(rule);
  });

  it('leave the conversation unassigned when nobody of the team is online, and say why in the thread', async () => {
    const rule = await addRule({
      name: 'Invoices to billing', event: 'conversation.created', conditions: [{ field: 'body', operator: 'contains', value: 'invoice' }],
      actions: [{ type: 'assign_team', departmentId: billing }, { type: 'assign_agent', strategy: 'least_loaded' }],
    });
    const { conversation } = await text(nextPhone(), 'Question about my invoice');
    const after = await detail(conversation.id);
    expect(after).toMatchObject({ departmentId: billing, assigneeId: null });
    const note = after.messages.find((m) => m.direction === 'event' && m.authorType === 'automation');
    expect(note?.body).toMatch(/Automation: Invoices to billing could not assign .*nobody of Billing is online; left unassigned/);
    await disable(rule);
  });
});

describe('automated replies', () => {
  it('answer as "automation", with the variables filled in, without stopping the response clock', async () => {
    const canned = (await admin.request('POST', '/api/inbox/canned-replies', {
      title: 'We got it', body: 'Thanks {{patient.firstName}}, {{clinic.name}} will answer soon (ref #{{conversation.number}}).',
    })).json<{ id: string }>();
    const rule = await addRule({
      name: 'Acknowledge known patients', event: 'conversation.created',
      conditions: [{ field: 'patientKnown', operator: 'equals', value: true }],
      actions: [{ type: 'send_canned_reply', cannedReplyId: canned.id }],
    });
    const { conversation } = await text('+16175550101', 'I need to reschedule');
    const after = await detail(conversation.id);
    const automated = after.messages.filter((m) => m.direction === 'out');
    expect(automated).toHaveLength(1);
    expect(automated[0]).toMatchObject({ authorType: 'automation', authorLabel: 'Automation', body: `Thanks Maria, sunrise clinic will answer soon (ref #${conversation.number}).` });
    expect(after.waitingSince).not.toBeNull();
    const outbox = (await admin.request('GET', '/api/channels/outbox?testOnly=true')).json<{ items: { body: string }[] }>().items;
    expect(outbox.some((item) => item.body === automated[0]!.body)).toBe(true);
    // An unknown sender does not get it (the condition), and no automated reply went twice.
    const stranger = await text(nextPhone(), 'who is this?');
    expect((await detail(stranger.conversation.id)).messages.filter((m) => m.direction === 'out')).toEqual([]);
    await disable(rule);
  });
});

describe('SLA escalation', () => {
  it('escalates a conversation whose first response is about to breach', async () => {
    const policy = (await admin.request('POST', '/api/inbox/sla-policies', { name: 'Billing normal', departmentId: billing, priority: 'normal', firstResponseMinutes: 60, businessHours: false, warnBeforeMinutes: 15 })).json<{ id: string }>();
    const rule = await addRule({
      name: 'Escalate before breach', event: 'sla.breach_soon',
      conditions: [{ field: 'slaTarget', operator: 'equals', value: 'first_response' }, { field: 'departmentId', operator: 'equals', value: billing }],
      actions: [{ type: 'escalate', assigneeId: agents.Dee }],
    });
    const { conversation } = await text(nextPhone(), 'Please call me back', { at: '2030-06-03T14:00:00Z', departmentId: billing });
    await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-06-03T14:40:00Z'));
    expect((await detail(conversation.id)).priority).toBe('normal');
    await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-06-03T14:50:00Z'));
    const after = await detail(conversation.id);
    expect(after).toMatchObject({ priority: 'urgent', assigneeId: agents.Dee });
    expect(after.labels).toContain('escalated');
    await disable(rule);
    await admin.request('DELETE', `/api/inbox/sla-policies/${policy.id}`);
  });
});

describe('dry run', () => {
  it('lists what a rule would do to recent conversations and changes nothing', async () => {
    const canned = (await admin.request('GET', '/api/inbox/canned-replies')).json<{ items: { id: string }[] }>().items[0]!;
    const snapshot = async () => ({
      conversations: (await admin.request('GET', '/api/inbox/conversations?status=all&limit=100')).json<{ items: unknown[] }>().items,
      outbox: (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ total: number }>().total,
      agents: (await admin.request('GET', '/api/inbox/agents')).json(),
      rules: (await admin.request('GET', '/api/inbox/rules')).json(),
    });
    const before = await snapshot();
    const preview = await admin.request('POST', '/api/inbox/rules/preview', {
      limit: 100,
      rule: {
        name: 'Try me', event: 'message.received', conditions: [{ field: 'channel', operator: 'in', value: ['sms', 'email'] }],
        actions: [{ type: 'set_priority', priority: 'high' }, { type: 'add_label', label: 'tried' }, { type: 'assign_agent', strategy: 'round_robin', departmentId: frontDesk }, { type: 'send_canned_reply', cannedReplyId: canned.id }],
      },
    });
    expect(preview.statusCode).toBe(200);
    const result = preview.json<{ examined: number; matched: { conversationId: string; patientName: string | null; actions: string[] }[] }>();
    expect(result.examined).toBe(before.conversations.length);
    expect(result.matched).toHaveLength(result.examined);
    expect(result.matched.find((m) => m.patientName === 'Maria Lopez')?.actions).toEqual([
      'Set priority to high', 'Add label "tried"', 'Assign to the next (round robin) online agent of team Front desk', 'Send the canned reply "We got it"',
    ]);
    const narrow = (await admin.request('POST', '/api/inbox/rules/preview', {
      rule: { name: 'Only Maria', event: 'message.received', conditions: [{ field: 'patientKnown', operator: 'equals', value: true }], actions: [{ type: 'add_label', label: 'x' }] },
    })).json<{ matched: { patientName: string | null }[] }>();
    expect(narrow.matched.map((m) => m.patientName)).toEqual(['Maria Lopez']);
    expect(await snapshot()).toEqual(before);
  });
});

describe('loop safety', () => {
  it('never runs rules on what rules did, even when something echoes it back as a new event', async () => {
    const canned = (await admin.request('GET', '/api/inbox/canned-replies')).json<{ items: { id: string }[] }>().items[0]!;
    const rule = await addRule({
      name: 'Echo test', event: 'message.received', conditions: [{ field: 'body', operator: 'contains', value: 'echo' }],
      actions: [{ type: 'send_canned_reply', cannedReplyId: canned.id }, { type: 'add_label', label: 'echoed' }],
    });
    const platform = clinic.careloop.platform;
    // A misbehaving integration: every automation comes back as a "patient message" event, from the system.
    let echoes = 0;
    const stopEcho = platform.events.subscribe('conversation.automated', async (event) => {
      if (++echoes > 20) return;
      await platform.events.publish({ ...event, type: 'message.received', actor: { type: 'system', id: null, label: 'Echo' }, data: { conversationId: event.data.conversationId } });
    });
    try {
      const { conversation } = await text(nextPhone(), 'echo echo');
      const after = await detail(conversation.id);
      expect(after.messages.filter((m) => m.authorType === 'automation' && m.direction === 'out')).toHaveLength(1);
      expect(echoes).toBe(1);
      // An event an automation caused is never evaluated at all.
      await platform.events.publish({
        type: 'message.received', version: 1, organizationId: clinic.organizationId, actor: { type: 'automation', id: null, label: 'Automation: elsewhere' },
        at: new Date().toISOString(), data: { conversationId: conversation.id },
      });
      expect((await detail(conversation.id)).messages.filter((m) => m.direction === 'out')).toHaveLength(1);
    } finally {
      stopEcho();
      await disable(rule);
    }
  });

  it('stops rules that would undo each other on every SLA check', async () => {
    const team = (await admin.request('POST', '/api/departments', { name: 'Loop team' })).json<{ id: string }>().id;
    await admin.request('POST', '/api/inbox/sla-policies', { name: 'Loop normal', departmentId: team, priority: 'normal', firstResponseMinutes: 60, businessHours: false, warnBeforeMinutes: 30 });
    await admin.request('POST', '/api/inbox/sla-policies', { name: 'Loop high', departmentId: team, priority: 'high', firstResponseMinutes: 30, businessHours: false, warnBeforeMinutes: 0 });
    // A: about to breach at normal -> high (a shorter target, already passed); B: breached at high -> back to normal (a later target)...
    await addRule({ name: 'Raise', event: 'sla.breach_soon', conditions: [{ field: 'departmentId', operator: 'equals', value: team }, { field: 'priority', operator: 'equals', value: 'normal' }], actions: [{ type: 'set_priority', priority: 'high' }] });
    await addRule({ name: 'Lower', event: 'sla.breached', conditions: [{ field: 'departmentId', operator: 'equals', value: team }, { field: 'priority', operator: 'equals', value: 'high' }], actions: [{ type: 'set_priority', priority: 'normal' }] });
    const platform = clinic.careloop.platform;
    const seen: DomainEvent[] = [];
    const stops = ['sla.breach_soon', 'sla.breached', 'conversation.updated'].map((type) => platform.events.subscribe(type, (event) => { seen.push(event); }));
    try {
      const { conversation } = await text(nextPhone(), 'loop?', { at: '2030-07-01T14:00:00Z', departmentId: team });
      for (let minute = 30; minute <= 90; minute++) {
        await checkSlaDeadlines(platform, new Date(Date.parse('2030-07-01T14:00:00Z') + minute * 60_000));
      }
      const mine = seen.filter((event) => event.data.conversationId === conversation.id);
      // ...each warning is raised once, so the pair acts once each, and then never again.
      expect(mine.map((event) => event.type).sort()).toEqual(['conversation.updated', 'conversation.updated', 'sla.breach_soon', 'sla.breached']);
      expect((await detail(conversation.id)).priority).toBe('normal');
    } finally {
      stops.forEach((stop) => stop());
    }
  });
});

describe('rules refuse bad input', () => {
  it('names the condition or action at fault, finds other clinics\' ids nowhere, and lets only managers change rules', async () => {
    const before = (await admin.request('GET', '/api/inbox/rules')).json<{ items: unknown[] }>().items.length;
    const post = (conditions: unknown[], actions: unknown[] = [{ type: 'add_label', label: 'x' }], event = 'message.received') =>
      admin.request('POST', '/api/inbox/rules', { name: 'Bad', event, conditions, actions });
    const cases: [unknown[], unknown[] | undefined, string][] = [
      [[{ field: 'mood', operator: 'equals', value: 'x' }], undefined, 'conditions.0.field'],
      [[{ field: 'body', operator: 'matches', value: 'x' }], undefined, 'conditions.0.operator'],
      [[{ field: 'patientKnown', operator: 'contains', value: true }], undefined, 'conditions.0.operator'],
      [[{ field: 'patientKnown', operator: 'equals', value: 'yes' }], undefined, 'conditions.0.value'],
      [[{ field: 'priority', operator: 'equals', value: 'extreme' }], undefined, 'conditions.0.value'],
      [[{ field: 'priority', operator: 'in', value: 'high' }], undefined, 'conditions.0.value'],
      [[{ field: 'priority', operator: 'in', value: ['high', 'extreme'] }], undefined, 'conditions.0.value.1'],
      [[{ field: 'departmentId', operator: 'equals', value: 'front desk' }], undefined, 'conditions.0.value'],
      [[{ field: 'body', operator: 'is_set', value: 'x' }], undefined, 'conditions.0.value'],
      [[{ field: 'body', operator: 'contains' }], undefined, 'conditions.0.value'],
      [[{ field: 'slaTarget', operator: 'equals', value: 'resolution' }], undefined, 'conditions.0.field'],
      [[], [{ type: 'delete_everything' }], 'actions.0.type'],
      [[], [{ type: 'set_priority' }], 'actions.0.priority'],
      [[], [{ type: 'set_priority', priority: 'asap' }], 'actions.0.priority'],
      [[], [{ type: 'add_label', label: 'x', colour: 'red' }], 'actions.0.colour'],
      [[], [{ type: 'add_label', label: 'a,b' }], 'actions.0.label'],
      [[], [{ type: 'assign_agent', strategy: 'random' }], 'actions.0.strategy'],
      [[], [{ type: 'send_canned_reply', cannedReplyId: 42 }], 'actions.0.cannedReplyId'],
    ];
    for (const [conditions, actions, field] of cases) {
      const response = await post(conditions, actions);
      expect(response.statusCode, JSON.stringify({ conditions, actions })).toBe(400);
      expect(fieldsOf(response)).toContain(field);
    }
    expect((await post([], [])).statusCode).toBe(400);
    expect((await post([], undefined, 'conversation.deleted')).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/rules', { name: 'No actions', event: 'message.received' })).statusCode).toBe(400);

    const other = await addClinic(clinic.careloop, 'rival');
    const theirs = await createDepartment(clinic.careloop.platform, systemActor(other.organizationId), { name: 'Their desk' });
    expect((await post([], [{ type: 'assign_team', departmentId: theirs.id }])).statusCode).toBe(404);
    expect((await post([{ field: 'departmentId', operator: 'in', value: [frontDesk, theirs.id] }])).statusCode).toBe(404);
    expect((await post([], [{ type: 'send_canned_reply', cannedReplyId: theirs.id }])).statusCode).toBe(404);
    expect((await post([], [{ type: 'escalate', assigneeId: theirs.id }])).statusCode).toBe(404);
    const preview = await admin.request('POST', '/api/inbox/rules/preview', { rule: { name: 'x', event: 'message.received', conditions: [{ field: 'mood', operator: 'equals', value: 1 }], actions: [{ type: 'add_label', label: 'x' }] } });
    expect(fieldsOf(preview)).toEqual(['conditions.0.field']);
    expect((await admin.request('PATCH', `/api/inbox/rules/${theirs.id}`, { enabled: false })).statusCode).toBe(404);

    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    const good = { name: 'Fine', event: 'message.received', actions: [{ type: 'add_label', label: 'x' }] };
    expect((await viewer.request('POST', '/api/inbox/rules', good)).statusCode).toBe(403);
    expect((await viewer.request('POST', '/api/inbox/rules/preview', { rule: good })).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/inbox/rules')).statusCode).toBe(200);
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    expect((await agent.request('POST', '/api/inbox/rules', good)).statusCode).toBe(403);
    // Nothing was saved by any refused request.
    expect((await admin.request('GET', '/api/inbox/rules')).json<{ items: unknown[] }>().items).toHaveLength(before);
  });

  it('checks a changed rule whole, and keeps rules in position order', async () => {
    const id = await addRule({ name: 'Ordered', event: 'message.received', actions: [{ type: 'add_label', label: 'ordered' }] });
    const moved = await admin.request('PATCH', `/api/inbox/rules/${id}`, { event: 'sla.breached', conditions: [{ field: 'slaTarget', operator: 'equals', value: 'resolution' }] });
    expect(moved.statusCode).toBe(200);
    // The old conditions do not suit the new event.
    expect(fieldsOf(await admin.request('PATCH', `/api/inbox/rules/${id}`, { event: 'message.received' }))).toEqual(['conditions.0.field']);
    const last = (await admin.request('GET', '/api/inbox/rules')).json<{ items: { id: string }[] }>().items.at(-1)!.id;
    expect(last).toBe(id);
    await admin.request('PATCH', `/api/inbox/rules/${id}`, { position: 0 });
    await Promise.all((await admin.request('GET', '/api/inbox/rules')).json<{ items: { id: string }[] }>().items
      .filter((r) => r.id !== id).map((r, index) => admin.request('PATCH', `/api/inbox/rules/${r.id}`, { position: index + 1 })));
    const rules = (await admin.request('GET', '/api/inbox/rules')).json<{ items: { id: string; position: number }[] }>().items;
    expect(rules[0]!.id).toBe(id);
    expect(rules.map((r) => r.position)).toEqual(rules.map((_, index) => index));
    expect((await admin.request('DELETE', `/api/inbox/rules/${id}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/inbox/rules/${id}`)).statusCode).toBe(404);
  });
});
