import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ContactPointTable, Database, PatientImportTable, PatientTable } from '../../db/schema.js';

export type Db = Kysely<Database>;
export type PatientRow = Selectable<PatientTable>;
export type ContactPointRow = Selectable<ContactPointTable>;
export type ImportRow = Selectable<PatientImportTable>;

/** The next generated MRN that no one has typed in by hand already. */
export async function unusedMrn(db: Db, organizationId: string): Promise<string> {
  for (;;) {
    const row = await sql<{ value: number }>`select nextval('patient_mrn_seq') as value`.execute(db);
    const mrn = `CL${row.rows[0]!.value}`;
    const taken = await db.selectFrom('patients').select('id').where('organization_id', '=', organizationId)
      .where((eb) => eb(eb.fn('lower', ['mrn']), '=', mrn.toLowerCase())).executeTakeFirst();
    if (!taken) return mrn;
  }
}

/** Serializes registrations that could be the same person (same family name and birth date) until commit. */
export const lockRegistration = (db: Db, organizationId: string, key: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`${organizationId}|${key}`}))`.execute(db);

export { foldName } from './fold.js';

export const insertPatient = (db: Db, row: Insertable<PatientTable>) =>
  db.insertInto('patients').values(row).returningAll().executeTakeFirstOrThrow();

export const updatePatient = (db: Db, organizationId: string, id: string, changes: Updateable<PatientTable>) =>
  db.updateTable('patients').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const findPatient = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('patients').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The record with this MRN (MRNs are unique per clinic, compared without case). */
export const findPatientIdByMrn = (db: Db, organizationId: string, mrn: string) =>
  db.selectFrom('patients').select('id').where('organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['mrn']), '=', mrn.toLowerCase())).executeTakeFirst();

export const lockPatients = (db: Db, organizationId: string, ids: string[]) =>
  db.selectFrom('patients').selectAll().where('organization_id', '=', organizationId).where('id', 'in', ids)
    .orderBy('id').forUpdate().execute();

type ContactPointJson = Omit<ContactPointRow, 'consent_updated_at' | 'created_at' | 'updated_at'> & { consent_updated_at: string | null; created_at: string; updated_at: string };

/** One patient with its contact points, in one round trip (the hot read path). */
export async function findPatientWithContactPoints(db: Db, organizationId: string, id: string) {
  const row = await db.selectFrom('patients').selectAll()
    .select(sql<ContactPointJson[]>`coalesce((
      select json_agg(cp order by cp.is_primary desc, cp.created_at)
      from patient_contact_points cp where cp.patient_id = patients.id and cp.organization_id = patients.organization_id), '[]')`.as('contact_points'))
    .where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const { contact_points: points, ...patient } = row;
  const contactPoints: ContactPointRow[] = points.map((cp) => ({
    ...cp,
    consent_updated_at: cp.consent_updated_at ? new Date(cp.consent_updated_at) : null,
    created_at: new Date(cp.created_at),
    updated_at: new Date(cp.updated_at),
  }));
  return { patient, contactPoints };
}

export const listContactPoints = (db: Db, organizationId: string, patientIds: string[]) =>
  patientIds.length === 0
    ? Promise.resolve([] as ContactPointRow[])
    : db.selectFrom('patient_contact_points').selectAll().where('organization_id', '=', organizationId)
      .where('patient_id', 'in', patientIds).orderBy('is_primary', 'desc').orderBy('created_at').execute();

export const insertContactPoints = (db: Db, rows: Insertable<ContactPointTable>[]) =>
  rows.length === 0 ? Promise.resolve() : db.insertInto('patient_contact_points').values(rows).execute().then(() => undefined);

export const deleteContactPointsById = (db: Db, organizationId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve() : db.deleteFrom('patient_contact_points').where('organization_id', '=', organizationId).where('id', 'in', ids).execute().then(() => undefined);

export const updateContactPoint = (db: Db, organizationId: string, id: string, row: Insertable<ContactPointTable>) =>
  db.updateTable('patient_contact_points').set({
    label: row.label, is_primary: row.is_primary, consent_care: row.consent_care, consent_marketing: row.consent_marketing,
    consent_updated_at: row.consent_updated_at, updated_at: new Date(),
  }).where('organization_id', '=', organizationId).where('id', '=', id).execute();

/** Moves contact points to another patient; those in `primaryIds` become its primary ones. */
export const movePatientContactPoints = (db: Db, organizationId: string, ids: string[], patientId: string, primaryIds: string[]) =>
  ids.length === 0 ? Promise.resolve() : db.updateTable('patient_contact_points')
    .set({ patient_id: patientId, is_primary: primaryIds.length > 0 ? sql<boolean>`id in (${sql.join(primaryIds)})` : false, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', 'in', ids).execute().then(() => undefined);

/** Patients whose merged-away records point at this one (their history belongs to it). */
export const findMergedInto = (db: Db, organizationId: string, survivorId: string) =>
  db.selectFrom('patients').select('id').where('organization_id', '=', organizationId).where('replaced_by', '=', survivorId).execute();

export const repointMerged = (db: Db, organizationId: string, fromId: string, toId: string) =>
  db.updateTable('patients').set({ replaced_by: toId, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('replaced_by', '=', fromId).execute();

export const repointTimeline = (db: Db, organizationId: string, fromId: string, toId: string) =>
  db.updateTable('patient_timeline').set({ patient_id: toId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();

// Search

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface SearchCriteria {
  words?: string[];
  dateOfBirth?: string;
  phone?: string;
  phoneDigits?: string;
  mrn?: string;
  tag?: string;
  includeMerged: boolean;
  limit: number;
  offset: number;
  /** Match name words by trigram word similarity (typos) instead of as substrings. */
  fuzzy?: boolean;
}

/**
 * Search by name words, exact birth date, phone or MRN. Name words match as substrings (the
 * trigram index serves '%word%'), word-start matches first; with `fuzzy`, by word similarity,
 * most similar first. Both use the GIN index, but fuzzy matching of a short word touches far more
 * rows, so it is the fallback, not part of every search.
 */
export async function searchPatients(db: Db, organizationId: string, criteria: SearchCriteria) {
  let query = db.selectFrom('patients').where('patients.organization_id', '=', organizationId);
  if (!criteria.includeMerged) query = query.where('status', '=', 'active');
  if (criteria.tag) query = query.where(sql<boolean>`tags @> array[${criteria.tag}]::text[]`);

  query = query.where((eb) => {
    const alternatives = [];
    if (criteria.words && criteria.words.length > 0) {
      alternatives.push(eb.and(criteria.words.map((word) => (criteria.fuzzy
        ? sql<boolean>`${word} <% search_name`
        : eb('search_name', 'like', `%${escapeLike(word)}%`)))));
    }
    if (criteria.dateOfBirth) alternatives.push(eb('date_of_birth', '=', criteria.dateOfBirth));
    if (criteria.mrn) alternatives.push(eb(eb.fn('lower', ['mrn']), '=', criteria.mrn.toLowerCase()));
    if (criteria.phone || criteria.phoneDigits) {
      alternatives.push(eb.exists(eb.selectFrom('patient_contact_points as cp').select(sql`1`.as('one'))
        .whereRef('cp.patient_id', '=', 'patients.id')
        .where('cp.organization_id', '=', organizationId)
        .where('cp.kind', '=', 'phone')
        .where((inner) => inner.or([
          ...(criteria.phone ? [inner('cp.value', '=', criteria.phone)] : []),
          ...(criteria.phoneDigits ? [inner('cp.value', 'like', `%${criteria.phoneDigits}`)] : []),
        ]))));
    }
    return alternatives.length > 0 ? eb.or(alternatives) : eb.val(true);
  });

  const firstWord = criteria.words?.[0];
  const fullText = criteria.words?.join(' ') ?? '';
  const relevance = criteria.fuzzy ? sql`word_similarity(${fullText}, search_name)`
    : sql`(search_name like ${`${escapeLike(firstWord ?? '')}%`} or search_name like ${`% ${escapeLike(firstWord ?? '')}%`})`;
  const selected = query.select(['patients.id', 'mrn', 'given_name', 'family_name', 'preferred_name', 'date_of_birth', 'tags', 'status']);
  const page = (firstWord ? selected.orderBy(relevance, 'desc') : selected).orderBy('family_name').orderBy('given_name').orderBy('patients.id')
    .limit(criteria.limit).offset(criteria.offset);
  // Counting every match of a common prefix costs as much as the page itself: count up to a cap.
  const counted = db.selectFrom(query.select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('matches')).select(sql<number>`count(*)`.as('count'));
  const [rows, total] = await Promise.all([page.execute(), counted.executeTakeFirstOrThrow()]);
  // Phone and e-mail for the page only (as columns of the sorted query they would be looked up
  // for every match): the first contact point of each kind is the primary one.
  const points = await listContactPoints(db, organizationId, rows.map((row) => row.id));
  const first = (patientId: string, kind: 'phone' | 'email') => points.find((cp) => cp.patient_id === patientId && cp.kind === kind)?.value ?? null;
  const items = rows.map((row) => ({ ...row, phone: first(row.id, 'phone'), email: first(row.id, 'email') }));
  const count = Number(total.count);
  return { items, total: Math.min(count, COUNT_CAP), totalIsCapped: count > COUNT_CAP };
}

/** Ten pages of 25: past that, a person narrows the search rather than pages on. */
const COUNT_CAP = 250;

// Duplicate candidates: a broad net, scored in the service.

export interface CandidateNet {
  excludeId?: string;
  name: string;
  familyName: string;
  givenNameVariants: string[];
  birthDates: string[];
  phones: string[];
  emails: string[];
}

export async function findCandidateIds(db: Db, organizationId: string, net: CandidateNet): Promise<string[]> {
  const active = db.selectFrom('patients').select('id').where('organization_id', '=', organizationId).where('status', '=', 'active');
  const contacts = [...net.phones, ...net.emails];
  const queries = [
    active.where(sql<boolean>`search_name % ${net.name}`).orderBy(sql`similarity(search_name, ${net.name})`, 'desc').limit(25).execute(),
    net.birthDates.length > 0 ? active.where('date_of_birth', 'in', net.birthDates).limit(200).execute() : Promise.resolve([]),
    active.where((eb) => eb(eb.fn('lower', ['family_name']), '=', net.familyName.toLowerCase()))
      .where((eb) => eb(eb.fn('lower', ['given_name']), 'in', net.givenNameVariants)).limit(50).execute(),
    contacts.length > 0
      ? db.selectFrom('patient_contact_points').select('patient_id as id').where('organization_id', '=', organizationId)
        .where((eb) => eb.or([
          ...(net.phones.length > 0 ? [eb.and([eb('kind', '=', 'phone'), eb('value', 'in', net.phones)])] : []),
          ...(net.emails.length > 0 ? [eb.and([eb('kind', '=', 'email'), eb('value', 'in', net.emails)])] : []),
        ])).limit(100).execute()
      : Promise.resolve([]),
  ];
  const ids = new Set((await Promise.all(queries)).flat().map((row) => row.id));
  if (net.excludeId) ids.delete(net.excludeId);
  return [...ids];
}

/** Active patients by id, each with the trigram similarity of its name to `name`. */
export const findCandidates = (db: Db, organizationId: string, ids: string[], name: string) =>
  ids.length === 0 ? Promise.resolve([])
    : db.selectFrom('patients').selectAll().select(sql<number>`similarity(search_name, ${name})`.as('name_similarity'))
      .where('organization_id', '=', organizationId).where('id', 'in', ids).where('status', '=', 'active').execute();

// Timeline

export const insertTimelineEntry = (db: Db, row: Insertable<Database['patient_timeline']>) =>
  db.insertInto('patient_timeline').values(row).execute();

export const moveTimelineEntries = (db: Db, organizationId: string, messageId: string, patientId: string) =>
  db.updateTable('patient_timeline').set({ patient_id: patientId })
    .where('organization_id', '=', organizationId).where(sql<string>`data->>'messageId'`, '=', messageId).execute();

export const listTimeline = (db: Db, organizationId: string, patientId: string, limit: number, offset: number) =>
  db.selectFrom('patient_timeline').selectAll().where('organization_id', '=', organizationId).where('patient_id', '=', patientId)
    .orderBy('occurred_at', 'desc').limit(limit).offset(offset).execute();

// Imports

export const insertImport = (db: Db, row: Insertable<PatientImportTable>) =>
  db.insertInto('patient_imports').values(row).returningAll().executeTakeFirstOrThrow();

export const findImport = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('patient_imports').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const listImports = (db: Db, organizationId: string) =>
  db.selectFrom('patient_imports').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').limit(20).execute();

export const updateImport = (db: Db, id: string, changes: Updateable<PatientImportTable>) =>
  db.updateTable('patient_imports').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute();
