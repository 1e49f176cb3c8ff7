import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AppError } from './errors.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** An Ajv that refuses unknown fields and explains patterns by their schema's description. */
export function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false, // an unknown field is an error, not silently dropped
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
    verbose: true, // errors carry their schema, so a pattern's description can explain it
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly (a string where a number belongs is an error); query strings and
 * path parameters arrive as text, so they are coerced.
 */
export function installValidation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema),
  );
}

/** The dotted path of the field an Ajv error is about (contactPoints.0.value). */
export function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return [path, String(error.params.missingProperty)].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') return [path, String(error.params.additionalProperty)].filter(Boolean).join('.');
  return path || '(body)';
}

/** What is wrong with the field, in words a person understands. */
export function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'required') return 'is required';
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  if ((error.keyword === 'pattern' || error.keyword === 'format') && description) return `must be ${description}`;
  return error.message ?? 'is invalid';
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).type('application/json').send(body);
}

/** The one error handler: every failure leaves as `{ error: { code, message, details } }`. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status === 429 || error.status === 423) {
        const details = error.details as { retryAfterSeconds?: number } | undefined;
        if (details?.retryAfterSeconds) reply.header('retry-after', String(details.retryAfterSeconds));
      }
      return send(reply, error.status, { error: { code: error.code, message: error.message, details: error.details } });
    }
    if (error.validation) {
      const where = error.validationContext ?? 'body';
      const fields = error.validation.map((v) => ({ field: `${where}.${fieldOf(v as ErrorObject)}`.replace(/\.\(body\)$/, ''), message: messageOf(v as ErrorObject) }));
      const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return send(reply, 400, { error: { code: 'invalid_request', message, details: { fields } } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const codes: Record<string, string> = {
        FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
        FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
        FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
        FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
        FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
      };
      const code = codes[error.code] ?? (error.name === 'SyntaxError' ? 'malformed_json' : 'bad_request');
      return send(reply, status, { error: { code, message: error.message } });
    }
    // Unknown: log it without request data, and without a database error's message (PostgreSQL
    // quotes the offending value: a birth date, a name), and give the caller a correlation id.
    const fromDatabase = 'routine' in error || 'severity' in error;
    const logged = fromDatabase
      ? { type: error.name, code: error.code, routine: (error as { routine?: string }).routine }
      : { type: error.name, message: error.message, code: error.code, stack: error.stack };
    request.log.error({ err: logged }, 'unexpected error');
    return send(reply, 500, {
      error: { code: 'internal_error', message: 'Something went wrong on our side.', details: { correlationId: request.id } },
    });
  });
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/** PostgreSQL text cannot hold the NUL character: refuse it everywhere, before any route sees it. */
export function installNulCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
      if (containsNul(value)) throw new AppError(400, 'invalid_request', `The ${part} contains a NUL character (\\u0000), which no field accepts.`, { part });
    }
  });
}

/** The reply for a URL no route serves. */
export function routeNotFound(reply: FastifyReply, method: string, url: string) {
  return send(reply, 404, { error: { code: 'route_not_found', message: `No route ${method} ${url.split('?')[0]}.` } });
}

/** One log line per request: the route pattern, never the URL (search terms are PHI), status and time. */
export function installRequestLogging(app: FastifyInstance) {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
}
