import type * as fhir4 from 'fhir/r4.js';
import type { Platform } from '../../platform/platform.js';
import { RESOURCE_KINDS } from './resources.js';
import { COMMON_PARAMS } from './search-params.js';

/** A route registered in the /fhir scope (read routes and the write routes alike). */
export interface ServedInteraction {
  method: string;
  url: string;
}

type TypeInteraction = fhir4.CapabilityStatementRestResourceInteraction['code'];

/** Which interactions the registered routes provide for a type: the statement follows the routes, not a list kept by hand. */
function interactionsOf(type: string, served: ServedInteraction[]): TypeInteraction[] {
  const codes = new Set<TypeInteraction>();
  for (const { method, url } of served) {
    const path = url.replace(/^\/fhir/, '');
    if (method === 'GET' && path === `/${type}/:id`) codes.add('read');
    if (method === 'GET' && path === `/${type}`) codes.add('search-type');
    if (method === 'POST' && path === `/${type}`) codes.add('create');
    if (method === 'PUT' && path === `/${type}/:id`) codes.add('update');
  }
  const order: TypeInteraction[] = ['read', 'search-type', 'create', 'update'];
  return order.filter((code) => codes.has(code));
}

/** The CapabilityStatement at /fhir/metadata: every type served, its interactions and search parameters, bearer security. */
export function capabilityStatement(platform: Platform, served: ServedInteraction[]): fhir4.CapabilityStatement {
  const systemInteractions = served.some((r) => r.method === 'POST' && (r.url === '/fhir' || r.url === '/fhir/'))
    ? [{ code: 'transaction' as const }, { code: 'batch' as const }]
    : [];
  const resource: fhir4.CapabilityStatementRestResource[] = [...RESOURCE_KINDS.values()].map((kind) => ({
    type: kind.type,
    ...(kind.profile && { profile: kind.profile }),
    documentation: kind.documentation,
    interaction: interactionsOf(kind.type, served).map((code) => ({ code })),
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    searchParam: [...COMMON_PARAMS, ...kind.searchParams].map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'Careloop',
    kind: 'instance',
    software: { name: 'Careloop', version: '0.1.0' },
    implementation: { description: 'Careloop FHIR R4 API', url: `${platform.config.publicUrl}/fhir` },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [{
      mode: 'server',
      documentation: 'Read and search over the clinic of the API token or staff session; every other clinic is invisible (404).',
      security: {
        cors: false,
        // No code of restful-security-service means a plain bearer API token; the binding is extensible.
        service: [{ coding: [{ system: 'https://careloop.dev/fhir/CodeSystem/security-service', code: 'bearer', display: 'Bearer API token' }], text: 'Bearer token: Authorization: Bearer <Careloop API token> (or a signed-in staff session). Permissions follow the token\'s role.' }],
        description: 'Send a Careloop API token as a bearer token. Each resource type needs the permission of the data it carries (patients:read, schedule:read, inbox:read, referrals:read, tasks:read, audit:read).',
      },
      resource,
      ...(systemInteractions.length > 0 && { interaction: systemInteractions }),
      searchParam: [
        { name: '_count', type: 'number', documentation: 'Page size: default 20, at most 100' },
        { name: '_offset', type: 'number', documentation: 'Paging cursor: how many matches to skip (the next/previous links carry it)' },
      ],
    }],
  };
}
