import { AppError, type FieldProblem } from '../../platform/errors.js';

/**
 * Runs a service call and names the fields of its 400s in FHIR terms (startsAt → Appointment.start),
 * so the OperationOutcome's expression points into the resource the client sent.
 */
export async function renamingFields<T>(paths: [RegExp, string][], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const fields = error instanceof AppError ? (error.details as { fields?: FieldProblem[] } | undefined)?.fields : undefined;
    if (!(error instanceof AppError) || !Array.isArray(fields)) throw error;
    const rename = (field: string) => paths.reduce((path, [pattern, replacement]) => path.replace(pattern, replacement), field);
    const renamed = fields.map((problem) => ({ field: rename(problem.field), message: problem.message }));
    throw new AppError(error.status, error.code, renamed.map((p) => `${p.field}: ${p.message}`).join('; '), { ...(error.details as object), fields: renamed });
  }
}
