import { DateTime } from 'luxon';
import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { createBroadcast, startBroadcast } from '../modules/broadcast/service.js';
import { listLocations } from '../modules/scheduling/setup-service.js';

/**
 * The demo clinic's broadcasts, made through the broadcast service as staff would: one sent to the
 * patients tagged "diabetes" (the job workers hand it to the outbox, in test mode), a marketing draft
 * to everyone, and an urgent draft about tomorrow's visits at the first location (a water outage),
 * ready to send and then to cancel those visits. Call after the appointments are seeded.
 */
export async function seedDemoBroadcast(platform: Platform, actor: Actor) {
  const sent = await createBroadcast(platform, actor, {
    title: 'Diabetes education evening', purpose: 'operational', segment: { type: 'tag', tag: 'diabetes' },
    smsBody: 'Hi {{firstName}}, {{clinicName}} holds a free diabetes education evening next Thursday at 6 pm. Reply with questions.',
    emailSubject: 'Diabetes education evening, next Thursday',
    emailBody: 'Dear {{firstName}},\n\n{{clinicName}} holds a free diabetes education evening next Thursday at 6 pm in the main waiting room. Reply to this e-mail with any question.\n',
    throttle: { smsPerMinute: 600, emailPerMinute: 1200 },
  });
  try {
    await startBroadcast(platform, actor, sent.id);
  } catch {
    // No demo patient carries the tag (a smaller demo): the draft stays.
  }
  await createBroadcast(platform, actor, {
    title: 'Flu vaccine Saturdays', purpose: 'marketing', segment: { type: 'everyone' },
    smsBody: '{{clinicName}}: flu shots every Saturday in October, 9-12, no appointment needed. Reply STOP to opt out.',
  });
  const [location] = await listLocations(platform, actor);
  if (!location) return;
  const tomorrow = DateTime.now().setZone(location.timeZone).plus({ days: 1 }).toISODate()!;
  await createBroadcast(platform, actor, {
    title: `Water outage at ${location.name}`, purpose: 'urgent_operational', segment: { type: 'appointments', locationId: location.id, from: tomorrow, to: tomorrow },
    smsBody: 'Hi {{firstName}}, a water outage closes {{clinicName}} on {{appointmentDate}}. Your {{appointmentTime}} visit is cancelled; we will call to rebook.',
    emailSubject: 'Your visit on {{appointmentDate}} is cancelled',
    emailBody: 'Dear {{firstName}},\n\nA water outage closes our clinic on {{appointmentDate}}. Your visit at {{appointmentTime}} is cancelled; we will call you to find a new time.\n',
  });
}
