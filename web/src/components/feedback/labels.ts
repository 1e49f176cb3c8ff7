// How the feedback screens name triggers, question kinds, scores and outcomes.
import type { ItemKind, Outcome, SurveyTrigger } from './types.js';

export const TRIGGERS: { value: SurveyTrigger; label: string }[] = [
  { value: 'visit_completed', label: 'After a visit' },
  { value: 'conversation_resolved', label: 'After a conversation is resolved' },
  { value: 'referral_completed', label: 'After a referral is completed' },
  { value: 'manual', label: 'Manual only' },
];
export const triggerLabel = (trigger: SurveyTrigger) => TRIGGERS.find((t) => t.value === trigger)?.label ?? trigger;

export const KINDS: { value: ItemKind; label: string }[] = [
  { value: 'nps', label: 'NPS: likely to recommend, 0–10' },
  { value: 'csat', label: 'CSAT: satisfaction, 1–5' },
  { value: 'ces', label: 'Effort: easy, 1–7' },
  { value: 'cahps', label: 'CAHPS-style: never to always' },
  { value: 'text', label: 'Free text' },
];
export const kindLabel = (kind: ItemKind) => KINDS.find((k) => k.value === kind)?.label ?? kind;

/** A question to start from when a kind is picked, so a new survey reads well without typing. */
export const STARTER_QUESTIONS: Record<ItemKind, { key: string; text: string; textEs: string }> = {
  nps: { key: 'recommend', text: 'How likely are you to recommend our clinic to a friend or family member?', textEs: '¿Qué tan probable es que recomiende nuestra clínica a un amigo o familiar?' },
  csat: { key: 'satisfaction', text: 'How satisfied are you with your visit?', textEs: '¿Qué tan satisfecho está con su visita?' },
  ces: { key: 'effort', text: 'It was easy to get the care I needed.', textEs: 'Fue fácil obtener la atención que necesitaba.' },
  cahps: { key: 'courtesy', text: 'How often did the staff treat you with courtesy and respect?', textEs: '¿Con qué frecuencia el personal le trató con cortesía y respeto?' },
  text: { key: 'comment', text: 'Is there anything we could do better?', textEs: '¿Hay algo que podamos hacer mejor?' },
};

export type NpsGroup = 'promoter' | 'passive' | 'detractor';
export const npsGroup = (score: number): NpsGroup => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
export const GROUP_LABELS: Record<NpsGroup, string> = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' };
// Dark text on light badges keeps the contrast axe asks for.
export const GROUP_COLORS: Record<NpsGroup, string> = { promoter: 'green', passive: 'yellow', detractor: 'red' };

export const csatColor = (score: number) => (score >= 4 ? 'green' : score === 3 ? 'yellow' : 'red');
export const cesColor = (score: number) => (score >= 5 ? 'green' : score === 4 ? 'yellow' : 'red');

export const OUTCOMES: { value: Outcome; label: string; hint: string }[] = [
  { value: 'resolved', label: 'Resolved', hint: 'We reached the patient and the problem is settled.' },
  { value: 'escalated', label: 'Escalated to an incident', hint: 'A safety or quality problem that the quality team must review.' },
  { value: 'no_contact', label: 'No contact', hint: 'We tried and could not reach the patient.' },
];
export const outcomeLabel = (outcome: Outcome | null) => OUTCOMES.find((o) => o.value === outcome)?.label ?? '—';

const REASONS: Record<string, string> = { nps_detractor: 'NPS detractor', csat_low: 'Low CSAT', complaint_words: 'Complaint words' };
/** A case's reasons as staff read them ("nps_detractor" → "NPS detractor"); unknown codes stay as they are. */
export const reasonLabel = (reason: string) => REASONS[reason] ?? reason.replace(/_/g, ' ');

/** "in 3 hours", "2 days ago": how far a due time is from now. */
export function relative(timestamp: string, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const minutes = Math.round((Date.parse(timestamp) - now) / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 24 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}
