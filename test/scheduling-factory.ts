import type { Careloop } from '../src/app.js';

export interface ClinicSchedule {
  locationId: string;
  providerIds: string[];
  serviceId: string;
}

export interface ScheduleOptions {
  zone?: string;
  providers?: number;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  stepMinutes?: number;
  minNoticeMinutes?: number;
  maxDaysAhead?: number;
  maxPerDay?: number | null;
  reminderOffsetsMinutes?: number[];
  newPatientsOnline?: boolean;
  /** Weekly periods [weekday, 'HH:MM', 'HH:MM']; default Monday to Sunday 09:00-12:00 and 13:00-17:00. */
  periods?: [number, string, string][];
}

/** A location, providers and one service with weekly hours, written straight to the tables (test data, not behaviour under test). */
export async function seedSchedule(careloop: Careloop, organizationId: string, options: ScheduleOptions = {}): Promise<ClinicSchedule> {
  const db = careloop.platform.db;
  const location = await db.insertInto('locations').values({ organization_id: organizationId, name: 'Main Street', time_zone: options.zone ?? 'America/New_York' })
    .returning('id').executeTakeFirstOrThrow();
  const providerIds: string[] = [];
  for (let i = 0; i < (options.providers ?? 1); i++) {
    const provider = await db.insertInto('providers').values({ organization_id: organizationId, name: `Dr. Provider ${String(i + 1).padStart(3, '0')}`, title: 'Family physician' })
      .returning('id').executeTakeFirstOrThrow();
    providerIds.push(provider.id);
  }
  const service = await db.insertInto('services').values({
    organization_id: organizationId, name: 'Follow-up visit', duration_minutes: options.durationMinutes ?? 30,
    buffer_before_minutes: options.bufferBeforeMinutes ?? 0, buffer_after_minutes: options.bufferAfterMinutes ?? 0,
    slot_step_minutes: options.stepMinutes ?? 30, min_notice_minutes: options.minNoticeMinutes ?? 0, max_days_ahead: options.maxDaysAhead ?? 730,
    max_per_day: options.maxPerDay ?? null, reminder_offsets_minutes: options.reminderOffsetsMinutes ?? [10080, 2880, 120],
    new_patients_online: options.newPatientsOnline ?? true,
  }).returning('id').executeTakeFirstOrThrow();
  const periods = options.periods ?? [1, 2, 3, 4, 5, 6, 7].flatMap((d): [number, string, string][] => [[d, '09:00', '12:00'], [d, '13:00', '17:00']]);
  for (const providerId of providerIds) {
    await db.insertInto('service_offerings').values({ organization_id: organizationId, service_id: service.id, provider_id: providerId, location_id: location.id }).execute();
    await db.insertInto('working_hours').values(periods.map(([weekday, starts, ends]) => ({ organization_id: organizationId, provider_id: providerId, location_id: location.id, weekday, starts, ends }))).execute();
  }
  return { locationId: location.id, providerIds, serviceId: service.id };
}
