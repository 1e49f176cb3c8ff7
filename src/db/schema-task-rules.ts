/** Table types of migration 0008_task_rules. */
export type TaskRuleTables = Record<never, never>;
