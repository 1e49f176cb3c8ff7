import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

/**
 * The Reports API end to end: patients answer surveys by the links in their texts, and the
 * summary (read straight after, with no job run by the test) shows the numbers worked out by hand.
 */

let clinic: TestClinic;
let admin: Client;
let surveyId: string;

const ITEMS = [
  { id: 'recommend', key: 'recommend', kind: 'nps', text: 'Would you recommend us?', textEs: '¿Nos recomendaría?', required: true },
  { id: 'satisfied', key: 'satisfied', kind: 'csat', text: 'How satisfied are you?', textEs: '¿Qué tan satisfecho está?', required: true },
  { id: 'courtesy', key: 'courtesy', kind: 'cahps', text: 'How often were you treated with courtesy?', textEs: '¿Con qué frecuencia lo trataron con cortesía?', required: true },
];

interface OutboxItem { purpose: string; body: string; patientId: string | null }
interface Kpi { kpi: string; label: string; value: number | null; n: number; adjusted?: number; ci: { low: number; high: number } | null; detail?: Record<string, number> }

/** Registers a patient, sends them the survey and returns the token of the link in their text. */
async function invite(index: number): Promise<string> {
  const patient = await admin.request('POST', '/api/patients', {
    givenName: `Patient ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[index]}`, familyName: 'Reports', dateOfBirth: '1970-01-01', allowDuplicate: true,
    contactPoints: [{ kind: 'phone', value: `+1 617 555 ${String(2000 + index)}` }],
  });
  expect(patient.statusCode, patient.body).toBe(201);
  const patientId = patient.json<{ id: string }>().id;
  const sent = await admin.request('POST', `/api/feedback/surveys/${surveyId}/send`, { patientId });
  expect(sent.statusCode, sent.body).toBe(201);
  const outbox = (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items;
  const text = outbox.find((message) => message.patientId === patientId && message.purpose === 'survey');
  return /\/s\/(\S+)$/.exec(text!.body)![1]!;
}

const answer = (token: string, answers: Record<string, number | string>) =>
  clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers } });

beforeAll(async () => {
  clinic = await startClinic({ env: { PUBLIC_URL: 'https://care.example.org' } });
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  const created = await admin.request('POST', '/api/feedback/surveys', { name: 'After your visit', trigger: 'manual', delayMinutes: 0, throttleDays: 0, items: ITEMS });
  expect(created.statusCode, created.body).toBe(201);
  surveyId = created.json<{ id: string }>().id;

  // 10 promoters, 5 passives, 5 detractors; 2 more invited who never answer.
  const scores = [...Array<number>(10).fill(10), ...Array<number>(5).fill(8), ...Array<number>(5).fill(3)];
  for (let i = 0; i < scores.length + 2; i++) {
    const token = await invite(i);
    const nps = scores[i];
    if (nps === undefined) continue;
    // promoters satisfied (5) and "always"; passives 4 and "usually"; detractors 2 and "sometimes"
    const satisfied = nps >= 9 ? 5 : nps >= 7 ? 4 : 2;
    const courtesy = nps >= 9 ? 'always' : nps >= 7 ? 'usually' : 'sometimes';
    const response = await answer(token, { recommend: nps, satisfied, courtesy });
    expect(response.statusCode, response.body).toBe(201);
  }
}, 240_000);
afterAll(async () => clinic?.close());

const summary = async () => {
  const response = await admin.request('GET', '/api/reports/summary');
  expect(response.statusCode, response.body).toBe(200);
  return new Map(response.json<{ kpis: Kpi[] }>().kpis.map((kpi) => [kpi.kpi, kpi]));
};

describe('reports over answered surveys', () => {
  it('20 answers (10 promoters, 5 passives, 5 detractors): NPS 25, adjusted 21.74, 95% CI [-11.72, 55.20]', async () => {
    const kpis = await summary();
    expect(kpis.get('nps')).toMatchObject({ value: 25, n: 20, adjusted: 21.74, ci: { low: -11.72, high: 55.2 }, detail: { promoters: 10, passives: 5, detractors: 5 } });
  });

  it('CSAT 15 of 20 = 75%, response rate 20 of 22 = 90.91%, courtesy top-box 10 of 20 = 50% (linear mean (10·100 + 5·66.67 + 5·33.33) / 20 = 75)', async () => {
    const kpis = await summary();
    expect(kpis.get('csat')).toMatchObject({ value: 75, n: 20 });
    expect(kpis.get('response_rate')).toMatchObject({ value: 90.91, n: 22, detail: { answered: 20, sent: 22 } });
    expect(kpis.get('cahps:courtesy')).toMatchObject({ label: 'How often were you treated with courtesy? (% always)', value: 50, n: 20, detail: { always: 10, linearMean: 75 } });
  });

  it('the rows behind the NPS are the 20 answers, and a full recomputation gives the same numbers', async () => {
    const rows = await admin.request('GET', '/api/reports/rows?kpi=nps&limit=5');
    expect(rows.statusCode, rows.body).toBe(200);
    expect(rows.json()).toMatchObject({ total: 20, metric: 'survey.nps' });
    const shown = rows.json<{ rows: { patientId: string }[] }>().rows;
    expect(shown).toHaveLength(5);
    // Each patient whose answer was shown has the read in their access log.
    const log = (await admin.request('GET', `/api/patients/${shown[0]!.patientId}/access-log`)).json<{ items: { action: string; entity: string }[] }>().items;
    expect(log.map((entry) => `${entry.action} ${entry.entity}`)).toContain('report_rows report');
    const before = await summary();
    const recomputed = await admin.request('POST', '/api/reports/recompute', {});
    expect(recomputed.statusCode, recomputed.body).toBe(200);
    const after = await summary();
    for (const name of ['nps', 'csat', 'response_rate', 'cahps:courtesy']) expect(after.get(name)).toEqual(before.get(name));
  });

  it('two filters at once are summed from the facts: texted answers of a department without answers are none, texted answers alone are all 20', async () => {
    const department = (await admin.request('POST', '/api/departments', { name: 'Podiatry' })).json<{ id: string }>().id;
    const npsOf = async (query: string) => {
      const response = await admin.request('GET', `/api/reports/summary?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ kpis: Kpi[] }>().kpis.find((kpi) => kpi.kpi === 'nps')!;
    };
    expect(await npsOf(`channel=sms&departmentId=${department}`)).toMatchObject({ value: null, n: 0 });
    expect(await npsOf('channel=sms')).toMatchObject({ value: 25, n: 20 });
    expect(await npsOf('channel=email')).toMatchObject({ value: null, n: 0 });
  });

  it('the rows behind the NPS download as CSV, one line per answer, with a file name', async () => {
    const response = await admin.request('GET', '/api/reports/export.csv?what=rows&kpi=nps');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="rows-nps-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = response.body.trim().split('\r\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toContain('Patient');
    expect(lines.filter((line) => line.includes('Reports'))).toHaveLength(20);
    expect(lines[0]).not.toContain('patientId');
  });

  it('by channel, the texted answers are the whole clinic: within noise against an empty rest', async () => {
    const response = await admin.request('GET', '/api/reports/compare?kpi=nps&by=channel');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<{ rows: { id: string; n: number; difference: string; note: string | null }[] }>().rows;
    expect(rows).toEqual([expect.objectContaining({ id: 'sms', n: 20, difference: 'within_noise' })]);
  });

  it('an answered question keeps its key and kind: removing it or re-keying it is refused (400), rewording it and adding one is fine', async () => {
    const patch = (items: unknown[]) => admin.request('PATCH', `/api/feedback/surveys/${surveyId}`, { items });
    const removed = await patch(ITEMS.slice(0, 2));
    expect(removed.statusCode).toBe(400);
    expect(removed.body).toContain('courtesy');
    expect((await patch([ITEMS[0], ITEMS[1], { ...ITEMS[2], key: 'staff_courtesy' }])).statusCode).toBe(400);
    expect((await patch([ITEMS[0], ITEMS[1], { ...ITEMS[2], kind: 'csat' }])).statusCode).toBe(400);
    const reworded = await patch([...ITEMS.slice(0, 2), { ...ITEMS[2], text: 'How often did staff treat you with courtesy and respect?' },
      { id: 'comment', key: 'comment', kind: 'text', text: 'Anything else?', textEs: '¿Algo más?', required: false }]);
    expect(reworded.statusCode, reworded.body).toBe(200);
    const after = await summary();
    expect(after.get('cahps:courtesy')).toMatchObject({ n: 20 });
  });
});
