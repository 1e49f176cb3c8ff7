/** Table types of migration 0014_webhooks (filled as its tables are written). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebhookTables {}
