import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as fhir4 from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, apiToken, cliDatabase, runCli, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };
const EHR = 'urn:oid:2.16.840.1.113883.3.4711';

function patient(given: string, family: string, birthDate: string, extra: Partial<fhir4.Patient> = {}): fhir4.Patient {
  return { resourceType: 'Patient', name: [{ use: 'official', family, given: [given] }], birthDate, ...extra };
}

const withMrn = (mrn: string) => ({ identifier: [{ type: MR, system: EHR, value: mrn }] });

const practitioner = (given: string, family: string, npi: string): fhir4.Practitioner => ({
  resourceType: 'Practitioner',
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: npi }],
  name: [{ family, given: [given], prefix: ['Dr.'] }],
  qualification: [{ code: { text: 'Family physician' } }],
});

const entry = (resource: fhir4.FhirResource): fhir4.BundleEntry => ({ resource, request: { method: 'POST', url: resource.resourceType } });
const bundle = (type: 'batch' | 'transaction', resources: fhir4.FhirResource[]): fhir4.Bundle => ({ resourceType: 'Bundle', type, entry: resources.map(entry) });

/** Five patients (three with an MRN from the EHR, two known only by name, birth date and phone) and two practitioners. */
const roster: fhir4.FhirResource[] = [
  patient('Ana', 'Ruiz', '1980-04-12', withMrn('EHR-1001')),
  patient('Ben', 'Okafor', '1975-09-30', withMrn('EHR-1002')),
  patient('Chloé', 'Martin', '1992-01-05', { ...withMrn('EHR-1003'), telecom: [{ system: 'email', value: 'chloe@example.org' }], gender: 'female' }),
  patient('Dmitri', 'Volkov', '1968-11-21', { telecom: [{ system: 'phone', value: '+1 617 555 0142', use: 'mobile' }] }),
  patient('Esperanza', 'Díaz', '2001-06-17', { telecom: [{ system: 'phone', value: '+1 617 555 0199' }], communication: [{ language: { coding: [{ code: 'es' }] }, preferred: true }] }),
  practitioner('Grace', 'Hopper', '1234567893'),
  practitioner('Alan', 'Turing', '1245319599'),
];

let clinic: TestClinic;
let admin: Client;

const post = (client: Client, body: unknown) => client.request('POST', '/fhir', body, { 'content-type': 'application/fhir+json' });
const patientCount = async (client: Client = admin) => (await client.request('GET', '/api/patients?limit=100')).json<{ total: number }>().total;
const providerNames = async (client: Client = admin) => (await client.request('GET', '/api/scheduling/providers')).json<{ items: { name: string }[] }>().items.map((p) => p.name).sort();

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
});
afterAll(async () => clinic?.close());

describe('FHIR Bundle import (POST /fhir)', () => {
  it('imports 5 Patients and 2 Practitioners in a transaction: each entry 201 with its location', async () => {
    const response = await post(admin, bundle('transaction', roster));
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<fhir4.Bundle>();
    expect(result.type).toBe('transaction-response');
    expect(result.entry?.map((e) => e.response?.status)).toEqual(Array(7).fill('201 Created'));
    expect(result.entry?.map((e) => e.response?.location?.split('/')[0])).toEqual([...Array(5).fill('Patient'), 'Practitioner', 'Practitioner']);
    expect(await patientCount()).toBe(5);
    expect(await providerNames()).toEqual(['Dr. Alan Turing', 'Dr. Grace Hopper']);

    const chloe = await admin.request('GET', `/api/patients/${result.entry![2]!.response!.location!.split('/')[1]}`);
    expect(chloe.json()).toMatchObject({ mrn: 'EHR-1003', givenName: 'Chloé', familyName: 'Martin', sex: 'female', contactPoints: [{ kind: 'email', value: 'chloe@example.org' }] });
    const esperanza = await admin.request('GET', `/api/patients/${result.entry![4]!.response!.location!.split('/')[1]}`);
    expect(esperanza.json()).toMatchObject({ language: 'es', contactPoints: [{ kind: 'phone', value: '+16175550199' }] });
    // The registrations were announced once the transaction committed: they are on the timeline.
    const timeline = await admin.request('GET', `/api/patients/${result.entry![0]!.response!.location!.split('/')[1]}/timeline`);
    expect(timeline.json<{ items: { type: string }[] }>().items.map((entry) => entry.type)).toContain('patient.registered');
  });

  it('importing the same Bundle again creates no duplicates: every entry matches the record already there (200)', async () => {
    const first = (await post(admin, bundle('batch', roster))).json<fhir4.Bundle>();
    expect(first.type).toBe('batch-response');
    expect(first.entry?.map((e) => e.response?.status)).toEqual(Array(7).fill('200 OK'));
    const again = (await post(admin, bundle('transaction', roster))).json<fhir4.Bundle>();
    expect(again.entry?.map((e) => e.response?.status)).toEqual(Array(7).fill('200 OK'));
    expect(await patientCount()).toBe(5);
    expect(await providerNames()).toEqual(['Dr. Alan Turing', 'Dr. Grace Hopper']);
  });

  it('a batch with a bad entry (no birth date) answers that entry with its OperationOutcome and imports the others', async () => {
    const response = await post(admin, bundle('batch', [
      patient('Farah', 'Haddad', '1990-02-02', withMrn('EHR-2001')),
      { resourceType: 'Patient', name: [{ family: 'Nobirth', given: ['Gil'] }] } as fhir4.Patient,
      patient('Hiro', 'Tanaka', '1985-08-08', withMrn('EHR-2002')),
    ]));
    expect(response.statusCode).toBe(200);
    const [farah, bad, hiro] = response.json<fhir4.Bundle>().entry!;
    expect(farah!.response!.status).toBe('201 Created');
    expect(hiro!.response!.status).toBe('201 Created');
    expect(bad!.response!.status).toMatch(/^400/);
    const outcome = bad!.response!.outcome as fhir4.OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'required', expression: ['Bundle.entry[1].resource.birthDate'] });
    expect(await patientCount()).toBe(7);
  });

  it('a transaction with a bad entry (an impossible phone number, after good entries) imports nothing', async () => {
    const before = await patientCount();
    const response = await post(admin, bundle('transaction', [
      patient('Ines', 'Silva', '1979-03-03', withMrn('EHR-3001')),
      practitioner('Barbara', 'Liskov', '1679576722'),
      patient('Jon', 'Berg', '1966-12-12', { ...withMrn('EHR-3002'), telecom: [{ system: 'phone', value: '12' }] }),
    ]));
    expect(response.statusCode).toBe(400);
    const outcome = response.json<fhir4.OperationOutcome>();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]!.diagnostics).toMatch(/Bundle\.entry\[2\].*telecom/);
    expect(outcome.issue[0]!.expression?.[0]).toMatch(/^Bundle\.entry\[2\]\.resource\.telecom/);
    expect(await patientCount()).toBe(before);
    expect(await providerNames()).not.toContain('Dr. Barbara Liskov');
  });

  it('a transaction with an entry of an unknown field or an unsupported type imports nothing', async () => {
    const before = await patientCount();
    const unknownField = await post(admin, bundle('transaction', [patient('Kim', 'Lee', '1999-09-09', { ...withMrn('EHR-4001') }), { ...patient('Lou', 'Reed', '1942-03-02'), favouriteColour: 'blue' } as fhir4.Patient]));
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json<fhir4.OperationOutcome>().issue[0]!.expression).toEqual(['Bundle.entry[1].resource.favouriteColour']);
    const observation = await post(admin, bundle('transaction', [patient('Kim', 'Lee', '1999-09-09'), { resourceType: 'Observation', status: 'final', code: { text: 'x' } } as fhir4.Observation]));
    expect(observation.statusCode).toBe(422);
    expect(await patientCount()).toBe(before);
  });

  it('refuses what is not a batch or transaction Bundle, and entries other than POST', async () => {
    expect((await post(admin, { resourceType: 'Bundle', type: 'collection', entry: [] })).statusCode).toBe(422);
    const notBundle = await post(admin, patient('Max', 'Mustermann', '1970-01-01'));
    expect(notBundle.statusCode).toBe(400);
    expect(notBundle.json<fhir4.OperationOutcome>().issue[0]!.diagnostics).toMatch(/resourceType must be "Bundle"/);
    const put = await post(admin, { resourceType: 'Bundle', type: 'batch', entry: [{ resource: patient('Max', 'Mustermann', '1970-01-01'), request: { method: 'DELETE', url: 'Patient/1' } }] });
    expect(put.json<fhir4.Bundle>().entry![0]!.response!.status).toMatch(/^422/);
  });

  it('a Patient without an MRN that matches several records is refused, not guessed', async () => {
    await admin.request('POST', '/api/patients', { givenName: 'Twin', familyName: 'Same', dateOfBirth: '2010-10-10', allowDuplicate: true });
    await admin.request('POST', '/api/patients', { givenName: 'Twin', familyName: 'Same', dateOfBirth: '2010-10-10', allowDuplicate: true });
    const response = await post(admin, bundle('batch', [patient('Twin', 'Same', '2010-10-10')]));
    const [answer] = response.json<fhir4.Bundle>().entry!;
    expect(answer!.response!.status).toMatch(/^409/);
    expect((answer!.response!.outcome as fhir4.OperationOutcome).issue[0]!.code).toBe('conflict');
  });

  it('needs patients:import (a viewer gets 403 OperationOutcome); Practitioners need schedule:manage (an agent imports only the Patients)', async () => {
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    const refused = await post(viewer, bundle('batch', roster));
    expect(refused.statusCode).toBe(403);
    expect(refused.json<fhir4.OperationOutcome>()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });

    const agent = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'agent'));
    const answers = (await post(agent, bundle('batch', [patient('Nora', 'Quist', '1955-05-05', withMrn('EHR-5001')), practitioner('Ada', 'Lovelace', '1326067409')]))).json<fhir4.Bundle>().entry!;
    expect(answers.map((a) => a.response?.status.slice(0, 3))).toEqual(['201', '403']);
    expect(await providerNames()).not.toContain('Dr. Ada Lovelace');
  });

  it('another clinic importing the same Bundle gets records of its own (MRNs are matched within a clinic)', async () => {
    const other = await addClinic(clinic.careloop, 'harbor');
    const otherAdmin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
    const result = (await post(otherAdmin, bundle('transaction', roster))).json<fhir4.Bundle>();
    expect(result.entry?.map((e) => e.response?.status)).toEqual(Array(7).fill('201 Created'));
    expect(await patientCount(otherAdmin)).toBe(5);
    const theirs = result.entry![0]!.response!.location!;
    expect((await admin.request('GET', `/fhir/${theirs}`)).statusCode).toBe(404);
  });
});

describe('FHIR Bundle import from the command line', () => {
  it('careloop import fhir FILE --org SLUG imports a Bundle, again without duplicates, and reports a bad entry', async () => {
    const database = await cliDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'careloop-fhir-'));
    try {
      expect((await runCli(['seed', '--demo'], database.env)).code).toBe(0);
      const file = join(dir, 'roster.json');
      await writeFile(file, JSON.stringify(bundle('batch', [...roster, { resourceType: 'Patient', name: [{ family: 'Nobirth', given: ['Gil'] }] } as fhir4.Patient])));
      const first = await runCli(['import', 'fhir', file, '--org', 'riverside'], database.env);
      expect(first.stdout.split('\n').filter((line) => line.includes('201 Created'))).toHaveLength(7);
      expect(first.stdout).toMatch(/entry 7: 400 .*birthDate/);
      expect(first.code).toBe(1);
      const again = await runCli(['import', 'fhir', file, '--org', 'riverside'], database.env);
      expect(again.stdout.split('\n').filter((line) => line.includes('200 OK'))).toHaveLength(7);
      const notJson = join(dir, 'roster.txt');
      await writeFile(notJson, 'given,family');
      const refused = await runCli(['import', 'fhir', notJson, '--org', 'riverside'], database.env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/not JSON/);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
