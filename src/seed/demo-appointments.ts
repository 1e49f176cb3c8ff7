import { faker } from '@faker-js/faker';
import { DateTime } from 'luxon';
import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { searchPatients } from '../modules/patients/service.js';
import { searchSlots } from '../modules/scheduling/availability.js';
import { bookAppointment, changeAppointmentStatus } from '../modules/scheduling/service.js';
import { listServices } from '../modules/scheduling/setup-service.js';
import { addToWaitlist } from '../modules/scheduling/waitlist-entries.js';

/**
 * A week of the demo clinic's calendar, booked through the scheduling service as the front desk
 * would: a few visits per provider per day, today's first patients already in the waiting room,
 * one patient on the waitlist. Relative to the day the demo is created.
 */
export async function seedDemoAppointments(platform: Platform, actor: Actor) {
  const patients = (await searchPatients(platform, actor, { limit: 100 })).items.map((p) => p.id);
  const services = await listServices(platform, actor);
  const zone = 'America/New_York';
  const today = DateTime.now().setZone(zone).toISODate()!;
  const inAWeek = DateTime.now().setZone(zone).plus({ days: 6 }).toISODate()!;
  let next = 0;
  const todays: string[] = [];
  for (const service of services) {
    const { items } = await searchSlots(platform, actor.organizationId, { serviceId: service.id, from: today, to: inAWeek, limit: 2000 }, { online: false });
    const picked = faker.helpers.arrayElements(items, Math.min(items.length, 12));
    for (const slot of picked) {
      const patientId = patients[next++ % patients.length]!;
      try {
        const appointment = await bookAppointment(platform, actor, {
          patientId, serviceId: service.id, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt, source: 'staff',
        });
        if (slot.localDate === today) todays.push(appointment.id);
      } catch {
        // A slot another demo booking already covers (buffers of other services): skip it.
      }
    }
  }
  for (const id of todays.slice(0, 2)) await changeAppointmentStatus(platform, actor, id, 'arrived');
  const [firstService] = services;
  if (firstService) {
    await addToWaitlist(platform, actor, { patientId: patients[next % patients.length]!, serviceId: firstService.id, earliest: today, latest: inAWeek, priority: 1, note: 'Wants the first free morning' });
  }
}
