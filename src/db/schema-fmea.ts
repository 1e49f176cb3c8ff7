/** Table types of migration 0010_fmea. */
export type FmeaTables = Record<never, never>;
