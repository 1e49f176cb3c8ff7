import type * as fhir4 from 'fhir/r4.js';
import type { Actor, Permission } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { SearchRequest } from './search-params.js';

/** What a mapper needs besides the actor: the platform and the clinic's identifier namespace. */
export interface FhirContext {
  platform: Platform;
  actor: Actor;
}

/** One page of search matches: `total` counts every match (null: too many to count), `resources` is the requested page. */
export interface SearchPage<R extends fhir4.FhirResource = fhir4.FhirResource> {
  total: number | null;
  resources: R[];
}

export type SearchParamType = fhir4.CapabilityStatementRestResourceSearchParam['type'];

export interface SearchParamDefinition {
  name: string;
  type: SearchParamType;
  documentation: string;
}

/**
 * One FHIR resource type served read-only by Careloop: how to read one by id, how to search,
 * which permission guards it and which patients a response carries (for the audit trail).
 */
export interface ResourceKind<R extends fhir4.FhirResource = fhir4.FhirResource> {
  type: R['resourceType'];
  permission: Permission;
  profile?: string;
  documentation: string;
  searchParams: SearchParamDefinition[];
  /** Is this a well-formed id of this type? (default: a UUID); a malformed id is simply not found. */
  isId?(id: string): boolean;
  /** null when the id is unknown in the actor's clinic. */
  read(ctx: FhirContext, id: string): Promise<R | null>;
  search(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<R>>;
  /** The patients whose data this resource carries (audited as read); absent = not patient data. */
  patientIds?(resource: R): string[];
}
