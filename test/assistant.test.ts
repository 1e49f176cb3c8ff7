import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { botMessages, chatVisitor, notes, readConversation, understood, type Conversation } from './assistant-kit.js';
import { addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { listen, openSocket, type TestSocket } from './sockets.js';

interface Task { id: string; title: string; priority: string; ownerId: string | null; patientId: string | null; kind: string }
interface Timings { waits: { cycle: number; kind: string; waitingSince: string; respondedAt: string | null; responderId: string | null }[] }

/**
 * A small model server speaking the OpenAI chat-completions format: it records every request and
 * answers with a fixed text, or fails when told to.
 */
function modelServer() {
  const requests: { path: string; authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  let failWith: number | null = null;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) as never });
      if (failWith) {
        response.writeHead(failWith, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"overloaded"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'cmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Use the racks at the north entrance, rephrased.' }, finish_reason: 'stop' }] }));
    });
  });
  return { server, requests, fail: (status: number | null) => { failWith = status; } };
}

describe('the assistant in the web chat', () => {
  let clinic: TestClinic;
  let base: { http: string; ws: string };
  let admin: Client;
  let agent: Client & { cookie: string };
  let agentId: string;
  let nurseId: string;
  let key: string;
  let staffSocket: TestSocket;
  const model = modelServer();
  const sockets: TestSocket[] = [];
  const visitor = async (details: { name?: string; email?: string } = {}) => {
    const v = await chatVisitor(clinic, base.ws, key, details);
    sockets.push(v.socket);
    return v;
  };
  const settings = (body: unknown) => admin.request('PUT', '/api/assistant/settings', body);
  const conversation = (id: string) => readConversation(admin, id);

  beforeAll(async () => {
    clinic = await startClinic({ port: 0 });
    base = await listen(clinic.careloop);
    await new Promise<void>((resolve) => model.server.listen(0, '127.0.0.1', resolve));
    admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const widget = await admin.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' });
    key = widget.json<{ address: string }>().address;
    await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
    const agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const nurseEmail = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    agent = await sessionClient(clinic.careloop, agentEmail);
    const staff = (await admin.request('GET', '/api/users')).json<{ id: string; email: string }[]>();
    agentId = staff.find((s) => s.email === agentEmail)!.id;
    nurseId = staff.find((s) => s.email === nurseEmail)!.id;
    expect((await settings({ chatEnabled: true, onDutyStaffIds: [nurseId] })).statusCode).toBe(200);
    staffSocket = await openSocket(`${base.ws}/api/ws`, { cookie: agent.cookie });
    sockets.push(staffSocket);
    await staffSocket.next((f) => f.type === 'hello');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await clinic.close();
    await new Promise((resolve) => model.server.close(resolve));
  });

  it('answers a question from the knowledge base, and its answer never counts as the first response: the human\'s later reply does', async () => {
    const patient = await visitor({ name: 'Pat Visitor' });
    await patient.say('where can i park');
    const id = patient.conversationId();
    let thread = await conversation(id);
    const [answer] = botMessages(thread);
    expect(answer!.body).toMatch(/park/i);
    expect(answer!.authorLabel).toBe('Assistant');
    let timings = (await admin.request('GET', `/api/inbox/conversations/${id}/timings`)).json<Timings>();
    expect(timings.waits).toEqual([expect.objectContaining({ kind: 'first', respondedAt: null })]);
    expect(await understood(admin, id)).toMatchObject({ active: true, step: 'idle', lastQuestion: 'where can i park', lastArticleTitle: 'Parking' });

    // "agent": handed to the team with a note, and the assistant is silent afterwards.
    await patient.say('agent');
    thread = await conversation(id);
    expect(botMessages(thread)).toHaveLength(2);
    expect(botMessages(thread)[1]!.body).toMatch(/connecting you to a person/);
    expect(thread).toMatchObject({ status: 'open', assigneeId: null });
    expect(thread.labels).toContain('assistant-handoff');
    const [note] = notes(thread);
    expect(note!.body).toContain('Handed over by the assistant: the patient asked for a person.');
    expect(note!.body).toContain('Patient not verified');
    expect(note!.body).toContain('Last question: "where can i park" (answered with "Parking")');
    const panel = await understood(agent, id);
    expect(panel).toMatchObject({ active: false, step: 'handed_off', handoffReason: 'the patient asked for a person', patient: null });
    expect(panel.handedOffAt).not.toBeNull();
    await patient.say('hello? where do I park again');
    expect(botMessages(await conversation(id))).toHaveLength(2);

    // A person answers: that is the first response, from the patient's first message.
    const reply = await agent.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Hi Pat, behind the building. See you soon.' });
    expect(reply.statusCode, reply.body).toBe(201);
    timings = (await admin.request('GET', `/api/inbox/conversations/${id}/timings`)).json<Timings>();
    const first = timings.waits.find((w) => w.kind === 'first')!;
    expect(first.waitingSince).toBe(thread.messages.find((m) => m.direction === 'in')!.createdAt);
    expect(first.responderId).toBe(agentId);
    expect(first.respondedAt).toBe(reply.json<{ createdAt: string }>().createdAt);
    expect(Date.parse(first.respondedAt!)).toBeGreaterThan(Date.parse(botMessages(thread)[1]!.createdAt));
  });

  it('says "I don\'t know, connecting you to a person" rather than guessing, and hands off', async () => {
    const patient = await visitor();
    await patient.say('can you fix my car');
    const thread = await conversation(patient.conversationId());
    expect(botMessages(thread).map((m) => m.body)).toEqual([expect.stringContaining('I don\'t know, connecting you to a person')]);
    expect(thread.labels).toContain('assistant-handoff');
    expect(notes(thread)[0]!.body).toContain('no answer in the knowledge base');
    expect(await understood(admin, thread.id)).toMatchObject({ step: 'handed_off', lastArticleTitle: null, lastQuestion: 'can you fix my car' });
  });

  it('hands off an angry patient who shouts or calls it useless, in English and Spanish', async () => {
    for (const words of ['WHY CAN NOBODY ANSWER ME TODAY', 'this is useless', 'quiero hablar con una persona']) {
      const patient = await visitor();
      await patient.say(words);
      const thread = await conversation(patient.conversationId());
      expect(thread.labels, words).toContain('assistant-handoff');
      expect(botMessages(thread), words).toHaveLength(1);
    }
    const spanish = await visitor();
    await spanish.say('hablar con una persona por favor');
    expect(botMessages(await conversation(spanish.conversationId()))[0]!.body).toMatch(/Le comunico con una persona/);
  });

  async function expectRedFlag(thread: Conversation, reply: RegExp) {
    expect(thread.priority).toBe('urgent');
    expect(thread.labels).toContain('red-flag');
    const answer = botMessages(thread).at(-1)!;
    expect(answer.body).toMatch(reply);
    const tasks = (await admin.request('GET', `/api/tasks?ownerId=${nurseId}&priority=urgent`)).json<{ items: Task[] }>().items;
    expect(tasks.filter((t) => t.title.includes(`conversation #${thread.number}`))).toHaveLength(1);
  }

  it('a patient describing chest pain gets the emergency number at once; the conversation is urgent and the on-duty nurse is alerted', async () => {
    const patient = await visitor();
    await patient.say('I have crushing chest pain right now');
    const thread = await conversation(patient.conversationId());
    await expectRedFlag(thread, /911/);
    expect(botMessages(thread)).toHaveLength(1);
    const alert = await staffSocket.next((f) => f.type === 'event' && (f.event as { type: string }).type === 'assistant.red_flag'
      && (f.event as { data: { conversationId: string } }).data.conversationId === thread.id);
    expect((alert.event as { data: { onDutyStaffIds: string[] } }).data.onDutyStaffIds).toEqual([nurseId]);
    expect((await understood(admin, thread.id)).redFlags).toEqual([expect.objectContaining({ kind: 'chest_pain' })]);
    expect(notes(thread)[0]!.body).toContain('Red flags: chest pain');
  });

  it('answers a red flag in Spanish in Spanish', async () => {
    const patient = await visitor();
    await patient.say('tengo un dolor de pecho muy fuerte y no puedo respirar');
    const thread = await conversation(patient.conversationId());
    await expectRedFlag(thread, /911/);
    expect(botMessages(thread)[0]!.body).not.toMatch(/\b(call|the)\b/i);
  });

  it('still raises a red flag after a person took the conversation over: urgent, labelled, alerted, answered with the crisis line', async () => {
    const patient = await visitor();
    await patient.say('agent');
    const id = patient.conversationId();
    expect((await agent.request('PATCH', `/api/inbox/conversations/${id}`, { assigneeId: agentId })).statusCode).toBe(200);
    expect((await agent.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Hello, how can I help?' })).statusCode).toBe(201);
    await patient.say('honestly I want to kill myself');
    const thread = await conversation(id);
    await expectRedFlag(thread, /988/);
    expect(thread.assigneeId).toBe(agentId);
    expect(notes(thread).at(-1)!.body).toMatch(/^Red flag: the patient described self-harm/);
  });

  it('does not raise a red flag for a negation or a past history; the question goes its usual way', async () => {
    for (const words of ['no chest pain, just wondering where can i park', 'I had chest pain last year, fine now']) {
      const patient = await visitor();
      await patient.say(words);
      const thread = await conversation(patient.conversationId());
      expect(thread.priority, words).toBe('normal');
      expect(thread.labels, words).not.toContain('red-flag');
      expect(botMessages(thread)[0]!.body, words).not.toMatch(/911/);
    }
  });

  it('stays silent when the assistant is off for chat, except for the emergency safety net', async () => {
    expect((await settings({ chatEnabled: false })).statusCode).toBe(200);
    try {
      const patient = await visitor();
      await patient.say('where can i park');
      let thread = await conversation(patient.conversationId());
      expect(botMessages(thread)).toEqual([]);
      expect((await admin.request('GET', `/api/assistant/conversations/${thread.id}`)).statusCode).toBe(404);
      // Switching the assistant off stops its answers, never the emergency reply, the urgency and the alert.
      await patient.say('I have chest pain');
      thread = await conversation(patient.conversationId());
      expect(thread.messages.filter((m) => m.direction === 'in')).toHaveLength(2);
      expect(botMessages(thread).map((m) => m.body)).toEqual([expect.stringMatching(/911/)]);
      expect(thread.priority).toBe('urgent');
      expect(thread.labels).toContain('red-flag');
    } finally {
      await settings({ chatEnabled: true });
    }
  });

  it('rephrases an answer through the configured model without the patient\'s name or phone, and falls back to the article when the model fails', async () => {
    const { port } = model.server.address() as AddressInfo;
    expect((await settings({ llmBaseUrl: `http://127.0.0.1:${port}/v1`, llmModel: 'tiny-model' })).statusCode).toBe(200);
    await admin.request('POST', '/api/knowledge/articles', {
      title: 'Bicycle racks', body: 'Bicycle racks stand beside the north entrance on Elm Street; you need your own lock.', category: 'other', language: 'en', status: 'published',
    });
    try {
      const patient = await visitor({ name: 'Maria Lopez' });
      await patient.say('Are the bicycle racks by the north entrance, and do I need my own lock? Maria Lopez +16175550199');
      const thread = await conversation(patient.conversationId());
      expect(botMessages(thread)[0]!.body).toContain('Use the racks at the north entrance, rephrased.');
      const sent = model.requests.at(-1)!;
      expect(sent.path).toBe('/v1/chat/completions');
      expect(sent.body.model).toBe('tiny-model');
      const everything = JSON.stringify(sent.body);
      expect(everything).toContain('Elm Street');
      expect(everything).not.toMatch(/Maria|Lopez|6175550199/);

      model.fail(503);
      const second = await visitor({ name: 'Maria Lopez' });
      await second.say('Are the bicycle racks by the north entrance, and do I need my own lock?');
      expect(botMessages(await conversation(second.conversationId()))[0]!.body).toContain('Bicycle racks stand beside the north entrance on Elm Street; you need your own lock.');

      model.fail(null);
      await settings({ llmAllowPhi: true });
      const third = await visitor({ name: 'Maria Lopez' });
      await third.say('Are the bicycle racks by the north entrance, and do I need my own lock? Maria Lopez');
      expect(JSON.stringify(model.requests.at(-1)!.body)).toContain('Maria Lopez');
    } finally {
      await settings({ llmBaseUrl: null, llmModel: null, llmAllowPhi: false });
    }
  });

  it('never sends red flags to the model', async () => {
    const { port } = model.server.address() as AddressInfo;
    await settings({ llmBaseUrl: `http://127.0.0.1:${port}/v1`, llmModel: 'tiny-model' });
    const before = model.requests.length;
    try {
      const patient = await visitor();
      await patient.say('my throat is closing after a bee sting');
      expect(botMessages(await conversation(patient.conversationId()))[0]!.body).toMatch(/911/);
      expect(model.requests.length).toBe(before);
    } finally {
      await settings({ llmBaseUrl: null, llmModel: null });
    }
  });
});

describe('assistant settings', () => {
  let clinic: TestClinic;
  let admin: Client;
  beforeAll(async () => {
    clinic = await startClinic();
    admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  });
  afterAll(async () => { await clinic.close(); });

  it('start off, with 911 and 988, and keep what is saved', async () => {
    const fresh = await admin.request('GET', '/api/assistant/settings');
    expect(fresh.json()).toMatchObject({ chatEnabled: false, smsEnabled: false, emergencyNumber: '911', crisisLine: '988', llmBaseUrl: null, llmAllowPhi: false, llmApiKeyConfigured: false });
    const saved = await admin.request('PUT', '/api/assistant/settings', { smsEnabled: true, greeting: 'Hi, I am the Sunrise assistant.', emergencyNumber: '112', llmBaseUrl: 'http://localhost:11434/v1/', llmModel: 'llama3' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ smsEnabled: true, chatEnabled: false, emergencyNumber: '112', crisisLine: '988', llmBaseUrl: 'http://localhost:11434/v1' });
    expect((await admin.request('GET', '/api/assistant/settings')).json()).toMatchObject({ greeting: 'Hi, I am the Sunrise assistant.', llmModel: 'llama3' });
  });

  it('refuse a bad endpoint URL, credentials in it, an endpoint without a model, unknown fields, unknown staff and an empty body with 400', async () => {
    const cases: [unknown, string][] = [
      [{ llmBaseUrl: 'not a url', llmModel: 'x' }, 'llmBaseUrl'],
      [{ llmBaseUrl: 'ftp://models.example.org', llmModel: 'x' }, 'llmBaseUrl'],
      [{ llmBaseUrl: 'https://user:secret@models.example.org/v1', llmModel: 'x' }, 'llmBaseUrl'],
      [{ llmBaseUrl: 'https://models.example.org/v1', llmModel: null }, 'llmModel'],
      [{ apiKey: 'sk-123' }, 'apiKey'],
      [{ chatEnabled: 'yes' }, 'chatEnabled'],
      [{ emergencyNumber: 'call someone' }, 'emergencyNumber'],
      [{ onDutyStaffIds: ['9b2f9c53-5f7e-4d43-a1c2-4a3c7e1f0a11'] }, 'onDutyStaffIds'],
      [{ handoffDepartmentId: '9b2f9c53-5f7e-4d43-a1c2-4a3c7e1f0a11' }, 'handoffDepartmentId'],
      [{}, ''],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request('PUT', '/api/assistant/settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(errorOf(response)), JSON.stringify(body)).toContain(field);
    }
    expect((await admin.request('GET', '/api/assistant/settings')).json()).toMatchObject({ llmBaseUrl: 'http://localhost:11434/v1', llmModel: 'llama3' });
  });

  it('are for administrators and quality managers: an agent gets 403, and may read the panel but not change settings', async () => {
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    expect((await agent.request('GET', '/api/assistant/settings')).statusCode).toBe(403);
    expect((await agent.request('PUT', '/api/assistant/settings', { chatEnabled: true })).statusCode).toBe(403);
    const manager = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager'));
    expect((await manager.request('GET', '/api/assistant/settings')).statusCode).toBe(200);
    expect((await agent.request('GET', '/api/assistant/conversations/9b2f9c53-5f7e-4d43-a1c2-4a3c7e1f0a11')).statusCode).toBe(404);
  });
});
