import type { FailureMode, Step, Worksheet, WorksheetListItem } from './fmea-schemas.js';
import { HIGH_RPN, HIGH_SEVERITY, type FailureModeRow, type StepRow, type WorksheetRow } from './fmea-store.js';

/** How the FMEA tables are shown: ranks, priorities, overdue actions and the worksheet's summary. */

/** RPN from which a failure mode is medium priority (high: see fmea-store.ts). */
export const MEDIUM_RPN = 100;

export type Priority = FailureMode['priority'];

/** High: RPN 200 or more, or severity 9-10 (catastrophic harm is acted on however rare); medium: RPN 100-199; low: the rest. */
export function priorityOf(rpn: number, severity: number): Priority {
  if (rpn >= HIGH_RPN || severity >= HIGH_SEVERITY) return 'high';
  if (rpn >= MEDIUM_RPN) return 'medium';
  return 'low';
}

const OPEN_ACTION = new Set(['planned', 'in_progress']);

export const isActionOverdue = (row: FailureModeRow, today: string) =>
  row.action_status !== null && OPEN_ACTION.has(row.action_status) && row.action_due_on !== null && row.action_due_on < today;

export interface PresentContext {
  steps: Map<string, StepRow>;
  ownerNames: Map<string, string>;
  /** The clinic's date today, YYYY-MM-DD. */
  today: string;
}

export function presentFailureMode(row: FailureModeRow, rank: number, context: PresentContext): FailureMode {
  const step = context.steps.get(row.step_id);
  return {
    id: row.id,
    worksheetId: row.worksheet_id,
    stepId: row.step_id,
    stepName: step?.name ?? '',
    stepPosition: step?.position ?? 0,
    rank,
    failureMode: row.failure_mode,
    effect: row.effect,
    cause: row.cause,
    currentControls: row.current_controls,
    severity: row.severity,
    occurrence: row.occurrence,
    detection: row.detection,
    rpn: row.rpn,
    priority: priorityOf(row.rpn, row.severity),
    recommendedAction: row.recommended_action,
    actionOwnerId: row.action_owner_id,
    actionOwnerName: row.action_owner_id ? context.ownerNames.get(row.action_owner_id) ?? null : null,
    actionDueOn: row.action_due_on,
    actionStatus: row.action_status,
    actionOverdue: isActionOverdue(row, context.today),
    actionTaken: row.action_taken,
    actionCompletedAt: row.action_completed_at?.toISOString() ?? null,
    severityAfter: row.severity_after,
    occurrenceAfter: row.occurrence_after,
    detectionAfter: row.detection_after,
    rpnAfter: row.rpn_after,
    priorityAfter: row.rpn_after !== null && row.severity_after !== null ? priorityOf(row.rpn_after, row.severity_after) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The whole worksheet: its steps in order, its failure modes ranked (the rows come ranked from the store). */
export function presentWorksheet(worksheet: WorksheetRow, steps: StepRow[], ranked: FailureModeRow[], context: Omit<PresentContext, 'steps'>): Worksheet {
  const byStep = new Map(steps.map((step) => [step.id, step]));
  const failureModes = ranked.map((row, index) => presentFailureMode(row, index + 1, { ...context, steps: byStep }));
  const counts = new Map<string, number>();
  for (const row of ranked) counts.set(row.step_id, (counts.get(row.step_id) ?? 0) + 1);
  const presentedSteps: Step[] = steps.map((step) => ({
    id: step.id, position: step.position, name: step.name, description: step.description, failureModeCount: counts.get(step.id) ?? 0,
  }));
  return {
    id: worksheet.id,
    title: worksheet.title,
    process: worksheet.process,
    scope: worksheet.scope,
    team: worksheet.team,
    status: worksheet.status,
    createdBy: worksheet.created_by,
    createdAt: worksheet.created_at.toISOString(),
    updatedAt: worksheet.updated_at.toISOString(),
    steps: presentedSteps,
    failureModes,
    summary: {
      failureModes: failureModes.length,
      high: failureModes.filter((f) => f.priority === 'high').length,
      medium: failureModes.filter((f) => f.priority === 'medium').length,
      low: failureModes.filter((f) => f.priority === 'low').length,
      highestRpn: failureModes[0]?.rpn ?? null,
      totalRpn: failureModes.reduce((sum, f) => sum + f.rpn, 0),
      totalRpnNow: failureModes.reduce((sum, f) => sum + (f.rpnAfter ?? f.rpn), 0),
      openActions: failureModes.filter((f) => f.actionStatus === 'planned' || f.actionStatus === 'in_progress').length,
      overdueActions: failureModes.filter((f) => f.actionOverdue).length,
    },
  };
}

type ListRow = WorksheetRow & { step_count: string | null; failure_mode_count: string | null; highest_rpn: number | null; open_action_count: string | null; high_count: string | null };

export const presentListItem = (row: ListRow): WorksheetListItem => ({
  id: row.id,
  title: row.title,
  process: row.process,
  status: row.status,
  team: row.team,
  stepCount: Number(row.step_count ?? 0),
  failureModeCount: Number(row.failure_mode_count ?? 0),
  highestRpn: row.highest_rpn === null ? null : Number(row.highest_rpn),
  openActionCount: Number(row.open_action_count ?? 0),
  highPriorityCount: Number(row.high_count ?? 0),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
