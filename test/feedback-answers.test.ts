import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../src/platform/links.js';
import { addClinic, apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

const PUBLIC = 'https://care.example.org';
let clinic: TestClinic;
let admin: Client;
let harborId: string;
let surveyId: string;

const item = (id: string, kind: string, required = true) => ({ id, key: id, kind, text: `Question ${id}?`, textEs: `¿Pregunta ${id}?`, required });
const ITEMS = [item('recommend', 'nps'), item('satisfied', 'csat'), item('easy', 'ces', false), item('courtesy', 'cahps', false), item('comment', 'text', false)];

/** The patient's phone: each request from its own client address, so the per-address limit is tested on purpose only. */
function patientPhone(address = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return (method: 'GET' | 'POST', token: string, body?: object) =>
    clinic.careloop.app.inject({ method, url: `/api/public/survey/${token}`, remoteAddress: address, ...(body && { payload: body }) });
}

async function registerPatient(givenName: string, details: Record<string, unknown> = {}) {
  const response = await admin.request('POST', '/api/patients', {
    givenName, familyName: 'Survey', dateOfBirth: '1980-01-02', allowDuplicate: true,
    contactPoints: [{ kind: 'phone', value: `+1 617 555 ${String(1000 + Math.floor(Math.random() * 8999))}` }], ...details,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

interface OutboxItem { id: string; purpose: string; channel: string; body: string; patientId: string | null }
const surveyTexts = async (patientId: string) => (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
  .filter((message) => message.patientId === patientId && message.purpose === 'survey');

/** Sends the survey to a new patient and returns the token of the link in the text they received. */
async function invitedPatient(details: Record<string, unknown> = {}) {
  const patientId = await registerPatient('Ana', details);
  const sent = await admin.request('POST', `/api/feedback/surveys/${surveyId}/send`, { patientId });
  expect(sent.statusCode, sent.body).toBe(201);
  const invitation = sent.json<{ id: string; status: string }>();
  expect(invitation.status).toBe('sent');
  const [text] = await surveyTexts(patientId);
  const token = /\/s\/(\S+)$/.exec(text!.body)?.[1];
  expect(token).toBeTruthy();
  return { patientId, invitationId: invitation.id, token: token!, text: text! };
}

const goodAnswers = { recommend: 9, satisfied: 5, easy: 6, courtesy: 'always', comment: 'Kind nurses.' };

beforeAll(async () => {
  clinic = await startClinic({ env: { PUBLIC_URL: PUBLIC } });
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  harborId = (await addClinic(clinic.careloop, 'harbor')).organizationId;
  const created = await admin.request('POST', '/api/feedback/surveys', {
    name: 'How did we do', trigger: 'manual', delayMinutes: 0, throttleDays: 0, intro: 'A minute of your time.', introEs: 'Un minuto de su tiempo.', items: ITEMS,
  });
  expect(created.statusCode, created.body).toBe(201);
  surveyId = created.json<{ id: string }>().id;
});
afterAll(async () => clinic?.close());

describe('a patient answers by the link in the text', () => {
  it('gets a short text from the clinic with a link, reads the survey in Spanish, answers once, and staff see the scores with labels', async () => {
    const { patientId, invitationId, token, text } = await invitedPatient({ language: 'es' });
    expect(text.body).toMatch(/^sunrise clinic: Ana, ¿qué tal le atendimos\? Responda en 1 minuto: https:\/\/care\.example\.org\/s\/\S+$/);
    const phone = patientPhone();
    const page = await phone('GET', token);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ clinicName: 'sunrise clinic', language: 'es', surveyName: 'How did we do', intro: 'Un minuto de su tiempo.', answered: false });
    expect(page.json<{ items: { id: string; text: string }[] }>().items[0]).toMatchObject({ id: 'recommend', text: '¿Pregunta recommend?' });

    const answered = await phone('POST', token, { answers: goodAnswers });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toEqual({ thanks: true });

    const list = (await admin.request('GET', `/api/feedback/responses?patientId=${patientId}`)).json<{ items: Record<string, unknown>[]; total: number }>();
    expect(list.total).toBe(1);
    const response = list.items[0]!;
    expect(response).toMatchObject({ invitationId, nps: 9, csat: 5, ces: 6, comment: 'Kind nurses.', language: 'es', channel: 'sms', source: { type: 'manual', id: null } });
    const detail = (await admin.request('GET', `/api/feedback/responses/${String(response.id)}`)).json<{ answers: { itemId: string; label: string; question: string }[] }>();
    expect(detail.answers.map((a) => [a.itemId, a.label])).toEqual([['recommend', '9 of 10'], ['satisfied', '5 of 5'], ['easy', '6 of 7'], ['courtesy', 'Always'], ['comment', 'Kind nurses.']]);
    const invitations = (await admin.request('GET', `/api/feedback/invitations?patientId=${patientId}`)).json<{ items: { status: string; answeredAt: string | null }[] }>();
    expect(invitations.items[0]).toMatchObject({ status: 'answered' });

    // The same link again: to read or to answer, it is used; nothing is counted twice.
    expect(errorOf(await phone('GET', token))).toMatchObject({ code: 'link_used' });
    const again = await phone('POST', token, { answers: { recommend: 0, satisfied: 1 } });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again).code).toBe('link_used');
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${patientId}`)).json<{ total: number }>().total).toBe(1);

    const timeline = (await admin.request('GET', `/api/patients/${patientId}/timeline`)).json<{ items: { type: string; summary: string }[] }>().items;
    expect(timeline.map((entry) => entry.type)).toEqual(expect.arrayContaining(['survey.scheduled', 'survey.sent', 'survey.answered']));
    expect(timeline.find((entry) => entry.type === 'survey.answered')!.summary).toBe('Answered the survey "How did we do" (NPS 9, CSAT 5, effort 6)');
  });

  it('opens a recovery case for a detractor\'s answer in the same step, and shows it on the response', async () => {
    const { patientId, token } = await invitedPatient();
    expect((await patientPhone()('POST', token, { answers: { recommend: 2, satisfied: 3, comment: 'Nobody called me back.' } })).statusCode).toBe(201);
    const [response] = (await admin.request('GET', `/api/feedback/responses?patientId=${patientId}&group=detractor`)).json<{ items: { recoveryCaseId: string | null }[] }>().items;
    expect(response!.recoveryCaseId).toMatch(/^[0-9a-f-]{36}$/);
    const content = await invitedPatient();
    expect((await patientPhone()('POST', content.token, { answers: { recommend: 10, satisfied: 5 } })).statusCode).toBe(201);
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${content.patientId}&group=promoter`)).json<{ items: { recoveryCaseId: string | null }[] }>().items[0]!.recoveryCaseId).toBeNull();
  });

  it('counts two answers sent at the same moment once: one 201, one 410 link_used', async () => {
    const { patientId, token } = await invitedPatient();
    const [first, second] = await Promise.all([patientPhone()('POST', token, { answers: goodAnswers }), patientPhone()('POST', token, { answers: { recommend: 2, satisfied: 1 } })]);
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([201, 410]);
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${patientId}`)).json<{ total: number }>().total).toBe(1);
  });
});

describe('staff lists', () => {
  it('page through responses and invitations, filter by survey, status, group and the clinic\'s local dates, and refuse a period that ends before it starts', async () => {
    for (const recommend of [10, 7]) {
      const { token } = await invitedPatient();
      expect((await patientPhone()('POST', token, { answers: { recommend, satisfied: 4 } })).statusCode).toBe(201);
    }
    const all = (await admin.request('GET', `/api/feedback/responses?surveyId=${surveyId}&limit=100`)).json<{ items: { id: string; nps: number }[]; total: number }>();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const pages = [];
    for (let offset = 0; offset < all.total; offset++) pages.push((await admin.request('GET', `/api/feedback/responses?surveyId=${surveyId}&limit=1&offset=${offset}`)).json<{ items: { id: string }[] }>().items[0]!.id);
    expect(pages).toEqual(all.items.map((item) => item.id));
    const passives = (await admin.request('GET', `/api/feedback/responses?group=passive&limit=100`)).json<{ items: { nps: number }[] }>().items;
    expect(passives.length).toBeGreaterThan(0);
    expect(passives.every((item) => item.nps === 7 || item.nps === 8)).toBe(true);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    expect((await admin.request('GET', `/api/feedback/responses?from=${today}&to=${today}&surveyId=${surveyId}`)).json<{ total: number }>().total).toBe(all.total);
    expect((await admin.request('GET', `/api/feedback/responses?from=2099-01-01&surveyId=${surveyId}`)).json<{ total: number }>().total).toBe(0);
    const backwards = await admin.request('GET', '/api/feedback/responses?from=2026-03-10&to=2026-03-09');
    expect(backwards.statusCode).toBe(400);
    expect(errorOf(backwards).message).toBe('to: must not be before from');
    expect((await admin.request('GET', '/api/feedback/responses?from=2026-02-30')).statusCode).toBe(400);
    expect((await admin.request('GET', '/api/feedback/responses?limit=101')).statusCode).toBe(400);

    const answered = (await admin.request('GET', `/api/feedback/invitations?surveyId=${surveyId}&status=answered&limit=100`)).json<{ items: { status: string }[]; total: number }>();
    expect(answered.total).toBe(all.total);
    expect(answered.items.every((item) => item.status === 'answered')).toBe(true);
    expect((await admin.request('GET', '/api/feedback/invitations?status=lost')).statusCode).toBe(400);
  });
});

describe('answers out of range are refused with the question named, and the link still works after', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['NPS 11', { recommend: 11, satisfied: 4 }, /answers\.recommend: must be a whole number from 0 to 10/],
    ['NPS -1', { recommend: -1, satisfied: 4 }, /answers\.recommend/],
    ['NPS 8.5', { recommend: 8.5, satisfied: 4 }, /answers\.recommend: must be a whole number/],
    ['NPS as the text "9"', { recommend: '9', satisfied: 4 }, /answers\.recommend/],
    ['CSAT 0', { recommend: 9, satisfied: 0 }, /answers\.satisfied: must be a whole number from 1 to 5/],
    ['effort 8', { recommend: 9, satisfied: 4, easy: 8 }, /answers\.easy: must be a whole number from 1 to 7/],
    ['CAHPS "often"', { recommend: 9, satisfied: 4, courtesy: 'often' }, /answers\.courtesy: must be one of: never, sometimes, usually, always/],
    ['CAHPS as the number 3', { recommend: 9, satisfied: 4, courtesy: 3 }, /answers\.courtesy/],
    ['a comment as a number', { recommend: 9, satisfied: 4, comment: 5 }, /answers\.comment: must be text/],
    ['a comment of 2,001 characters', { recommend: 9, satisfied: 4, comment: 'x'.repeat(2001) }, /comment/],
    ['an unknown question "price"', { recommend: 9, satisfied: 4, price: 3 }, /answers\.price: is not a question of this survey/],
    ['the required NPS missing', { satisfied: 4 }, /answers\.recommend: is required/],
    ['the required CSAT blank', { recommend: 9, satisfied: '  ' }, /answers\.satisfied/],
    ['an answer true', { recommend: true, satisfied: 4 }, /recommend/],
  ];
  let link: { token: string; patientId: string };
  beforeAll(async () => { link = await invitedPatient(); });

  for (const [what, answers, message] of cases) {
    it(`refuses ${what}`, async () => {
      const response = await patientPhone()('POST', link.token, { answers });
      expect(response.statusCode, response.body).toBe(400);
      expect(errorOf(response).code).toBe('invalid_request');
      expect(errorOf(response).message).toMatch(message);
    });
  }

  it('refuses a body without answers and a language "fr", then takes the good answer once', async () => {
    expect((await patientPhone()('POST', link.token, { language: 'en' })).statusCode).toBe(400);
    expect((await patientPhone()('POST', link.token, { answers: goodAnswers, language: 'fr' })).statusCode).toBe(400);
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${link.patientId}`)).json<{ total: number }>().total).toBe(0);
    expect((await patientPhone()('POST', link.token, { answers: { recommend: 10, satisfied: 5 } })).statusCode).toBe(201);
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${link.patientId}`)).json<{ total: number }>().total).toBe(1);
  });
});

describe('forged, altered, replayed and foreign links', () => {
  const secret = () => clinic.careloop.platform.config.secretKey;
  const inAMonth = () => new Date(Date.now() + 30 * 86_400_000);

  it('refuses a link with one character of its signature changed (403 link_invalid)', async () => {
    const { token } = await invitedPatient();
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const response = await patientPhone()('GET', `${token.slice(0, -1)}${last}`);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('link_invalid');
  });

  it('refuses a link whose payload was altered to name another invitation (403 link_invalid)', async () => {
    const { token } = await invitedPatient();
    const [body, signature] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...payload, s: randomUUID() })).toString('base64url');
    expect(errorOf(await patientPhone()('POST', `${altered}.${signature}`, { answers: goodAnswers })).code).toBe('link_invalid');
  });

  it('refuses made-up text as a token, and an appointment link used as a survey link (403 link_invalid)', async () => {
    expect((await patientPhone()('GET', 'not-a-token')).statusCode).toBe(403);
    const { invitationId } = await invitedPatient();
    const appointmentToken = signLink(secret(), { purpose: 'appointment', organizationId: clinic.organizationId, subject: invitationId, expiresAt: inAMonth() });
    expect(errorOf(await patientPhone()('GET', appointmentToken))).toMatchObject({ code: 'link_invalid', message: 'This link is for something else.' });
  });

  it('refuses a link that names another clinic for this clinic\'s invitation (403 link_invalid), and nothing is counted', async () => {
    const { invitationId, patientId } = await invitedPatient();
    const crossTenant = signLink(secret(), { purpose: 'survey', organizationId: harborId, subject: invitationId, expiresAt: inAMonth(), oneTime: true });
    expect(errorOf(await patientPhone()('POST', crossTenant, { answers: goodAnswers })).code).toBe('link_invalid');
    expect((await admin.request('GET', `/api/feedback/responses?patientId=${patientId}`)).json<{ total: number }>().total).toBe(0);
  });

  it('answers an expired link with 410 link_expired', async () => {
    const { invitationId } = await invitedPatient();
    const expired = signLink(secret(), { purpose: 'survey', organizationId: clinic.organizationId, subject: invitationId, expiresAt: new Date(Date.now() - 1000), oneTime: true });
    const response = await patientPhone()('GET', expired);
    expect(response.statusCode).toBe(410);
    expect(errorOf(response).code).toBe('link_expired');
  });

  it('limits answers from one address: the 21st POST in a minute gets 429', async () => {
    const phone = patientPhone('10.99.99.99');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await phone('POST', 'not-a-token', { answers: {} })).statusCode);
    expect(statuses.slice(0, 20).every((status) => status === 403)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
