import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { markDirty } from '../modules/analytics/dirty.js';
import { createReferral, DUE_AFTER, moveReferral } from '../modules/care/referral-service.js';
import * as referralStore from '../modules/care/referral-store.js';
import { searchPatients } from '../modules/patients/service.js';

const DAY = 86_400_000;

interface DemoReferral {
  kind: 'specialty' | 'external' | 'test';
  urgency: 'routine' | 'urgent' | 'emergency';
  destination: string;
  reason: string;
  department: string;
  /** Days ago it was sent; and where it got to. */
  sentDaysAgo: number;
  end: 'sent' | 'scheduled' | 'completed' | 'result_received' | 'declined' | 'cancelled';
  /** For a result: days after sending it came back. */
  closedAfterDays?: number;
}

const REFERRALS: DemoReferral[] = [
  { kind: 'test', urgency: 'emergency', destination: 'CT head', reason: 'Fall with head strike, on anticoagulants', department: 'Primary Care', sentDaysAgo: 2, end: 'sent' },
  { kind: 'specialty', urgency: 'urgent', destination: 'Cardiology', reason: 'Chest pain on exertion for three weeks', department: 'Primary Care', sentDaysAgo: 20, end: 'scheduled' },
  { kind: 'external', urgency: 'routine', destination: 'Dr. Lee, Orthopedics, St. Mary’s Hospital', reason: 'Knee pain, failed physiotherapy', department: 'Primary Care', sentDaysAgo: 10, end: 'sent' },
  { kind: 'test', urgency: 'routine', destination: 'Echocardiogram', reason: 'New murmur', department: 'Cardiology', sentDaysAgo: 5, end: 'scheduled' },
  { kind: 'specialty', urgency: 'routine', destination: 'Dermatology', reason: 'Changing mole on the back', department: 'Primary Care', sentDaysAgo: 25, end: 'completed' },
  { kind: 'test', urgency: 'urgent', destination: 'HbA1c and lipid panel', reason: 'Diabetes review', department: 'Primary Care', sentDaysAgo: 40, end: 'result_received', closedAfterDays: 6 },
  { kind: 'specialty', urgency: 'routine', destination: 'Pediatric ENT', reason: 'Recurrent ear infections', department: 'Pediatrics', sentDaysAgo: 55, end: 'result_received', closedAfterDays: 30 },
  { kind: 'external', urgency: 'urgent', destination: 'Breast clinic, City Hospital', reason: 'Breast lump', department: 'Primary Care', sentDaysAgo: 33, end: 'result_received', closedAfterDays: 11 },
  { kind: 'test', urgency: 'routine', destination: 'Holter monitor', reason: 'Palpitations', department: 'Cardiology', sentDaysAgo: 70, end: 'result_received', closedAfterDays: 21 },
  { kind: 'specialty', urgency: 'routine', destination: 'Sleep clinic', reason: 'Snoring and daytime sleepiness', department: 'Primary Care', sentDaysAgo: 60, end: 'declined' },
  { kind: 'test', urgency: 'routine', destination: 'Chest X-ray', reason: 'Persistent cough', department: 'Primary Care', sentDaysAgo: 15, end: 'cancelled' },
  { kind: 'specialty', urgency: 'routine', destination: 'Allergy clinic', reason: 'Peanut allergy assessment', department: 'Pediatrics', sentDaysAgo: 50, end: 'sent' },
];

/** A dozen referrals of the demo clinic at every stage, some overdue, some closed weeks ago (for the Reports page). */
export async function seedDemoReferrals(platform: Platform, actor: Actor, departments: ReadonlyMap<string, string>) {
  const patients = (await searchPatients(platform, actor, { limit: 100 })).items.filter((patient) => patient.status !== 'merged');
  const touched: string[] = [];
  for (const [index, demo] of REFERRALS.entries()) {
    const patient = patients[(index * 7) % patients.length];
    if (!patient) return;
    const departmentId = departments.get(demo.department);
    const referral = await createReferral(platform, actor, {
      patientId: patient.id, kind: demo.kind, urgency: demo.urgency, destination: demo.destination, reason: demo.reason, ...(departmentId && { departmentId }),
    });
    const steps: Parameters<typeof moveReferral>[3][] = [];
    if (['scheduled', 'completed', 'result_received'].includes(demo.end)) steps.push({ status: 'scheduled', appointmentAt: new Date(Date.now() + 7 * DAY).toISOString() });
    if (['completed', 'result_received'].includes(demo.end)) steps.push({ status: 'completed' });
    if (demo.end === 'result_received') steps.push({ status: 'result_received', resultSummary: 'Seen; report received and filed. No urgent findings.' });
    if (demo.end === 'declined') steps.push({ status: 'declined', reason: 'No capacity this quarter; refer to the regional service' });
    if (demo.end === 'cancelled') steps.push({ status: 'cancelled', reason: 'Cough resolved' });
    for (const step of steps) await moveReferral(platform, actor, referral.id, step);
    // Back-date it, as if it had been sent weeks ago (the demo's history).
    const sentAt = new Date(Date.now() - demo.sentDaysAgo * DAY);
    const closedAt = demo.closedAfterDays !== undefined ? new Date(sentAt.getTime() + demo.closedAfterDays * DAY) : null;
    await referralStore.updateReferral(platform.db, actor.organizationId, referral.id, {
      sent_at: sentAt, due_at: new Date(sentAt.getTime() + DUE_AFTER[demo.urgency]),
      ...(closedAt && { result_received_at: closedAt, completed_at: closedAt, scheduled_at: sentAt }),
    });
    // UTC days, and the days either side: the clinic's own day of an instant is one of them.
    for (const at of closedAt ? [sentAt, closedAt] : [sentAt]) {
      for (const shift of [-DAY, 0, DAY]) touched.push(new Date(at.getTime() + shift).toISOString().slice(0, 10));
    }
  }
  await markDirty(platform.db, actor.organizationId, 'referrals', touched);
}
