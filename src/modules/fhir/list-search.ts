import type * as fhir4 from 'fhir/r4.js';
import { pageOf } from './bundle.js';
import { isCareloopId } from './identifiers.js';
import type { SearchPage } from './resource-kind.js';
import { paramValues, referenceId, type SearchRequest } from './search-params.js';

/** `_id` filter: every occurrence must name the resource (alternatives by comma). */
export function idMatches(request: SearchRequest, id: string | undefined): boolean {
  return paramValues(request, '_id').every((alts) => alts.includes(id ?? ''));
}

/**
 * A reference parameter's ids, per occurrence (alternatives by comma), for the given target types;
 * null for another type or an id of the wrong form (default: a UUID; it names nothing, and must not reach a uuid column).
 */
export function referenceIds(request: SearchRequest, name: string, types: string[], isId: (id: string) => boolean = isCareloopId): (string | null)[][] {
  return paramValues(request, name).map((alts) => alts.map((v) => {
    const id = referenceId(v, types);
    return id !== null && isId(id) ? id : null;
  }));
}

/** The `_id` values every occurrence allows (alternatives by comma), keeping only well-formed ids; undefined: no `_id`. */
export function wantedIds(request: SearchRequest, isId: (id: string) => boolean = isCareloopId): string[] | undefined {
  const occurrences = paramValues(request, '_id');
  if (occurrences.length === 0) return undefined;
  return occurrences.reduce((a, b) => a.filter((id) => b.includes(id))).filter(isId);
}

/** Does every occurrence of a reference parameter name one of these ids? */
export function referencesMatch(request: SearchRequest, name: string, types: string[], ids: (string | null | undefined)[]): boolean {
  return referenceIds(request, name, types).every((alts) => alts.some((id) => id !== null && ids.includes(id)));
}

/** For small per-clinic lists (providers, locations, services): filter in memory, then page. */
export function searchList<R extends fhir4.FhirResource>(all: R[], request: SearchRequest, matches: (resource: R) => boolean): SearchPage<R> {
  return pageOf(all.filter((r) => idMatches(request, r.id) && matches(r)), request);
}

/** Hex of a UUID without dashes (two of them make a FHIR id of 64 characters, the most FHIR allows). */
export const hex = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
export const uuidOfHex = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
export const PAIR_ID = /^[0-9a-f]{64}$/;
export const pairId = (a: string, b: string) => `${hex(a)}${hex(b)}`;
export const splitPairId = (id: string): [string, string] | null => (PAIR_ID.test(id) ? [uuidOfHex(id.slice(0, 32)), uuidOfHex(id.slice(32))] : null);
