/** Table types of migration 0012_knowledge (filled as its tables are written). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KnowledgeTables {}
