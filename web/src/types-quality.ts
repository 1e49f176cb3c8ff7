// What the quality API returns: incidents, their analysis, corrective and preventive actions, the dashboard.

export type HarmLevel = 'near_miss' | 'none' | 'mild' | 'moderate' | 'severe' | 'death';
export type IncidentStatus = 'reported' | 'under_review' | 'investigating' | 'actions_open' | 'closed';
export type CapaStatus = 'open' | 'completed' | 'effective' | 'not_effective' | 'cancelled';
export type FishboneCategory = 'people' | 'process' | 'equipment' | 'environment' | 'communication' | 'policy';

export interface Named { id: string; name: string }

export interface Incident {
  id: string;
  number: number;
  reference: string;
  title: string;
  description: string;
  occurredAt: string;
  location: Named | null;
  department: Named | null;
  category: string;
  harmLevel: HarmLevel;
  patientId: string | null;
  patient: { id: string; name: string; mrn: string } | null;
  immediateActions: string | null;
  source: 'staff' | 'complaint' | 'recovery_case';
  sourceId: string | null;
  anonymous: boolean;
  reporter: string | null;
  reportedByMe: boolean;
  status: IncidentStatus;
  statusNote: string | null;
  nextStatuses: IncidentStatus[];
  openActions: number;
  overdueActions: number;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Analysis {
  incidentId: string;
  problemStatement: string | null;
  whys: string[];
  causes: { category: FishboneCategory; text: string }[];
  contributingFactors: string[];
  rootCause: string | null;
  completedAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface CapaAction {
  id: string;
  incidentId: string;
  incidentReference: string;
  incidentTitle: string;
  kind: 'corrective' | 'preventive';
  title: string;
  description: string | null;
  ownerId: string;
  ownerName: string | null;
  dueDate: string;
  dueAt: string;
  overdue: boolean;
  status: CapaStatus;
  completedAt: string | null;
  completedBy: string | null;
  completionNote: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  verificationNote: string | null;
  reopenedCount: number;
  replacesActionId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface IncidentDetail { incident: Incident; analysis: Analysis; actions: CapaAction[] }

export interface Page<T> { items: T[]; total: number; limit: number; offset: number }

export interface TopRisk {
  worksheetId: string; worksheetTitle: string; stepName: string; failureModeId: string; failureMode: string;
  severity: number; rpn: number; rpnAfter: number | null; actionStatus: string | null;
}

export interface QualityDashboardData {
  timeZone: string;
  months: { month: string; total: number; byHarm: Record<string, number>; byCategory: Record<string, number> }[];
  byHarm: { harmLevel: HarmLevel; count: number }[];
  byCategory: { category: string; count: number }[];
  incidentsByStatus: { status: IncidentStatus; count: number }[];
  openIncidents: number;
  actions: { open: number; awaitingVerification: number; overdue: number; effective: number; notEffective: number };
  overdueActions: CapaAction[];
  topRisks: TopRisk[];
}
