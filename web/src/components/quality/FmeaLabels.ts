// Words and colours of the FMEA screens.
import type { ActionStatus, Priority, WorksheetStatus } from '../../types-fmea.js';

export const WORKSHEET_STATUS_LABELS: Record<WorksheetStatus, string> = {
  draft: 'Draft', in_review: 'In review', completed: 'Completed', archived: 'Archived',
};
export const WORKSHEET_STATUS_COLORS: Record<WorksheetStatus, string> = { draft: 'gray', in_review: 'blue', completed: 'green', archived: 'dark' };

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled',
};

export const PRIORITY_LABELS: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const PRIORITY_COLORS: Record<Priority, string> = { high: 'red', medium: 'orange', low: 'green' };

/** What each score means, from the worksheet's scales (docs/fmea.md). */
export const SCORE_HINTS = {
  severity: 'Severity: 1 no effect on the patient … 10 death or permanent harm',
  occurrence: 'Occurrence: 1 remote (less than once in years) … 10 almost certain (several times a week)',
  detection: 'Detection: 1 almost certainly caught before it reaches the patient … 10 cannot be detected',
} as const;

