import type * as fhir4 from 'fhir/r4.js';
import { issue, operationOutcome } from './outcome.js';
import type { SearchPage } from './resource-kind.js';
import type { SearchRequest } from './search-params.js';

/** The query string that asks for this search again at another offset (parameters in the order sent). */
function pageUrl(base: string, type: string, request: SearchRequest, offset: number): string {
  const query = new URLSearchParams();
  for (const p of request.params) query.append(p.modifier ? `${p.name}:${p.modifier}` : p.name, p.value);
  query.set('_count', String(request.count));
  if (offset > 0) query.set('_offset', String(offset));
  return `${base}/${type}?${query.toString()}`;
}

/** A searchset Bundle: total, self/first/next/previous links (offset cursor), entries in match mode. */
export function searchsetBundle(base: string, type: string, request: SearchRequest, page: SearchPage): fhir4.Bundle {
  const { count, offset } = request;
  const link: fhir4.BundleLink[] = [
    { relation: 'self', url: pageUrl(base, type, request, offset) },
    { relation: 'first', url: pageUrl(base, type, request, 0) },
  ];
  const more = page.total === null ? count > 0 && page.resources.length === count : count > 0 && offset + count < page.total;
  if (more) link.push({ relation: 'next', url: pageUrl(base, type, request, offset + count) });
  const lastOffset = count > 0 && page.total !== null && page.total > 0 ? Math.floor((page.total - 1) / count) * count : null;
  // Past the end, "previous" is the last page with matches, not the empty page just before this one.
  const previous = Math.max(0, offset - Math.max(count, 1));
  if (offset > 0) link.push({ relation: 'previous', url: pageUrl(base, type, request, lastOffset !== null && offset > lastOffset ? Math.min(previous, lastOffset) : previous) });
  if (lastOffset !== null) link.push({ relation: 'last', url: pageUrl(base, type, request, lastOffset) });
  const entry: fhir4.BundleEntry[] = page.resources.map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' },
  }));
  if (request.ignored.length > 0) {
    entry.push({
      resource: operationOutcome([issue('warning', 'not-supported', `Ignored unsupported search parameters (Prefer: handling=lenient): ${request.ignored.join(', ')}.`)]),
      search: { mode: 'outcome' },
    });
  }
  return { resourceType: 'Bundle', type: 'searchset', ...(page.total !== null && { total: page.total }), link, ...(entry.length > 0 && { entry }) };
}

/** Pages an in-memory list of matches. */
export function pageOf<R extends fhir4.FhirResource>(matches: R[], request: SearchRequest): SearchPage<R> {
  return { total: matches.length, resources: matches.slice(request.offset, request.offset + request.count) };
}
