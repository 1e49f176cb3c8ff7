// The assistant's API types, from the server's own schemas (type-only: nothing of the server is bundled).
export type { AssistantSettings, SettingsChanges, Understanding } from '../../src/modules/assistant/schemas.js';
