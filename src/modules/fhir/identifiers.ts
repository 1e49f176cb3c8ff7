import type { Platform } from '../../platform/platform.js';

/** Identifier systems are URIs under this server and the clinic, so two clinics' MRNs never collide. */
export const mrnSystem = (platform: Platform, organizationId: string) => `${platform.config.publicUrl}/fhir/sid/${organizationId}/mrn`;

export const CARELOOP_SYSTEM = 'https://careloop.dev/fhir/CodeSystem';

/** A Reference to another resource by type and id (always relative: the client's base resolves it). */
export const ref = (type: string, id: string, display?: string | null) => ({ reference: `${type}/${id}`, ...(display && { display }) });

/** Drops undefined, null, empty strings and empty arrays from an object's top level, so no mapper emits "" or []. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Careloop's ids are UUIDs; any other id cannot name a record (and must not reach a uuid column). */
export const isCareloopId = (id: string) => UUID.test(id);
