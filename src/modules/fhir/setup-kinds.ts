import type * as fhir4 from 'fhir/r4.js';
import { AppError } from '../../platform/errors.js';
import { getLocation, getProvider, getService, listLocations, listProviders, listServices } from '../scheduling/setup-service.js';
import type { Location, Provider, Service } from '../scheduling/setup-schemas.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { referencesMatch, searchList } from './list-search.js';
import type { FhirContext, ResourceKind } from './resource-kind.js';
import { paramValues, stringMatches, stringParams, type SearchRequest } from './search-params.js';

/** Where Careloop's visit types are coded (serviceType codings carry the HealthcareService id). */
export const SERVICE_SYSTEM = `${CARELOOP_SYSTEM}/service`;

export const serviceConcept = (id: string, name: string): fhir4.CodeableConcept => ({ coding: [{ system: SERVICE_SYSTEM, code: id, display: name }], text: name });

export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

export function toPractitioner(p: Provider): fhir4.Practitioner {
  return compact<fhir4.Practitioner>({
    resourceType: 'Practitioner', id: p.id, meta: { lastUpdated: p.updatedAt }, active: !p.archived,
    name: [{ text: p.name }],
    qualification: p.title ? [{ code: { text: p.title } }] : undefined,
  });
}

export function toLocation(l: Location): fhir4.Location {
  return compact<fhir4.Location>({
    resourceType: 'Location', id: l.id, meta: { lastUpdated: l.updatedAt }, status: l.archived ? 'inactive' : 'active', name: l.name,
    mode: 'instance',
    telecom: l.phone ? [{ system: 'phone', value: l.phone }] : undefined,
    address: l.address ? { text: l.address } : undefined,
    // The location's IANA zone (the standard extension FHIR R5 backports for this).
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: l.timeZone }],
  });
}

export function toHealthcareService(s: Service): fhir4.HealthcareService {
  const locations = [...new Set(s.offerings.map((o) => o.locationId))];
  return compact<fhir4.HealthcareService>({
    resourceType: 'HealthcareService', id: s.id, meta: { lastUpdated: s.updatedAt }, active: !s.archived, name: s.name,
    comment: s.description ?? undefined,
    type: [serviceConcept(s.id, s.name)],
    location: locations.map((id) => ref('Location', id)),
    appointmentRequired: true,
    characteristic: [{ coding: [{ system: `${CARELOOP_SYSTEM}/service-characteristic`, code: s.onlineBooking ? 'online-booking' : 'staff-booking' }], text: `${s.durationMinutes} minutes${s.onlineBooking ? ', bookable online' : ''}` }],
  });
}

/** A provider's role: where they work and what they offer (one role per provider, with the provider's id). */
export function toPractitionerRole(p: Provider, services: Service[]): fhir4.PractitionerRole {
  const offered = services.filter((s) => s.offerings.some((o) => o.providerId === p.id));
  const locations = [...new Set(offered.flatMap((s) => s.offerings.filter((o) => o.providerId === p.id).map((o) => o.locationId)))];
  return compact<fhir4.PractitionerRole>({
    resourceType: 'PractitionerRole', id: p.id, meta: { lastUpdated: p.updatedAt }, active: !p.archived,
    practitioner: ref('Practitioner', p.id, p.name),
    code: p.title ? [{ text: p.title }] : undefined,
    location: locations.map((id) => ref('Location', id)),
    healthcareService: offered.map((s) => ref('HealthcareService', s.id, s.name)),
  });
}

const all = { includeArchived: true };
const activeMatches = (request: SearchRequest, active: boolean | undefined) => paramValues(request, 'active').every((alts) => alts.includes(String(active)));
const nameMatches = (request: SearchRequest, name: string | undefined) => stringParams(request, 'name').every((o) => o.values.some((v) => stringMatches(name, v, o.modifier)));

export const practitionerKind: ResourceKind<fhir4.Practitioner> = {
  type: 'Practitioner', permission: 'schedule:read',
  documentation: 'Providers who see patients (scheduling setup). Archived providers are inactive.',
  searchParams: [
    { name: 'name', type: 'string', documentation: 'The provider\'s name' },
    { name: 'active', type: 'token', documentation: 'true or false (archived)' },
  ],
  read: async (ctx, id) => { const p = await orNull(getProvider(ctx.platform, ctx.actor, id)); return p && toPractitioner(p); },
  search: async (ctx, request) => searchList((await listProviders(ctx.platform, ctx.actor, all)).map(toPractitioner), request,
    (r) => nameMatches(request, r.name?.[0]?.text) && activeMatches(request, r.active)),
};

export const practitionerRoleKind: ResourceKind<fhir4.PractitionerRole> = {
  type: 'PractitionerRole', permission: 'schedule:read',
  documentation: 'One role per provider (same id as the Practitioner): the locations they work at and the services they offer.',
  searchParams: [
    { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>' },
    { name: 'location', type: 'reference', documentation: 'Location/<id>' },
    { name: 'service', type: 'reference', documentation: 'HealthcareService/<id>' },
    { name: 'active', type: 'token', documentation: 'true or false' },
  ],
  async read(ctx, id) {
    const p = await orNull(getProvider(ctx.platform, ctx.actor, id));
    return p && toPractitionerRole(p, await listServices(ctx.platform, ctx.actor, all));
  },
  async search(ctx, request) {
    const services = await listServices(ctx.platform, ctx.actor, all);
    const roles = (await listProviders(ctx.platform, ctx.actor, all)).map((p) => toPractitionerRole(p, services));
    return searchList(roles, request, (r) => activeMatches(request, r.active)
      && referencesMatch(request, 'practitioner', ['Practitioner'], [r.id])
      && referencesMatch(request, 'location', ['Location'], (r.location ?? []).map((l) => l.reference?.split('/')[1]))
      && referencesMatch(request, 'service', ['HealthcareService'], (r.healthcareService ?? []).map((s) => s.reference?.split('/')[1])));
  },
};

export const locationKind: ResourceKind<fhir4.Location> = {
  type: 'Location', permission: 'schedule:read',
  documentation: 'The clinic\'s sites, with their time zone (extension timezone). Archived sites are inactive.',
  searchParams: [
    { name: 'name', type: 'string', documentation: 'The site\'s name' },
    { name: 'status', type: 'token', documentation: 'active | inactive' },
  ],
  read: async (ctx, id) => { const l = await orNull(getLocation(ctx.platform, ctx.actor, id)); return l && toLocation(l); },
  search: async (ctx, request) => searchList((await listLocations(ctx.platform, ctx.actor, all)).map(toLocation), request,
    (r) => nameMatches(request, r.name) && paramValues(request, 'status').every((alts) => alts.includes(r.status ?? ''))),
};

export const healthcareServiceKind: ResourceKind<fhir4.HealthcareService> = {
  type: 'HealthcareService', permission: 'schedule:read',
  documentation: 'Visit types (services): where they are offered; their id is the service code in Appointment and Slot serviceType.',
  searchParams: [
    { name: 'name', type: 'string', documentation: 'The visit type\'s name' },
    { name: 'location', type: 'reference', documentation: 'Location/<id> where it is offered' },
    { name: 'active', type: 'token', documentation: 'true or false' },
  ],
  read: async (ctx, id) => { const s = await orNull(getService(ctx.platform, ctx.actor, id)); return s && toHealthcareService(s); },
  search: async (ctx, request) => searchList((await listServices(ctx.platform, ctx.actor, all)).map(toHealthcareService), request,
    (r) => nameMatches(request, r.name) && activeMatches(request, r.active)
      && referencesMatch(request, 'location', ['Location'], (r.location ?? []).map((l) => l.reference?.split('/')[1]))),
};

/** The lists a scheduling search needs, loaded once per request. */
export async function schedulingSetup(ctx: FhirContext) {
  const [providers, locations, services] = await Promise.all([
    listProviders(ctx.platform, ctx.actor, all), listLocations(ctx.platform, ctx.actor, all), listServices(ctx.platform, ctx.actor, all),
  ]);
  return { providers, locations, services };
}
export type SchedulingSetup = Awaited<ReturnType<typeof schedulingSetup>>;
