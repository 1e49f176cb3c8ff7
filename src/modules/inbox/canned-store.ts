import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CannedReplyTable } from '../../db/schema-inbox.js';
import type { Db } from './store.js';

/** Every query of canned replies. */
export type CannedReplyRow = Selectable<CannedReplyTable>;

export function listCanned(db: Db, organizationId: string, filter: { departmentId?: string; q?: string }) {
  let query = db.selectFrom('canned_replies').selectAll().where('organization_id', '=', organizationId);
  if (filter.departmentId) {
    const departmentId = filter.departmentId;
    query = query.where((eb) => eb.or([eb('department_id', '=', departmentId), eb('department_id', 'is', null)]));
  }
  if (filter.q?.trim()) {
    const like = `%${filter.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(title)`, 'like', like), eb(sql`lower(shortcut)`, 'like', like)]));
  }
  return query.orderBy(sql`lower(title)`).orderBy('id').limit(500).execute();
}

export const findCanned = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('canned_replies').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insertCanned = (db: Db, row: Insertable<CannedReplyTable>) =>
  db.insertInto('canned_replies').values(row).returningAll().executeTakeFirstOrThrow();

export const updateCanned = (db: Db, organizationId: string, id: string, changes: Updateable<CannedReplyTable>) =>
  db.updateTable('canned_replies').set({ ...changes, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteCanned = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('canned_replies').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();
