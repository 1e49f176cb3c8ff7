import type { Platform } from '../platform/platform.js';
import { systemActor } from '../platform/permissions.js';
import { updateSettings } from '../modules/assistant/settings.js';
import { listEndpoints } from '../modules/channels/service.js';
import { listUsers } from '../modules/identity/service.js';
import { receiveMessage } from '../modules/inbox/service.js';

/**
 * The demo clinic's assistant: on for chat and texts, the clinicians on duty for emergencies, and
 * one chat it handed over (the visitor asked for a person mid-booking), so the inbox shows the
 * "What the assistant understood" panel. Run after the inbox and the knowledge base are seeded.
 */
export async function seedDemoAssistant(platform: Platform, organizationId: string): Promise<void> {
  const actor = systemActor(organizationId, 'cli', 'Demo seed');
  const onDuty = (await listUsers(platform, actor)).filter((u) => u.active && u.role === 'clinician').map((u) => u.id);
  await updateSettings(platform, actor, {
    chatEnabled: true, smsEnabled: true, onDutyStaffIds: onDuty,
    greeting: 'Hi! I am the Riverside Family Clinic assistant. I can answer questions and help with appointments.',
  });
  const widget = (await listEndpoints(platform, actor)).find((e) => e.channel === 'chat');
  if (!widget) return;
  // The assistant answers in this process as each message is filed (the event's subscribers run where it is published).
  const first = await receiveMessage(platform, {
    organizationId, channel: 'chat', endpoint: widget.address, fromAddress: null, fromName: 'Website visitor', threading: 'new',
    body: 'Hi, I would like to book an appointment', externalId: 'chat:demo-assistant-1',
  });
  await receiveMessage(platform, {
    organizationId, channel: 'chat', endpoint: widget.address, fromAddress: null, fromName: 'Website visitor', threading: 'per-sender',
    conversationId: first.conversation.id, body: 'Actually can I talk to a person? It is about my son too', externalId: 'chat:demo-assistant-2',
  });
}
