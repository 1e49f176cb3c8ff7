import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { listUsers } from '../modules/identity/service.js';
import { addFailureMode, addStep, changeFailureMode, createWorksheet } from '../modules/quality/fmea-service.js';
import type { NewFailureMode } from '../modules/quality/fmea-schemas.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

type DemoFailureMode = Omit<NewFailureMode, 'stepId'> & { step: number; done?: { actionTaken: string; severityAfter: number; occurrenceAfter: number; detectionAfter: number } };

interface DemoWorksheet {
  title: string;
  process: string;
  scope: string;
  team: string[];
  status: 'draft' | 'in_review' | 'completed';
  steps: string[];
  failureModes: DemoFailureMode[];
}

const WORKSHEETS: DemoWorksheet[] = [
  {
    title: 'Appointment reminders',
    process: 'From the booking to the reminder reaching the patient and the patient\'s answer (C, R, X) being recorded.',
    scope: 'Text and e-mail reminders of every location; phone reminders are out of scope.',
    team: ['Front desk lead', 'Nurse manager', 'Quality manager', 'IT support', 'Patient representative'],
    status: 'in_review',
    steps: ['Book the visit and record contact details', 'Plan the reminders', 'Send the reminder', 'Patient answers', 'Update the schedule'],
    failureModes: [
      {
        step: 1, failureMode: 'Old or mistyped mobile number kept', effect: 'Reminder never arrives; the visit is missed', cause: 'Number not read back at booking',
        currentControls: 'None', severity: 6, occurrence: 6, detection: 7,
        recommendedAction: 'Read the number back at every booking; flag numbers that bounced', actionDueOn: inDays(-10),
        done: { actionTaken: 'Booking screen asks to confirm the number; bounced numbers are flagged on the patient page', severityAfter: 6, occurrenceAfter: 3, detectionAfter: 3 },
      },
      {
        step: 2, failureMode: 'Reminder planned for a visit later cancelled', effect: 'Patient comes in for a cancelled visit', cause: 'Reminder queued before the cancellation',
        currentControls: 'Sender re-reads the visit before sending', severity: 4, occurrence: 3, detection: 3,
      },
      {
        step: 3, failureMode: 'SMS provider outage', effect: 'A whole day of reminders is late', cause: 'Single provider, no alert on failures',
        currentControls: 'Outbox retries', severity: 5, occurrence: 3, detection: 6, recommendedAction: 'Alert the front desk when failures pass 5% in an hour', actionDueOn: inDays(14),
      },
      {
        step: 3, failureMode: 'Reminder in the wrong language', effect: 'Patient does not understand the time or the preparation', cause: 'Language not recorded',
        currentControls: 'Language asked at registration', severity: 5, occurrence: 4, detection: 8, recommendedAction: 'Ask the language at every booking for patients without one', actionDueOn: inDays(-3),
      },
      {
        step: 4, failureMode: 'Answer "X" misread as a confirmation', effect: 'Slot stays blocked; the waitlist is not offered it', cause: 'Free-text answers',
        currentControls: 'Unclear answers go to the inbox', severity: 3, occurrence: 2, detection: 4,
      },
      {
        step: 5, failureMode: 'Preparation instructions missing for a fasting test', effect: 'Test cannot be done; the patient comes back another day', cause: 'Instructions not attached to the service',
        currentControls: 'Nurse phones some patients', severity: 7, occurrence: 4, detection: 6, recommendedAction: 'Attach preparation text to every service that needs it', actionDueOn: inDays(30),
      },
    ],
  },
  {
    title: 'Referral hand-off',
    process: 'From the clinician\'s decision to refer to the result reaching the referring clinician and the patient.',
    scope: 'Specialty and test referrals sent by the clinic; referrals received from outside are out of scope.',
    team: ['Referral coordinator', 'Primary care physician', 'Quality manager'],
    status: 'draft',
    steps: ['Decide and write the referral', 'Send it', 'Specialist books the patient', 'Result comes back', 'Result is explained to the patient'],
    failureModes: [
      {
        step: 2, failureMode: 'Referral sent but never received', effect: 'Diagnosis delayed by weeks', cause: 'Fax with no confirmation',
        currentControls: 'None', severity: 8, occurrence: 4, detection: 8, recommendedAction: 'Overdue referral worklist by urgency; call after 5 days without booking', actionDueOn: inDays(21),
      },
      {
        step: 4, failureMode: 'Abnormal result filed without being read', effect: 'Serious condition left untreated', cause: 'Result goes to a clinician on leave',
        currentControls: 'Clinician checks the inbox when back', severity: 9, occurrence: 3, detection: 7, recommendedAction: 'Results of absent clinicians go to the covering clinician', actionDueOn: inDays(7),
      },
      {
        step: 5, failureMode: 'Patient not told a normal result', effect: 'Anxiety and calls to the clinic', cause: 'No step for normal results',
        currentControls: 'Patient can call', severity: 3, occurrence: 6, detection: 5,
      },
    ],
  },
];

/** Two demo FMEA worksheets: appointment reminders (in review, with one action done and scored again) and referral hand-off (draft). */
export async function seedDemoFmea(platform: Platform, actor: Actor): Promise<void> {
  const staff = await listUsers(platform, actor);
  const owner = staff.find((user) => user.role === 'quality_manager' && user.active) ?? staff.find((user) => user.active);
  for (const demo of WORKSHEETS) {
    const sheet = await createWorksheet(platform, actor, { title: demo.title, process: demo.process, scope: demo.scope, team: demo.team, status: demo.status });
    let stepIds: string[] = [];
    for (const name of demo.steps) stepIds = (await addStep(platform, actor, sheet.id, { name })).steps.map((step) => step.id);
    for (const { step, done, ...fields } of demo.failureModes) {
      const added = await addFailureMode(platform, actor, sheet.id, {
        ...fields, stepId: stepIds[step - 1]!, ...(fields.recommendedAction && owner && { actionOwnerId: owner.id }),
      });
      if (!done) continue;
      const failureModeId = added.failureModes.find((f) => f.failureMode === fields.failureMode)!.id;
      await changeFailureMode(platform, actor, sheet.id, failureModeId, { ...done, actionStatus: 'completed' });
    }
  }
}
