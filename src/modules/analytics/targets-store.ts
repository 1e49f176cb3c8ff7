import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { KpiTargetTable } from '../../db/schema-analytics.js';

/** Every query of kpi_targets. */

type Db = Kysely<Database>;
export type TargetRow = Selectable<KpiTargetTable>;

export const listTargets = (db: Db, organizationId: string) =>
  db.selectFrom('kpi_targets').selectAll().where('organization_id', '=', organizationId).orderBy('kpi').orderBy('department_id', 'desc').execute();

/** The clinic-wide targets and, when a department is given, that department's. */
export const targetsFor = (db: Db, organizationId: string, departmentId: string | null) =>
  db.selectFrom('kpi_targets').selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => (departmentId ? eb.or([eb('department_id', 'is', null), eb('department_id', '=', departmentId)]) : eb('department_id', 'is', null)))
    .execute();

/** Sets the target of a KPI for the clinic or one department (one per pair: the unique index decides). */
export const upsertTarget = (db: Db, row: { organizationId: string; kpi: string; departmentId: string | null; green: number; amber: number }) =>
  db.insertInto('kpi_targets')
    .values({ organization_id: row.organizationId, kpi: row.kpi, department_id: row.departmentId, green: row.green, amber: row.amber })
    .onConflict((oc) => oc
      .expression(sql`organization_id, kpi, coalesce(department_id, '00000000-0000-0000-0000-000000000000')`)
      .doUpdateSet({ green: row.green, amber: row.amber, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();

export const deleteTarget = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('kpi_targets').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();
