/** The one error vocabulary. The HTTP error handler turns these into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const invalid = (field: string, message: string) =>
  new AppError(400, 'invalid_request', `${field}: ${message}`, { fields: [{ field, message }] });

export const invalidFields = (problems: FieldProblem[]) =>
  new AppError(400, 'invalid_request', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });

export const unauthenticated = (message = 'Sign in or send a valid API token.') =>
  new AppError(401, 'unauthenticated', message);

export const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'The e-mail or password is not right.');

export const forbidden = (permission: string) =>
  new AppError(403, 'forbidden', `This action needs the "${permission}" permission.`, { permission });

export const csrfRejected = () =>
  new AppError(403, 'csrf_rejected', 'The request lacks the x-csrf-token header of this session.');

export const notFound = (entity: string, id?: string) =>
  new AppError(404, 'not_found', `No ${entity} ${id ? `with id ${id} ` : ''}was found.`, { entity, id });

export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, { retryAfterSeconds });

export const locked = (message: string, retryAfterSeconds: number) =>
  new AppError(423, 'account_locked', message, { retryAfterSeconds });

/** The PostgreSQL error code of a failed query, when it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
