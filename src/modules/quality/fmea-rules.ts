import type { Updateable } from 'kysely';
import type { FmeaFailureModeTable } from '../../db/schema-fmea.js';
import { invalid, invalidFields, type FieldProblem } from '../../platform/errors.js';
import type { FailureModeChanges } from './fmea-schemas.js';
import type { FailureModeRow } from './fmea-store.js';

/**
 * The rules of a failure mode's action and its scores after the action, applied to what it is now
 * (null for a new one) and what the request changes. Returns the columns to write.
 */
export function resolveFailureMode(current: FailureModeRow | null, input: FailureModeChanges, now: Date): Updateable<FmeaFailureModeTable> {
  const pick = <T>(given: T | undefined, existing: T) => (given !== undefined ? given : existing);
  const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : value.trim() || null);

  const recommendedAction = pick(text(input.recommendedAction), current?.recommended_action ?? null);
  const actionTaken = pick(text(input.actionTaken), current?.action_taken ?? null);
  let ownerId = pick(input.actionOwnerId, current?.action_owner_id ?? null);
  let dueOn = pick(input.actionDueOn, current?.action_due_on ?? null);
  let status = pick(input.actionStatus, current?.action_status ?? null);

  if (recommendedAction === null) {
    if (input.actionStatus !== undefined) throw invalid('actionStatus', 'needs a recommended action');
    if (input.actionOwnerId) throw invalid('actionOwnerId', 'needs a recommended action');
    if (input.actionDueOn) throw invalid('actionDueOn', 'needs a recommended action');
    if (actionTaken !== null) throw invalid('recommendedAction', 'is required once the action taken is recorded');
    ownerId = null;
    dueOn = null;
    status = null;
  } else if (status === null) {
    status = 'planned';
  }
  if (status === 'completed' && actionTaken === null) throw invalid('actionTaken', 'is required to mark the action completed: say what was done');

  const after = {
    severityAfter: pick(input.severityAfter, current?.severity_after ?? null),
    occurrenceAfter: pick(input.occurrenceAfter, current?.occurrence_after ?? null),
    detectionAfter: pick(input.detectionAfter, current?.detection_after ?? null),
  };
  const scored = Object.values(after).filter((value) => value !== null).length;
  if (scored > 0 && scored < 3) {
    const missing: FieldProblem[] = Object.entries(after).filter(([, value]) => value === null)
      .map(([field]) => ({ field, message: 'is required with the other scores after the action (score all three, or none)' }));
    throw invalidFields(missing);
  }
  if (scored === 3 && actionTaken === null) throw invalid('actionTaken', 'is required before scoring after the action: say what was done');

  const wasCompleted = current?.action_status === 'completed';
  return {
    recommended_action: recommendedAction,
    action_owner_id: ownerId,
    action_due_on: dueOn,
    action_status: status,
    action_taken: actionTaken,
    action_completed_at: status === 'completed' ? (wasCompleted ? current?.action_completed_at ?? now : now) : null,
    severity_after: after.severityAfter,
    occurrence_after: after.occurrenceAfter,
    detection_after: after.detectionAfter,
    ...(input.failureMode !== undefined && { failure_mode: input.failureMode.trim() }),
    ...(input.effect !== undefined && { effect: input.effect.trim() }),
    ...(input.cause !== undefined && { cause: input.cause.trim() }),
    ...(input.currentControls !== undefined && { current_controls: input.currentControls.trim() }),
    ...(input.severity !== undefined && { severity: input.severity }),
    ...(input.occurrence !== undefined && { occurrence: input.occurrence }),
    ...(input.detection !== undefined && { detection: input.detection }),
    ...(input.stepId !== undefined && { step_id: input.stepId }),
  };
}
