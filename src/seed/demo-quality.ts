import type { HarmLevel, IncidentCategory } from '../db/schema-quality.js';
import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { listUsers } from '../modules/identity/service.js';
import { searchPatients } from '../modules/patients/service.js';
import { saveAnalysis } from '../modules/quality/analysis.js';
import { addAction, completeAction, verifyAction } from '../modules/quality/capa.js';
import * as capaStore from '../modules/quality/capa-store.js';
import { changeStatus, reportAnonymously, reportIncident } from '../modules/quality/incidents.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const daysAgo = (days: number, hour = 15) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(hour, 20, 0, 0);
  return at.toISOString();
};

interface DemoIncident { title: string; description: string; category: IncidentCategory; harmLevel: HarmLevel; daysAgo: number; department: string; patient?: boolean; anonymous?: boolean }

/** Six months of reports, so the dashboard's charts have a shape. */
const INCIDENTS: DemoIncident[] = [
  { title: 'Wrong patient called into the exam room', description: 'Two patients named Garcia were waiting; the wrong one was called and roomed. Noticed when the nurse checked the date of birth.', category: 'patient_identification', harmLevel: 'near_miss', daysAgo: 3, department: 'Primary Care', patient: true },
  { title: 'Reminder sent for a cancelled appointment', description: 'The patient came in for a visit cancelled the week before: the reminder had already been queued.', category: 'access_scheduling', harmLevel: 'none', daysAgo: 9, department: 'Front Desk', patient: true },
  { title: 'Amoxicillin prescribed despite a recorded allergy', description: 'The allergy was in a scanned letter, not in the allergy list. The pharmacist caught it.', category: 'medication', harmLevel: 'near_miss', daysAgo: 16, department: 'Pediatrics', patient: true },
  { title: 'Patient slipped on the wet entrance floor', description: 'Rain, no mat, no sign. Bruised wrist, seen by the on-call clinician, X-ray normal.', category: 'fall', harmLevel: 'mild', daysAgo: 27, department: 'Front Desk', patient: true },
  { title: 'Lab result not passed on for three weeks', description: 'An abnormal potassium result went to a clinician on leave; nobody else saw it until the patient called.', category: 'diagnostic_test', harmLevel: 'moderate', daysAgo: 41, department: 'Cardiology', patient: true },
  { title: 'Visitor shouted at the front desk and threw a clipboard', description: 'Nobody was hurt; the police were not called. Staff were shaken.', category: 'behaviour_security', harmLevel: 'none', daysAgo: 55, department: 'Front Desk', anonymous: true },
  { title: 'Blood pressure cuff gave readings 20 mmHg high', description: 'Two patients were told their pressure was high; the cuff failed calibration afterwards.', category: 'equipment', harmLevel: 'mild', daysAgo: 70, department: 'Cardiology', patient: true },
  { title: 'Discharge letter sent to the wrong address', description: 'The old address from a merged record was used.', category: 'privacy', harmLevel: 'none', daysAgo: 88, department: 'Administration', patient: true },
  { title: 'Vaccine fridge above 8 °C overnight', description: 'The alarm went to a phone that was off. Doses were quarantined and discarded on the manufacturer\'s advice.', category: 'equipment', harmLevel: 'near_miss', daysAgo: 104, department: 'Pediatrics' },
  { title: 'Interpreter not booked for a consent discussion', description: 'The visit went ahead with a relative interpreting; the procedure was postponed.', category: 'communication', harmLevel: 'mild', daysAgo: 131, department: 'Primary Care', patient: true },
  { title: 'Needle-stick injury while recapping', description: 'Staff member followed the exposure protocol.', category: 'treatment_procedure', harmLevel: 'mild', daysAgo: 150, department: 'Primary Care', anonymous: true },
  { title: 'Delayed call back about chest pain', description: 'A message about chest pain waited two hours in the general queue; the patient went to the emergency department and was admitted.', category: 'communication', harmLevel: 'severe', daysAgo: 168, department: 'Cardiology', patient: true },
];

/**
 * The demo clinic's quality work: a dozen incidents over six months (two anonymous), one analysed
 * with its 5 whys and fishbone and three actions (one verified, one done and waiting, one overdue),
 * and one closed after its action proved effective. Returns how many incidents it filed.
 */
export async function seedDemoQuality(platform: Platform, actor: Actor, departments: ReadonlyMap<string, string>): Promise<number> {
  const staff = await listUsers(platform, actor);
  const byRole = (role: string) => staff.find((user) => user.active && user.role === role)?.id;
  const managerId = byRole('quality_manager') ?? byRole('admin')!;
  const clinicianId = byRole('clinician') ?? managerId;
  const patients = (await searchPatients(platform, actor, { limit: 40 })).items.filter((p) => p.status === 'active').map((p) => p.id);
  const ids: string[] = [];
  for (const [index, demo] of INCIDENTS.entries()) {
    const report = {
      title: demo.title, description: demo.description, category: demo.category, harmLevel: demo.harmLevel, occurredAt: daysAgo(demo.daysAgo),
      ...(departments.get(demo.department) && { departmentId: departments.get(demo.department)! }),
      ...(demo.patient && patients[index] && { patientId: patients[index] }),
    };
    ids.push(demo.anonymous ? (await reportAnonymously(platform, actor, report)).id : (await reportIncident(platform, actor, report)).id);
  }

  // The lab result nobody saw: analysed, with actions in every state.
  const lab = ids[4]!;
  await saveAnalysis(platform, actor, lab, {
    problemStatement: 'An abnormal result waited three weeks because its only recipient was on leave',
    whys: [
      'The result went only to the ordering clinician',
      'The lab system routes results by the ordering clinician alone',
      'Nobody set a cover clinician for the leave',
      'Cover for results is not part of the leave checklist',
      'The checklist was written before electronic results',
    ],
    causes: [
      { category: 'process', text: 'No cover rule for results during leave' },
      { category: 'equipment', text: 'The lab system cannot route to a team inbox' },
      { category: 'communication', text: 'The patient was not told when to expect the result' },
      { category: 'policy', text: 'Leave checklist out of date' },
      { category: 'people', text: 'High workload in the week before leave' },
    ],
    contributingFactors: ['Summer holidays: three clinicians away', 'Result flagged abnormal only by colour'],
    rootCause: 'Results have a single named recipient and no cover when that person is away',
    completed: true,
  });
  const verified = await addAction(platform, actor, lab, { kind: 'corrective', title: 'Add results cover to the leave checklist', ownerId: managerId, dueDate: inDays(1) });
  await completeAction(platform, actor, verified.id, { note: 'Checklist updated and sent to all clinicians' });
  await verifyAction(platform, actor, verified.id, { effective: true, note: 'Audit of 20 leave periods: every one named a cover clinician' });
  const waiting = await addAction(platform, actor, lab, { kind: 'preventive', title: 'Route abnormal results to the department inbox as well', ownerId: clinicianId, dueDate: inDays(10) });
  await completeAction(platform, actor, waiting.id, { note: 'Lab system rule changed' });
  const late = await addAction(platform, actor, lab, { kind: 'preventive', title: 'Tell patients when to expect each result', ownerId: clinicianId, dueDate: inDays(3) });
  // A demo needs one action already late: its due date is moved back by hand (the API refuses a past date).
  const lateDue = new Date(Date.now() - 5 * DAY);
  await capaStore.updateAction(platform.db, actor.organizationId, late.id, { due_date: lateDue.toISOString().slice(0, 10), due_at: lateDue });

  // The wet floor: one action, verified effective, incident closed.
  const fall = ids[3]!;
  await saveAnalysis(platform, actor, fall, {
    whys: ['The floor was wet', 'There was no mat at the entrance', 'The mat was away for cleaning with no spare'],
    causes: [{ category: 'environment', text: 'Rain at opening time' }, { category: 'equipment', text: 'Only one entrance mat' }],
    contributingFactors: [], rootCause: 'No spare entrance mat', completed: true,
  });
  const mat = await addAction(platform, actor, fall, { kind: 'corrective', title: 'Buy a second entrance mat and a wet-floor sign', ownerId: managerId, dueDate: inDays(2) });
  await completeAction(platform, actor, mat.id, { note: 'Bought and in use' });
  await verifyAction(platform, actor, mat.id, { effective: true, note: 'No fall at the entrance in the rainy weeks since' });
  await changeStatus(platform, actor, fall, { status: 'closed', note: 'Spare mat and sign in place; front desk puts them out when it rains.' });

  await changeStatus(platform, actor, ids[0]!, { status: 'under_review' });
  return ids.length;
}
