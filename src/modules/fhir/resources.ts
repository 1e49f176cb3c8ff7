import type * as fhir4 from 'fhir/r4.js';
import { patientKind } from './patient-kind.js';
import type { ResourceKind } from './resource-kind.js';

// Each kind is typed by its own resource; the registry holds them by their common shape.
const kind = <R extends fhir4.FhirResource>(k: ResourceKind<R>) => k as unknown as ResourceKind;

/** Every resource type the FHIR API reads and searches, by type name, in CapabilityStatement order. */
export const RESOURCE_KINDS: ReadonlyMap<string, ResourceKind> = new Map([
  kind(patientKind),
].map((k) => [k.type, k]));
