/** Table types of migration 0009_quality. */
export type QualityTables = Record<never, never>;
