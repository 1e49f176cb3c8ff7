// How the quality screens name harm levels, categories, statuses and fishbone bones.
import type { CapaStatus, FishboneCategory, HarmLevel, IncidentStatus } from '../../types-quality.js';

/** The AHRQ Common Formats harm scale, with near miss (the event did not reach the patient). */
export const HARM_LEVELS: { value: HarmLevel; label: string; hint: string; color: string }[] = [
  { value: 'near_miss', label: 'Near miss', hint: 'did not reach the patient', color: 'teal.7' },
  { value: 'none', label: 'No harm', hint: 'reached the patient, no harm', color: 'blue.7' },
  { value: 'mild', label: 'Mild harm', hint: 'minimal symptoms or loss of function', color: 'yellow.6' },
  { value: 'moderate', label: 'Moderate harm', hint: 'bodily or psychological injury affecting function', color: 'orange.7' },
  { value: 'severe', label: 'Severe harm', hint: 'major injury, intervention to sustain life', color: 'red.8' },
  { value: 'death', label: 'Death', hint: 'death caused or brought forward', color: 'dark.7' },
];
export const harmLabel = (value: string) => HARM_LEVELS.find((h) => h.value === value)?.label ?? value;
export const harmColor = (value: string) => (HARM_LEVELS.find((h) => h.value === value)?.color ?? 'gray').split('.')[0]!;

export const CATEGORIES: { value: string; label: string }[] = [
  { value: 'medication', label: 'Medication' },
  { value: 'fall', label: 'Fall' },
  { value: 'patient_identification', label: 'Patient identification' },
  { value: 'diagnostic_test', label: 'Diagnostic test (lab, imaging)' },
  { value: 'treatment_procedure', label: 'Treatment or procedure' },
  { value: 'infection', label: 'Infection' },
  { value: 'equipment', label: 'Equipment or device' },
  { value: 'communication', label: 'Communication' },
  { value: 'access_scheduling', label: 'Access and scheduling' },
  { value: 'privacy', label: 'Privacy' },
  { value: 'behaviour_security', label: 'Behaviour or security' },
  { value: 'facility', label: 'Facility' },
  { value: 'other', label: 'Other' },
];
export const categoryLabel = (value: string) => CATEGORIES.find((c) => c.value === value)?.label ?? value;

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: 'Reported', under_review: 'Under review', investigating: 'Investigating', actions_open: 'Actions under way', closed: 'Closed',
};
export const STATUS_COLORS: Record<IncidentStatus, string> = {
  reported: 'blue', under_review: 'grape', investigating: 'orange', actions_open: 'yellow', closed: 'gray',
};
/** What the button that moves an incident to a status says. */
export const MOVE_LABELS: Record<IncidentStatus, string> = {
  reported: 'Reported', under_review: 'Start the review', investigating: 'Start the investigation', actions_open: 'Actions under way', closed: 'Close the incident',
};

export const FISHBONE: { value: FishboneCategory; label: string }[] = [
  { value: 'people', label: 'People' },
  { value: 'process', label: 'Process' },
  { value: 'equipment', label: 'Equipment' },
  { value: 'environment', label: 'Environment' },
  { value: 'communication', label: 'Communication' },
  { value: 'policy', label: 'Policy' },
];

export const ACTION_STATUS: Record<CapaStatus, { label: string; color: string }> = {
  open: { label: 'Open', color: 'blue' },
  completed: { label: 'Done, to verify', color: 'grape' },
  effective: { label: 'Verified effective', color: 'green' },
  not_effective: { label: 'Not effective', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

export const SOURCE_LABELS = { staff: 'Staff report', complaint: 'Complaint', recovery_case: 'Escalated recovery case' } as const;
