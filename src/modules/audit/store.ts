import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.js';
import { GENESIS_HASH } from './chain.js';

type Db = Kysely<Database>;

/** Locks the organization's chain head for this transaction and returns it. */
export async function lockChainHead(trx: Transaction<Database>, organizationId: string) {
  const lock = () => trx.selectFrom('audit_heads').select(['seq', 'hash']).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  const head = await lock();
  if (head) return head;
  // The organization's first entry starts its chain.
  await trx.insertInto('audit_heads').values({ organization_id: organizationId, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('organization_id').doNothing()).execute();
  return (await lock())!;
}

/** Appends the entries and moves the head, in one statement. */
export async function appendEntries(trx: Transaction<Database>, organizationId: string, rows: Insertable<AuditLogTable>[], head: { seq: number; hash: string }) {
  await trx.with('appended', (db) => db.insertInto('audit_log').values(rows))
    .updateTable('audit_heads').set(head).where('organization_id', '=', organizationId).execute();
}

export const findChainHead = (db: Db, organizationId: string) =>
  db.selectFrom('audit_heads').select(['seq', 'hash']).where('organization_id', '=', organizationId).executeTakeFirst();

/** Every organization with a chain head or with entries (entries without a head are a broken chain). */
export const listChainOrganizations = (db: Db) =>
  db.selectFrom('audit_heads').select('organization_id')
    .union(db.selectFrom('audit_log').select('organization_id').distinct())
    .execute();

export const readChainPage = (db: Db, organizationId: string, afterSeq: number, limit: number) =>
  db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId).where('seq', '>', afterSeq)
    .orderBy('seq').limit(limit).execute();

export async function listPatientAccess(db: Db, organizationId: string, patientIds: string[], limit: number, offset: number) {
  const base = db.selectFrom('audit_log').where('organization_id', '=', organizationId).where('patient_id', 'in', patientIds);
  const [items, total] = await Promise.all([
    base.select(['id', 'at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'patient_id', 'source'])
      .orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    base.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.count) };
}

export interface EntryFilter {
  ids?: string[] | undefined;
  patientIds?: string[] | undefined;
  actions?: string[] | undefined;
  notActions?: string[] | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
}

/** Entries of one organization by id, patient, action and time (until exclusive), newest first, with the total. */
export async function searchEntries(db: Db, organizationId: string, filter: EntryFilter, limit: number, offset: number) {
  let base = db.selectFrom('audit_log').where('organization_id', '=', organizationId);
  if (filter.ids) base = base.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
  if (filter.patientIds) base = base.where('patient_id', 'in', filter.patientIds.length > 0 ? filter.patientIds : ['00000000-0000-0000-0000-000000000000']);
  if (filter.actions) base = base.where('action', 'in', filter.actions.length > 0 ? filter.actions : ['']);
  if (filter.notActions && filter.notActions.length > 0) base = base.where('action', 'not in', filter.notActions);
  if (filter.from) base = base.where('at', '>=', filter.from);
  if (filter.until) base = base.where('at', '<', filter.until);
  const [items, total] = await Promise.all([
    base.select(['id', 'seq', 'at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'patient_id', 'source'])
      .orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    base.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.count) };
}
