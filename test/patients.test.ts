import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let api: Client;
beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
});
afterAll(async () => { await clinic?.close(); });

interface Patient {
  id: string; updatedAt: string; mrn: string; givenName: string; familyName: string; dateOfBirth: string; status: string; replacedBy: string | null; tags: string[];
  preferredChannel: string; language: string;
  contactPoints: { id: string; kind: string; value: string; isPrimary: boolean; consentCare: boolean; consentMarketing: boolean; consentUpdatedAt: string | null }[];
}

async function register(body: Record<string, unknown>): Promise<Patient> {
  const response = await api.request('POST', '/api/patients', body);
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  return response.json<Patient>();
}

const search = async (query: string) => (await api.request('GET', `/api/patients?${query}`)).json<{ items: { id: string; familyName: string }[]; total: number }>();

describe('the patient register', () => {
  it('registers a patient with normalized contact points, a generated MRN and default consent', async () => {
    const patient = await register({
      givenName: 'Lucía', familyName: "O'Connor-Ruiz", dateOfBirth: '1984-02-29', sex: 'female', language: 'es',
      contactPoints: [{ kind: 'phone', value: '(212) 555-2368' }, { kind: 'email', value: 'Lucia.OConnor@Example.com', consentMarketing: true }],
      tags: ['Diabetes', 'diabetes', 'interpreter'],
    });
    expect(patient.mrn).toMatch(/^CL\d+$/);
    expect(patient.contactPoints).toEqual([
      expect.objectContaining({ kind: 'phone', value: '+12125552368', isPrimary: true, consentCare: true, consentMarketing: false }),
      expect.objectContaining({ kind: 'email', value: 'lucia.oconnor@example.com', isPrimary: true, consentMarketing: true }),
    ]);
    expect(patient.tags).toEqual(['diabetes', 'interpreter']);
    expect(patient.preferredChannel).toBe('sms');
    const read = await api.request('GET', `/api/patients/${patient.id}`);
    expect(read.json()).toEqual(patient);
  });

  it('keeps MRNs unique within the organization', async () => {
    await register({ mrn: 'A-100', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1915-12-10' });
    const again = await api.request('POST', '/api/patients', { mrn: 'A-100', givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1906-12-09' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('mrn_taken');
  });

  it('edits contact details, consent and channel preferences, stamping consent changes only', async () => {
    const patient = await register({ givenName: 'Tomás', familyName: 'Herrera', dateOfBirth: '1990-07-04', contactPoints: [{ kind: 'phone', value: '+1 305 555 0147' }, { kind: 'email', value: 'tomas@example.org' }] });
    const response = await api.request('PATCH', `/api/patients/${patient.id}`, {
      preferredChannel: 'email', language: 'es',
      contactPoints: [
        { kind: 'phone', value: '+13055550147', consentCare: true, consentMarketing: false },
        { kind: 'phone', value: '+1 786 555 0199', label: 'work', isPrimary: true },
        { kind: 'email', value: 'tomas@example.org', consentCare: false },
      ],
    });
    expect(response.statusCode).toBe(200);
    const updated = response.json<Patient>();
    expect(updated.preferredChannel).toBe('email');
    const phone = (value: string) => updated.contactPoints.find((cp) => cp.value === value)!;
    expect(phone('+17865550199').isPrimary).toBe(true);
    expect(phone('+13055550147').isPrimary).toBe(false);
    expect(phone('+13055550147').consentUpdatedAt).toBe(patient.contactPoints[0]!.consentUpdatedAt);
    expect(phone('+13055550147').id).toBe(patient.contactPoints[0]!.id); // a kept phone keeps its id
    expect(phone('tomas@example.org').consentCare).toBe(false);
    expect(phone('tomas@example.org').consentUpdatedAt).not.toBe(patient.contactPoints[1]!.consentUpdatedAt);
  });
});

describe('two people editing one patient', () => {
  it('the second save from a stale copy is refused with 412, not silently lost', async () => {
    const patient = await register({ givenName: 'Ines', familyName: 'Duarte', dateOfBirth: '1977-07-07' });
    const opened = await api.request('GET', `/api/patients/${patient.id}`);
    const etag = opened.headers.etag as string;
    expect(etag).toBe(`"${patient.updatedAt}"`);
    const first = await api.request('PATCH', `/api/patients/${patient.id}`, { language: 'es' }, { 'if-match': etag });
    expect(first.statusCode).toBe(200);
    const second = await api.request('PATCH', `/api/patients/${patient.id}`, { preferredChannel: 'email' }, { 'if-match': etag });
    expect(second.statusCode).toBe(412);
    expect(errorOf(second).code).toBe('edit_conflict');
    const now = (await api.request('GET', `/api/patients/${patient.id}`)).json<Patient>();
    expect(now).toMatchObject({ language: 'es', preferredChannel: 'none' });
    const retried = await api.request('PATCH', `/api/patients/${patient.id}`, { preferredChannel: 'email' }, { 'if-match': `W/${first.headers.etag as string}` });
    expect(retried.statusCode).toBe(200);
    expect((await api.request('PATCH', `/api/patients/${patient.id}`, { language: 'en' }, { 'if-match': '*' })).statusCode).toBe(200);
  });
});

describe('searching patients', () => {
  let target: Patient;
  beforeAll(async () => {
    target = await register({ givenName: 'Margarita', familyName: 'Villanueva', dateOfBirth: '1961-11-05', tags: ['hypertension'], contactPoints: [{ kind: 'phone', value: '+1 617 555 0123' }] });
    await register({ givenName: 'Mark', familyName: 'Villard', dateOfBirth: '1975-03-02', contactPoints: [{ kind: 'phone', value: '+1 617 555 0999' }] });
    for (let i = 0; i < 30; i += 1) await register({ givenName: 'Paula', familyName: `Pagination${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`, dateOfBirth: '2000-01-01', allowDuplicate: true });
  });

  it('finds by name prefix, by a later word, and despite a typo', async () => {
    expect((await search('q=villan')).items.map((p) => p.id)).toContain(target.id);
    expect((await search('q=Margarita%20Vill')).items[0]!.id).toBe(target.id);
    expect((await search('q=villanueba')).items.map((p) => p.id)).toContain(target.id);
    const prefix = await search('q=vill');
    expect(prefix.items.map((p) => p.familyName)).toEqual(expect.arrayContaining(['Villanueva', 'Villard']));
  });

  it('finds by phone in any format, by date of birth in either format and by MRN', async () => {
    expect((await search('q=%2B16175550123')).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search(`q=${encodeURIComponent('(617) 555-0123')}`)).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search('q=5550123')).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search('q=1961-11-05')).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search(`q=${encodeURIComponent('11/5/1961')}`)).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search(`q=${target.mrn.toLowerCase()}`)).items.map((p) => p.id)).toEqual([target.id]);
    expect((await search('tag=hypertension')).items.map((p) => p.id)).toEqual([target.id]);
  });

  it('pages through results with a stable order and a total', async () => {
    const first = await search('q=pagination&limit=10&offset=0');
    const second = await search('q=pagination&limit=10&offset=10');
    const fourth = await search('q=pagination&limit=10&offset=30');
    expect(first.total).toBe(30);
    expect(first.items).toHaveLength(10);
    expect(fourth.items).toHaveLength(0);
    expect(new Set([...first.items, ...second.items].map((p) => p.id)).size).toBe(20);
  });

  it('treats SQL and HTML in the search box as text', async () => {
    for (const q of ["'; drop table patients; --", '<script>alert(1)</script>', '%', '_', '\\']) {
      const response = await api.request('GET', `/api/patients?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      expect(response.json<{ total: number }>().total).toBe(0);
    }
    expect((await search('q=villanueva')).total).toBe(1);
  });
});

describe('duplicates and merge', () => {
  it('refuses a likely duplicate at registration with the scored reasons, and accepts it when told to', async () => {
    const william = await register({ givenName: 'William', familyName: 'Okafor', dateOfBirth: '1958-04-12', contactPoints: [{ kind: 'phone', value: '+1 404 555 0111' }] });
    const bill = { givenName: 'Bill', familyName: 'Okafor', dateOfBirth: '1958-04-21', contactPoints: [{ kind: 'phone', value: '+1 404 555 0111' }] };
    const refused = await api.request('POST', '/api/patients', bill);
    expect(refused.statusCode).toBe(409);
    const error = errorOf(refused) as { code: string; details: { candidates: { patient: { id: string }; score: number; reasons: { code: string }[] }[] } };
    expect(error.code).toBe('possible_duplicate');
    const candidate = error.details.candidates[0]!;
    expect(candidate.patient.id).toBe(william.id);
    expect(candidate.reasons.map((r) => r.code).sort()).toEqual(['nickname', 'same_phone', 'transposed_birth_date']);
    expect(candidate.score).toBe(80);
    expect((await api.request('POST', '/api/patients', { ...bill, allowDuplicate: true })).statusCode).toBe(201);
  });

  it('same name and birth date with no contact details is a likely duplicate; accents do not hide a nickname', async () => {
    await register({ givenName: 'John', familyName: 'Whitfield', dateOfBirth: '1980-01-01' });
    expect(errorOf(await api.request('POST', '/api/patients', { givenName: 'John', familyName: 'Whitfield', dateOfBirth: '1980-01-01' })).code).toBe('possible_duplicate');
    const jose = await register({ givenName: 'José', familyName: 'García', dateOfBirth: '1970-01-01' });
    const pepe = await register({ givenName: 'Pepe', familyName: 'Garcia', dateOfBirth: '1970-01-01', allowDuplicate: true });
    const items = (await api.request('GET', `/api/patients/${pepe.id}/duplicates`)).json<{ items: { patient: { id: string }; reasons: { code: string }[] }[] }>().items;
    expect(items[0]!.patient.id).toBe(jose.id);
    expect(items[0]!.reasons.map((r) => r.code)).toContain('nickname');
  });

  it('registers the same person once when the same request arrives several times at once', async () => {
    const body = { givenName: 'Simultaneous', familyName: 'Arrival', dateOfBirth: '1991-09-19', contactPoints: [{ kind: 'phone', value: '+1 646 555 0190' }] };
    const statuses = (await Promise.all([1, 2, 3].map(() => api.request('POST', '/api/patients', body)))).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
  });

  it('skips a generated MRN that someone typed in by hand', async () => {
    const next = (await register({ givenName: 'Before', familyName: 'Typing', dateOfBirth: '1960-01-01' })).mrn;
    const typed = `cl${Number(next.slice(2)) + 1}`;
    await register({ mrn: typed, givenName: 'Typed', familyName: 'Number', dateOfBirth: '1961-01-01' });
    const after = await register({ givenName: 'After', familyName: 'Typing', dateOfBirth: '1962-01-01' });
    expect(after.mrn.toLowerCase()).not.toBe(typed);
  });

  it('finds duplicates on demand: transposed phone digits and similar names', async () => {
    const first = await register({ givenName: 'Katherine', familyName: 'Mbeki', dateOfBirth: '1979-09-30', contactPoints: [{ kind: 'phone', value: '+1 512 555 0134' }] });
    const second = await register({ givenName: 'Katharine', familyName: 'Mbeki', dateOfBirth: '1979-09-30', contactPoints: [{ kind: 'phone', value: '+1 512 555 0143' }], allowDuplicate: true });
    const response = await api.request('GET', `/api/patients/${first.id}/duplicates`);
    const items = response.json<{ items: { patient: { id: string }; reasons: { code: string }[] }[] }>().items;
    expect(items[0]!.patient.id).toBe(second.id);
    expect(items[0]!.reasons.map((r) => r.code).sort()).toEqual(['same_birth_date', 'similar_name', 'transposed_phone']);
  });

  it('merges a duplicate: contact points and tags move, the duplicate is kept as replaced-by, both are audited', async () => {
    const keep = await register({ givenName: 'Samuel', familyName: 'Achebe', dateOfBirth: '1966-06-06', tags: ['cardiology'], contactPoints: [{ kind: 'phone', value: '+1 713 555 0100' }] });
    const dupe = await register({ givenName: 'Sam', familyName: 'Achebe', dateOfBirth: '1966-06-06', tags: ['vip'], contactPoints: [{ kind: 'phone', value: '+1 713 555 0100' }, { kind: 'email', value: 'sam@example.net' }], allowDuplicate: true });
    const agent = await sessionClient(clinic.careloop, clinic.adminEmail);
    const merged = await agent.request('POST', `/api/patients/${keep.id}/merge`, { duplicateId: dupe.id });
    expect(merged.statusCode).toBe(200);
    const survivor = merged.json<Patient>();
    expect(survivor.tags).toEqual(['cardiology', 'vip']);
    expect(survivor.contactPoints.map((cp) => cp.value).sort()).toEqual(['+17135550100', 'sam@example.net']);
    expect(survivor.contactPoints.every((cp) => cp.isPrimary)).toBe(true); // the survivor had no e-mail: the moved one is its primary

    const old = (await api.request('GET', `/api/patients/${dupe.id}`)).json<Patient>();
    expect(old).toMatchObject({ status: 'merged', replacedBy: keep.id });
    expect((await search('q=achebe')).items.map((p) => p.id)).toEqual([keep.id]);
    expect(errorOf(await api.request('PATCH', `/api/patients/${dupe.id}`, { tags: ['x'] })).code).toBe('patient_merged');
    expect(errorOf(await api.request('POST', `/api/patients/${keep.id}/merge`, { duplicateId: dupe.id })).code).toBe('patient_merged');
    expect((await api.request('POST', `/api/patients/${keep.id}/merge`, { duplicateId: keep.id })).statusCode).toBe(400);

    const timeline = (await api.request('GET', `/api/patients/${keep.id}/timeline`)).json<{ items: { type: string }[] }>().items.map((e) => e.type);
    expect(timeline).toEqual(['patient.merged', 'patient.registered', 'patient.registered']);

    const log = (await api.request('GET', `/api/patients/${keep.id}/access-log?limit=100`)).json<{ items: { action: string; patientId: string }[] }>().items;
    const merges = log.filter((entry) => entry.action === 'merge').map((entry) => entry.patientId).sort();
    expect(merges).toEqual([keep.id, dupe.id].sort());
  });
});

describe('the timeline', () => {
  it("shows a patient's registration and changes, newest first", async () => {
    const patient = await register({ givenName: 'Hana', familyName: 'Kobayashi', dateOfBirth: '1999-09-09' });
    await api.request('PATCH', `/api/patients/${patient.id}`, { preferredName: 'Hanna' });
    const items = (await api.request('GET', `/api/patients/${patient.id}/timeline`)).json<{ items: { type: string; summary: string }[] }>().items;
    expect(items.map((e) => e.type)).toEqual(['patient.updated', 'patient.registered']);
    expect(items[0]!.summary).toContain('preferredName');
  });
});
