import type * as fhir4 from 'fhir/r4.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import { searchsetBundle } from './bundle.js';
import { isCareloopId } from './identifiers.js';
import { fhirError } from './outcome.js';
import type { ResourceKind } from './resource-kind.js';
import { RESOURCE_KINDS } from './resources.js';
import { parseSearch } from './search-params.js';


/** One resource by type and id in the actor's clinic; a 404 OperationOutcome when absent (another clinic's id included). */
export async function readResource(platform: Platform, actor: Actor, type: string, id: string): Promise<fhir4.FhirResource> {
  const kind = RESOURCE_KINDS.get(type);
  if (!kind) throw fhirError(404, 'not-supported', `Careloop's FHIR API does not serve the resource type "${type}".`);
  if (!actor.permissions.has(kind.permission)) throw fhirError(403, 'forbidden', `Reading ${type} needs the "${kind.permission}" permission.`);
  const resource = (kind.isId ? kind.isId(id) : isCareloopId(id)) ? await kind.read({ platform, actor }, id) : null;
  if (!resource) throw fhirError(404, 'not-found', `No ${type} with id ${id} was found.`);
  return resource;
}

export interface SearchInput {
  query: Record<string, string | string[] | undefined>;
  /** The FHIR base URL the client used (links in the Bundle point there). */
  base: string;
  lenient: boolean;
}

/** A search of one type as a searchset Bundle with total and paging links. */
export async function searchResources(platform: Platform, actor: Actor, kind: ResourceKind, input: SearchInput): Promise<fhir4.Bundle> {
  const zone = (await findOrganization(platform, actor.organizationId))?.time_zone ?? 'UTC';
  const request = parseSearch(input.query, kind.searchParams, input.lenient, zone);
  const page = await kind.search({ platform, actor }, request);
  return searchsetBundle(input.base, kind.type, request, page);
}
