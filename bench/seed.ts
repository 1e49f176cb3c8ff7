import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { ContactPointTable, Database, PatientTable } from '../src/db/schema.js';
import { foldName } from '../src/modules/patients/store.js';
import { seedFaker, seedPatient } from './fixtures.js';

export interface Seeded {
  ids: string[];
  familyNames: string[];
  seconds: number;
  /** True when the time budget ran out before `count` patients were in. */
  stoppedEarly: boolean;
}

const BATCH = 1000;

/**
 * Bulk-inserts `count` patients with one phone each into one organization (batches of 1000 rows
 * in one statement each), then ANALYZEs. Stops early, at a batch boundary, once `budgetSeconds`
 * have passed. Bench-only SQL: product code registers one at a time.
 */
export async function seedPatients(
  db: Kysely<Database>, organizationId: string, count: number,
  options: { budgetSeconds?: number; progress?: (done: number, seconds: number) => void } = {},
): Promise<Seeded> {
  const started = performance.now();
  seedFaker(20240601);
  const ids: string[] = [];
  const familyNames: string[] = [];
  const now = new Date();
  for (let start = 0; start < count; start += BATCH) {
    const patients: Insertable<PatientTable>[] = [];
    const phones: Insertable<ContactPointTable>[] = [];
    for (let index = start; index < Math.min(count, start + BATCH); index += 1) {
      const p = seedPatient(index);
      const id = randomUUID();
      ids.push(id);
      familyNames.push(p.familyName);
      patients.push({
        id, organization_id: organizationId, mrn: `B${100_000 + index}`, given_name: p.givenName, family_name: p.familyName,
        preferred_name: null, date_of_birth: p.dateOfBirth, sex: p.sex, language: 'en', preferred_channel: 'sms',
        address: JSON.stringify(p.address), tags: [], search_name: foldName(`${p.givenName} ${p.familyName}`), created_at: now, updated_at: now,
      });
      phones.push({
        organization_id: organizationId, patient_id: id, kind: 'phone', value: p.phone, label: 'mobile',
        is_primary: true, consent_care: true, consent_marketing: false, consent_updated_at: now, created_at: now, updated_at: now,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('patients').values(patients).execute();
      await trx.insertInto('patient_contact_points').values(phones).execute();
    });
    const seconds = (performance.now() - started) / 1000;
    options.progress?.(ids.length, seconds);
    if (options.budgetSeconds !== undefined && seconds > options.budgetSeconds && ids.length < count) break;
  }
  await sql`analyze`.execute(db);
  return { ids, familyNames, seconds: (performance.now() - started) / 1000, stoppedEarly: ids.length < count };
}
