import { setTarget } from '../modules/analytics/targets.js';
import { answerByLink } from '../modules/feedback/answers.js';
import { sendManually } from '../modules/feedback/invitations.js';
import { surveyLink } from '../modules/feedback/survey-links.js';
import { createSurvey } from '../modules/feedback/surveys.js';
import { listProviders, listServices } from '../modules/scheduling/setup-service.js';
import { searchPatients } from '../modules/patients/service.js';
import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';
import { seedDemoHistory } from './demo-history.js';

const AFTER_VISIT = [
  { id: 'nps', key: 'recommend', kind: 'nps' as const, text: 'How likely are you to recommend Riverside Family Clinic to a friend or family member?', textEs: '¿Qué tan probable es que recomiende Riverside Family Clinic a un amigo o familiar?', required: true },
  { id: 'csat', key: 'visit_satisfaction', kind: 'csat' as const, text: 'How satisfied were you with your visit?', textEs: '¿Qué tan satisfecho quedó con su visita?', required: false },
  { id: 'courtesy', key: 'courtesy', kind: 'cahps' as const, text: 'How often did the office staff treat you with courtesy and respect?', textEs: '¿Con qué frecuencia el personal lo trató con cortesía y respeto?', required: false },
  { id: 'comment', key: 'comment', kind: 'text' as const, text: 'Anything we could do better?', textEs: '¿Algo que podamos mejorar?', required: false },
];

/** Live unhappy answers given through the patient's link, so the recovery worklist has cases in it. */
const LIVE_ANSWERS = [
  { nps: 3, csat: 2, courtesy: 'sometimes', comment: 'Waited 50 minutes and nobody told me why.' },
  { nps: 6, csat: 3, courtesy: 'usually', comment: '' },
  { nps: 9, csat: 5, courtesy: 'always', comment: 'The receptionist was rude on the phone, the doctor was great.' },
];

/**
 * The demo clinic's feedback loop: a post-visit survey and a post-conversation one, four months
 * of history for the Reports page, three fresh answers (two open recovery cases and a complaint),
 * and targets on the main KPIs.
 */
export async function seedDemoFeedback(platform: Platform, actor: Actor, departments: ReadonlyMap<string, string>, agentId: string | null) {
  const afterVisit = await createSurvey(platform, actor, {
    name: 'After your visit', trigger: 'visit_completed', delayMinutes: 120, throttleDays: 30,
    intro: 'Thank you for visiting us. Three quick questions, under a minute.', introEs: 'Gracias por visitarnos. Tres preguntas rápidas, menos de un minuto.',
    items: AFTER_VISIT,
  });
  await createSurvey(platform, actor, {
    name: 'After your conversation', trigger: 'conversation_resolved', delayMinutes: 60, throttleDays: 30,
    items: [
      { id: 'csat', key: 'conversation_satisfaction', kind: 'csat', text: 'How satisfied are you with the help you got?', textEs: '¿Qué tan satisfecho está con la ayuda que recibió?', required: true },
      { id: 'ces', key: 'effort', kind: 'ces', text: 'It was easy to get what I needed.', textEs: 'Fue fácil obtener lo que necesitaba.', required: false },
    ],
  });

  const everyone = (await searchPatients(platform, actor, { limit: 200 })).items.map((patient) => patient.id);
  // The live answers come from patients the history never surveyed (the 30-day throttle would hold them back).
  const patientIds = everyone.slice(0, -LIVE_ANSWERS.length);
  const fresh = everyone.slice(-LIVE_ANSWERS.length);
  const services = await listServices(platform, actor);
  const providers = await listProviders(platform, actor);
  const moods = [0.12, -0.12, 0.04, 0.08];
  await seedDemoHistory(platform, {
    organizationId: actor.organizationId, patientIds, agentId,
    survey: { id: afterVisit.id, items: AFTER_VISIT },
    departmentIds: ['Front Desk', 'Primary Care', 'Pediatrics', 'Cardiology'].map((name) => departments.get(name)).filter((id) => id !== undefined),
    providers: providers.map((provider, index) => {
      const offered = services.filter((service) => service.offerings.some((offering) => offering.providerId === provider.id));
      return {
        id: provider.id, departmentId: provider.departmentId, mood: moods[index % moods.length]!,
        locationIds: [...new Set(offered.flatMap((service) => service.offerings.filter((o) => o.providerId === provider.id).map((o) => o.locationId)))],
        serviceIds: offered.map((service) => ({ id: service.id, minutes: service.durationMinutes })),
      };
    }).filter((provider) => provider.serviceIds.length > 0),
  });

  for (const [index, answer] of LIVE_ANSWERS.entries()) {
    const invitation = await sendManually(platform, actor, afterVisit.id, fresh[index]!);
    const token = surveyLink(platform, { id: invitation.id, organization_id: actor.organizationId }, new Date(Date.now() + 86_400_000)).split('/s/')[1]!;
    await answerByLink(platform, token, { answers: { nps: answer.nps, csat: answer.csat, courtesy: answer.courtesy, ...(answer.comment && { comment: answer.comment }) } });
  }

  const targets: [string, number, number][] = [
    ['nps', 50, 30], ['csat', 85, 75], ['no_show_rate', 8, 12], ['first_response_avg', 1_800, 3_600], ['wait_avg', 900, 1_200], ['response_rate', 40, 25],
  ];
  for (const [kpi, green, amber] of targets) await setTarget(platform, actor, { kpi, departmentId: null, green, amber });
}
