/** Table types of migration 0013_assistant (filled as its tables are written). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AssistantTables {}
