import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getWorksheet } from './fmea-service.js';

type Cell = string | number | null;

/**
 * Text a spreadsheet would run as a formula starts with one of these, perhaps after blanks
 * (OWASP's CSV injection list: = + - @, tab, carriage return).
 */
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r]/;

/**
 * One RFC 4180 cell: text a spreadsheet would take for a formula is prefixed with ' ; quoted (with
 * quotes doubled) when it holds a comma, a quote, a line break or blanks at either end. Numbers
 * are written as numbers.
 */
export function fmeaCsvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const FMEA_CSV_HEADER = [
  'rank', 'step_no', 'step', 'failure_mode', 'effect', 'cause', 'current_controls', 'severity', 'occurrence', 'detection', 'rpn', 'priority',
  'recommended_action', 'action_owner', 'action_due_on', 'action_status', 'action_taken', 'action_completed_at',
  'severity_after', 'occurrence_after', 'detection_after', 'rpn_after',
];

/** A worksheet's failure modes as CSV (ranked: highest RPN first), with the file name it downloads as. */
export async function exportWorksheetCsv(platform: Platform, actor: Actor, worksheetId: string): Promise<{ filename: string; body: string }> {
  const worksheet = await getWorksheet(platform, actor, worksheetId);
  const lines: Cell[][] = worksheet.failureModes.map((f) => [
    f.rank, f.stepPosition, f.stepName, f.failureMode, f.effect, f.cause, f.currentControls, f.severity, f.occurrence, f.detection, f.rpn, f.priority,
    f.recommendedAction, f.actionOwnerName, f.actionDueOn, f.actionStatus, f.actionTaken, f.actionCompletedAt,
    f.severityAfter, f.occurrenceAfter, f.detectionAfter, f.rpnAfter,
  ]);
  const body = [FMEA_CSV_HEADER, ...lines].map((line) => line.map(fmeaCsvCell).join(',')).join('\r\n') + '\r\n';
  const slug = worksheet.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'worksheet';
  return { filename: `fmea-${slug}.csv`, body };
}
