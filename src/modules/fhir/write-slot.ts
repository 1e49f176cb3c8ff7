import type * as fhir4 from 'fhir/r4.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { fhirError } from './outcome.js';
import { readResource } from './read.js';
import { referencedType } from './write-references.js';

export interface SlotPlacement {
  providerId: string;
  locationId: string;
  serviceId: string;
  startsAt: string;
}

const idOf = (reference: string | undefined) => reference?.split('/').at(-1);

/**
 * What a Slot the client chose stands for, read back the way the client saw it (Careloop's free
 * times are computed, not stored): the Slot's start and service, its Schedule's practitioner and
 * location. A Slot that is no longer free is still booked through the usual rules, which refuse
 * it with 409 slot_taken.
 */
export async function slotPlacement(platform: Platform, actor: Actor, slotId: string): Promise<SlotPlacement> {
  const slot = await readResource(platform, actor, 'Slot', slotId).catch(() => {
    throw fhirError(422, 'not-found', `Appointment.slot: no Slot ${slotId} was found (free times change; search Slot again).`, 'Appointment.slot[0]');
  }) as fhir4.Slot;
  const schedule = await readResource(platform, actor, 'Schedule', idOf(slot.schedule.reference) ?? '') as fhir4.Schedule;
  const actors = [...schedule.actor.map((a) => a.reference), ...(slot.extension ?? []).map((e) => e.valueReference?.reference)];
  const find = (type: string) => idOf(actors.find((reference) => referencedType(reference) === type));
  const serviceId = find('HealthcareService') ?? slot.serviceType?.flatMap((s) => s.coding ?? []).find((c) => c.system?.endsWith('/HealthcareService') || c.system?.includes('service'))?.code;
  const providerId = find('Practitioner');
  const locationId = find('Location');
  if (!providerId || !locationId || !serviceId) throw fhirError(422, 'invalid', `Appointment.slot: Slot ${slotId} does not name a practitioner, location and service.`, 'Appointment.slot[0]');
  return { providerId, locationId, serviceId, startsAt: slot.start };
}
