import type { FastifyError } from 'fastify';
import type { ErrorObject } from 'ajv';
import type * as fhir4 from 'fhir/r4.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { fieldOf, messageOf } from '../../platform/http.js';

export type IssueCode = fhir4.OperationOutcomeIssue['code'];
export type IssueSeverity = fhir4.OperationOutcomeIssue['severity'];

/** An error the /fhir error handler sends as an OperationOutcome with this HTTP status. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    readonly diagnostics: string,
    readonly expression?: string,
  ) {
    super(diagnostics);
  }
}

/** Throw this from FHIR code: it leaves as an OperationOutcome with this status and issue code. */
export function fhirError(status: number, code: IssueCode, diagnostics: string, expression?: string): FhirError {
  return new FhirError(status, code, diagnostics, expression);
}

/** Where Careloop's own error codes (AppError.code) are named inside an OperationOutcome. */
export const ERROR_CODE_SYSTEM = 'https://careloop.dev/fhir/CodeSystem/error-code';

export function issue(severity: IssueSeverity, code: IssueCode, diagnostics: string, expression?: string, careloopCode?: string): fhir4.OperationOutcomeIssue {
  return {
    severity, code, diagnostics,
    ...(careloopCode && { details: { coding: [{ system: ERROR_CODE_SYSTEM, code: careloopCode }], text: diagnostics } }),
    ...(expression && { expression: [expression] }),
  };
}

export function operationOutcome(issues: fhir4.OperationOutcomeIssue[]): fhir4.OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** The issue type an HTTP status means when the error does not say more. */
export function issueCodeForStatus(status: number): IssueCode {
  switch (status) {
    case 400: return 'invalid';
    case 401: return 'login';
    case 403: return 'forbidden';
    case 404: return 'not-found';
    case 405: return 'not-supported';
    case 409: return 'conflict';
    case 412: return 'conflict';
    case 413: return 'too-costly';
    case 415: return 'not-supported';
    case 422: return 'processing';
    case 423: return 'lock-error';
    case 429: return 'throttled';
    default: return status >= 500 ? 'exception' : 'processing';
  }
}

function fieldIssues(status: number, careloopCode: string, problems: FieldProblem[]): fhir4.OperationOutcomeIssue[] {
  return problems.map((p) => issue('error', issueCodeForStatus(status), `${p.field}: ${p.message}`, p.field, careloopCode));
}

/**
 * Any error thrown while answering a /fhir request, as the status and OperationOutcome to send;
 * `null` means an unexpected error (the caller logs it and answers 500).
 */
export function outcomeOf(error: FastifyError | Error): { status: number; outcome: fhir4.OperationOutcome } | null {
  if (error instanceof FhirError) {
    return { status: error.status, outcome: operationOutcome([issue(error.status >= 500 ? 'fatal' : 'error', error.code, error.diagnostics, error.expression)]) };
  }
  if (error instanceof AppError) {
    const fields = (error.details as { fields?: FieldProblem[] } | undefined)?.fields;
    const issues = Array.isArray(fields) && fields.length > 0
      ? fieldIssues(error.status, error.code, fields)
      : [issue('error', issueCodeForStatus(error.status), error.message, undefined, error.code)];
    return { status: error.status, outcome: operationOutcome(issues) };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const where = fastifyError.validationContext ?? 'body';
    const problems = fastifyError.validation.map((v) => ({ field: `${where}.${fieldOf(v as ErrorObject)}`.replace(/\.\(body\)$/, ''), message: messageOf(v as ErrorObject) }));
    return { status: 400, outcome: operationOutcome(fieldIssues(400, 'invalid_request', problems)) };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const structure = fastifyError.code?.startsWith('FST_ERR_CTP_INVALID_JSON') || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.name === 'SyntaxError';
    return { status, outcome: operationOutcome([issue('error', structure ? 'structure' : issueCodeForStatus(status), error.message)]) };
  }
  return null;
}
