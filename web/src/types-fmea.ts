// What the FMEA API returns (src/modules/quality/fmea-schemas.ts).

export type WorksheetStatus = 'draft' | 'in_review' | 'completed' | 'archived';
export type ActionStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';
export type Priority = 'high' | 'medium' | 'low';

export interface FmeaStep {
  id: string;
  position: number;
  name: string;
  description: string;
  failureModeCount: number;
}

export interface FmeaFailureMode {
  id: string;
  worksheetId: string;
  stepId: string;
  stepName: string;
  stepPosition: number;
  rank: number;
  failureMode: string;
  effect: string;
  cause: string;
  currentControls: string;
  severity: number;
  occurrence: number;
  detection: number;
  rpn: number;
  priority: Priority;
  recommendedAction: string | null;
  actionOwnerId: string | null;
  actionOwnerName: string | null;
  actionDueOn: string | null;
  actionStatus: ActionStatus | null;
  actionOverdue: boolean;
  actionTaken: string | null;
  actionCompletedAt: string | null;
  severityAfter: number | null;
  occurrenceAfter: number | null;
  detectionAfter: number | null;
  rpnAfter: number | null;
  priorityAfter: Priority | null;
  createdAt: string;
  updatedAt: string;
}

export interface FmeaWorksheet {
  id: string;
  title: string;
  process: string;
  scope: string;
  team: string[];
  status: WorksheetStatus;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  steps: FmeaStep[];
  failureModes: FmeaFailureMode[];
  summary: {
    failureModes: number; high: number; medium: number; low: number; highestRpn: number | null;
    totalRpn: number; totalRpnNow: number; openActions: number; overdueActions: number;
  };
}

export interface FmeaWorksheetListItem {
  id: string;
  title: string;
  process: string;
  status: WorksheetStatus;
  team: string[];
  stepCount: number;
  failureModeCount: number;
  highestRpn: number | null;
  openActionCount: number;
  highPriorityCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The editable fields of a failure mode, as the API takes them. */
export type FailureModeChanges = Partial<Pick<FmeaFailureMode,
  'stepId' | 'failureMode' | 'effect' | 'cause' | 'currentControls' | 'severity' | 'occurrence' | 'detection'
  | 'recommendedAction' | 'actionOwnerId' | 'actionDueOn' | 'actionTaken' | 'severityAfter' | 'occurrenceAfter' | 'detectionAfter'>>
  & { actionStatus?: ActionStatus };
