import { createHash } from 'node:crypto';
import type * as fhir4 from 'fhir/r4.js';
import { searchSlots } from '../scheduling/availability.js';
import { listAppointments } from '../scheduling/service.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { PAIR_ID, idMatches, pairId, referenceIds, searchList, splitPairId } from './list-search.js';
import { fhirError } from './outcome.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { schedulingSetup, serviceConcept, type SchedulingSetup } from './setup-kinds.js';
import { dateWindow, inWindow, paramValues, tokenOf, type DateWindow, type SearchRequest } from './search-params.js';
import { instantIn } from './time.js';

/** A Slot names its visit type here too (a Reference, beside the serviceType coding). */
export const SLOT_SERVICE_EXTENSION = `${CARELOOP_SYSTEM.replace('/CodeSystem', '/StructureDefinition')}/slot-healthcare-service`;

interface Offered { serviceId: string; providerId: string; locationId: string }

/** Every (provider, location) pair that offers a visit type: Careloop's Schedules. */
function schedulesOf(setup: SchedulingSetup) {
  const pairs = new Map<string, { providerId: string; locationId: string; serviceIds: string[] }>();
  for (const service of setup.services) {
    for (const o of service.offerings) {
      const id = pairId(o.providerId, o.locationId);
      const pair = pairs.get(id) ?? { providerId: o.providerId, locationId: o.locationId, serviceIds: [] };
      pair.serviceIds.push(service.id);
      pairs.set(id, pair);
    }
  }
  return pairs;
}

function toSchedule(setup: SchedulingSetup, id: string, pair: { providerId: string; locationId: string; serviceIds: string[] }): fhir4.Schedule {
  const provider = setup.providers.find((p) => p.id === pair.providerId);
  const location = setup.locations.find((l) => l.id === pair.locationId);
  const services = setup.services.filter((s) => pair.serviceIds.includes(s.id));
  return compact<fhir4.Schedule>({
    resourceType: 'Schedule', id,
    active: !provider?.archived && !location?.archived,
    serviceType: services.map((s) => serviceConcept(s.id, s.name)),
    actor: [ref('Practitioner', pair.providerId, provider?.name), ref('Location', pair.locationId, location?.name)],
    comment: provider && location ? `${provider.name} at ${location.name}` : undefined,
  });
}

export const scheduleKind: ResourceKind<fhir4.Schedule> = {
  type: 'Schedule', permission: 'schedule:read',
  documentation: 'One Schedule per provider and location where the provider offers a visit type; its id joins the two ids (64 hex digits).',
  searchParams: [
    { name: 'actor', type: 'reference', documentation: 'Practitioner/<id> or Location/<id>' },
    { name: 'service-type', type: 'token', documentation: 'A HealthcareService id offered on it' },
    { name: 'active', type: 'token', documentation: 'true or false' },
  ],
  isId: (id) => splitPairId(id) !== null,
  async read(ctx, id) {
    const setup = await schedulingSetup(ctx);
    const pair = schedulesOf(setup).get(id);
    return pair ? toSchedule(setup, id, pair) : null;
  },
  async search(ctx, request) {
    const setup = await schedulingSetup(ctx);
    const all = [...schedulesOf(setup)].map(([id, pair]) => toSchedule(setup, id, pair));
    return searchList(all, request, (s) => {
      const actors = s.actor.map((a) => a.reference?.split('/')[1]);
      return referenceIds(request, 'actor', ['Practitioner', 'Location']).every((alts) => alts.some((a) => a !== null && actors.includes(a)))
        && paramValues(request, 'service-type').every((alts) => alts.some((v) => (s.serviceType ?? []).some((t) => t.coding?.[0]?.code === tokenOf(v).code)))
        && paramValues(request, 'active').every((alts) => alts.includes(String(s.active)));
    });
  },
};

// Slots: computed, not stored. The id names the offering (a hash of service, provider, location,
// resolved against the clinic's current offerings) and the start minute, so a Slot read back
// later is the same time, free or by then busy.

const offeringHash = (o: Offered) => createHash('sha256').update(`${o.serviceId}|${o.providerId}|${o.locationId}`).digest('hex').slice(0, 24);
const SLOT_ID = /^([0-9a-f]{24})-([0-9a-z]{1,10})$/;
const slotId = (o: Offered, startMs: number) => `${offeringHash(o)}-${Math.round(startMs / 60_000).toString(36)}`;

function offeringsOf(setup: SchedulingSetup): Offered[] {
  return setup.services.flatMap((s) => s.offerings.map((o) => ({ serviceId: s.id, providerId: o.providerId, locationId: o.locationId })));
}

function toSlot(setup: SchedulingSetup, o: Offered, startsAt: string, endsAt: string, status: 'free' | 'busy', zone: string): fhir4.Slot {
  const service = setup.services.find((s) => s.id === o.serviceId);
  const start = new Date(startsAt).getTime();
  return {
    resourceType: 'Slot', id: slotId(o, start),
    extension: [{ url: SLOT_SERVICE_EXTENSION, valueReference: ref('HealthcareService', o.serviceId, service?.name) }],
    serviceType: [serviceConcept(o.serviceId, service?.name ?? 'Visit')],
    schedule: ref('Schedule', pairId(o.providerId, o.locationId)),
    status, start: instantIn(startsAt, zone), end: instantIn(endsAt, zone),
  };
}

const DAY = 86_400_000;
const MAX_WINDOW_DAYS = 31;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Free and busy slots of these offerings that start in the window, by start time. */
async function slotsIn(ctx: FhirContext, setup: SchedulingSetup, offerings: Offered[], window: Required<DateWindow>, statuses: string[]): Promise<fhir4.Slot[]> {
  const zoneOf = (locationId: string) => setup.locations.find((l) => l.id === locationId)?.timeZone ?? 'UTC';
  const found: fhir4.Slot[] = [];
  if (statuses.includes('free')) {
    // Local dates: one day either side of the UTC window covers every zone.
    const from = utcDate(window.from.getTime() - DAY);
    const to = utcDate(window.to.getTime() + DAY);
    for (const o of offerings) {
      const service = setup.services.find((s) => s.id === o.serviceId);
      if (!service || service.archived) continue;
      const { items } = await searchSlots(ctx.platform, ctx.actor.organizationId, { ...o, from, to, limit: 5000 }, { online: false });
      for (const slot of items) if (inWindow(slot.startsAt, window)) found.push(toSlot(setup, o, slot.startsAt, slot.endsAt, 'free', slot.timeZone));
    }
  }
  if (statuses.includes('busy')) {
    const providers = [...new Set(offerings.map((o) => o.providerId))];
    for (const providerId of providers) {
      const { items } = await listAppointments(ctx.platform, ctx.actor, { providerId, from: window.from.toISOString(), to: window.to.toISOString(), limit: 2000 });
      for (const a of items) {
        const o = offerings.find((x) => x.providerId === a.providerId && x.locationId === a.locationId && x.serviceId === a.serviceId);
        // A cancelled visit or a no-show no longer holds its time.
        if (o && a.status !== 'cancelled' && a.status !== 'no_show' && inWindow(a.startsAt, window)) found.push(toSlot(setup, o, a.startsAt, a.endsAt, 'busy', zoneOf(a.locationId)));
      }
    }
  }
  // One Slot per id: a time both computed free and holding a visit (an overbooking) is busy.
  const byId = new Map<string, fhir4.Slot>();
  for (const slot of found) if (!byId.has(slot.id!) || slot.status === 'busy') byId.set(slot.id!, slot);
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start) || (a.id ?? '').localeCompare(b.id ?? ''));
}

function slotWindow(request: SearchRequest): Required<DateWindow> {
  const asked = dateWindow(request, 'start');
  const from = asked?.from ?? new Date();
  const to = asked?.to ?? new Date(from.getTime() + 7 * DAY);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
    throw fhirError(400, 'too-costly', `Slot searches cover at most ${MAX_WINDOW_DAYS} days: give start with ge and lt (or le) bounds, e.g. start=ge2026-03-01&start=lt2026-03-08.`, 'start');
  }
  return { from, to };
}

async function searchSlotsFhir(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.Slot>> {
  const statuses = paramValues(request, 'status');
  for (const alts of statuses) for (const s of alts) if (s !== 'free' && s !== 'busy') throw fhirError(400, 'invalid', `status: Careloop's slots are free or busy, not "${s}".`, 'status');
  const wanted = ['free', 'busy'].filter((s) => statuses.every((alts) => alts.includes(s)));
  const window = slotWindow(request);
  const setup = await schedulingSetup(ctx);
  const schedules = referenceIds(request, 'schedule', ['Schedule'], (id) => PAIR_ID.test(id));
  const services = paramValues(request, 'service-type').map((alts) => alts.map((v) => tokenOf(v).code));
  const offerings = offeringsOf(setup).filter((o) => schedules.every((alts) => alts.includes(pairId(o.providerId, o.locationId)))
    && services.every((alts) => alts.includes(o.serviceId)));
  const slots = await slotsIn(ctx, setup, offerings, window, wanted);
  return searchList(slots, request, (s) => idMatches(request, s.id));
}

export const slotKind: ResourceKind<fhir4.Slot> = {
  type: 'Slot', permission: 'schedule:read',
  documentation: 'Bookable times, computed from hours, exceptions and bookings: free, or busy (booked). One Slot per visit type, provider, location and start. A search covers at most 31 days (default: the next 7).',
  searchParams: [
    { name: 'schedule', type: 'reference', documentation: 'Schedule/<id>' },
    { name: 'start', type: 'date', documentation: 'Start time (eq, gt, lt, ge, le); at most 31 days, default the next 7' },
    { name: 'status', type: 'token', documentation: 'free | busy' },
    { name: 'service-type', type: 'token', documentation: 'A HealthcareService id' },
  ],
  isId: (id) => SLOT_ID.test(id),
  async read(ctx, id) {
    const match = SLOT_ID.exec(id);
    if (!match) return null;
    const setup = await schedulingSetup(ctx);
    const offering = offeringsOf(setup).find((o) => offeringHash(o) === match[1]);
    if (!offering) return null;
    const start = parseInt(match[2]!, 36) * 60_000;
    const slots = await slotsIn(ctx, setup, [offering], { from: new Date(start), to: new Date(start + 60_000) }, ['busy', 'free']);
    return slots.find((s) => s.id === id) ?? null;
  },
  search: searchSlotsFhir,
};
