import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './schemas.js';
import { getSettings, updateSettings } from './settings.js';
import { conversationUnderstanding } from './understanding.js';

const understoodPatient = (_: unknown, payload: unknown) => {
  const id = (payload as { patient?: { id: string } | null }).patient?.id;
  return id ? [id] : [];
};

/** The assistant's HTTP API (/api/assistant/...): settings, a conversation's bot context. */
export function assistantRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/assistant/settings', {
    config: { permission: 'assistant:manage' },
    schema: { tags: ['assistant'], summary: 'The assistant\'s settings for this clinic (defaults when never saved: off on every channel)', response: { 200: schemas.AssistantSettings, ...standardErrors } },
  }, async (request) => getSettings(platform, actorOf(request)));

  app.put('/api/assistant/settings', {
    config: { permission: 'assistant:manage' },
    schema: {
      tags: ['assistant'], summary: 'Change the assistant\'s settings (fields left out keep their value)',
      description: 'An endpoint that is not an http(s) URL, or holds credentials, is 400; a model is required with an endpoint. '
        + 'The model server\'s key is read from ASSISTANT_LLM_API_KEY in the server\'s environment, never from this API.',
      body: schemas.SettingsChanges, response: { 200: schemas.AssistantSettings, ...standardErrors },
    },
  }, async (request) => updateSettings(platform, actorOf(request), request.body));

  app.get('/api/assistant/conversations/:id', {
    config: { permission: 'inbox:read', audit: { action: 'read', entity: 'assistant_conversation', patientIds: understoodPatient } },
    schema: {
      tags: ['assistant'], summary: 'What the assistant understood in a conversation: request, verified patient, times offered and chosen, red flags, hand-off',
      description: '404 when the assistant never answered in this conversation.',
      params: IdParams, response: { 200: schemas.Understanding, ...standardErrors },
    },
  }, async (request) => conversationUnderstanding(platform, actorOf(request), request.params.id));
}
