import { fhirError } from './outcome.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Types whose ids Careloop computes (free times, provider-location pairs) rather than stores: any FHIR id. */
const COMPUTED = new Set(['Slot', 'Schedule']);

/**
 * The id in a reference to one of Careloop's own resources: `Patient/<id>`, or the same with this
 * server's base in front. A reference to another type, another server or a malformed id is a 422
 * (the resource is well formed, but its reference cannot be followed here).
 */
export function referencedId(reference: string | undefined, type: string, expression: string): string {
  if (!reference) throw fhirError(422, 'required', `${expression} must reference a ${type}.`, expression);
  const match = /(?:^|\/)([A-Za-z]+)\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(reference);
  if (!match || match[1] !== type) throw fhirError(422, 'invalid', `${expression} must reference a ${type} ("${type}/<id>"), not "${reference}".`, expression);
  const id = match[2]!;
  if (!(COMPUTED.has(type) ? FHIR_ID : UUID).test(id)) throw fhirError(422, 'invalid', `${expression}: no ${type} with id "${id}" can exist on this server.`, expression);
  return COMPUTED.has(type) ? id : id.toLowerCase();
}

/** The resource type a reference names (`Practitioner/…` → Practitioner), or undefined. */
export function referencedType(reference: string | undefined): string | undefined {
  return reference ? /(?:^|\/)([A-Za-z]+)\/[^/]+(?:\/_history\/[^/]+)?$/.exec(reference)?.[1] : undefined;
}

/**
 * Services refuse ids of another clinic with 404 (they are simply not found there). Inside a
 * resource a client wrote, that is a reference that cannot be resolved: 422 with where it was.
 */
export async function resolving<T>(expression: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { status?: number; code?: string }).status === 404 && (error as { code?: string }).code === 'not_found') {
      throw fhirError(422, 'not-found', `${expression}: ${(error as Error).message}`, expression);
    }
    throw error;
  }
}
