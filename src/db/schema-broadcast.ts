/** Table types of migration 0011_broadcast. */
export type BroadcastTables = Record<never, never>;
