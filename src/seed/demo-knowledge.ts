import { createArticle } from '../modules/assistant/knowledge.js';
import type { NewArticle } from '../modules/assistant/knowledge-schemas.js';
import { systemActor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';

/**
 * The demo clinic's knowledge base, consistent with its scheduling setup (demo-scheduling.ts: two
 * locations, weekday hours 8:30-12 and 1-5, a Christmas closure, four visit types) and its flu
 * Saturdays broadcast. English, and the questions Spanish-speaking patients ask most in Spanish.
 */
export const DEMO_ARTICLES: NewArticle[] = [
  {
    title: 'Opening hours', category: 'opening_hours', language: 'en', status: 'published',
    body: 'Both of our offices, Riverside Main Street and Riverside North, are open Monday to Friday from 8:30 am to 5:00 pm. '
      + 'We close for lunch from 12:00 to 1:00 pm.\n\nWe are closed on Saturdays and Sundays, except for flu shot Saturdays in October '
      + '(9:00 am to 12:00 noon at Main Street). We are closed on Christmas Day.\n\nOutside these hours, leave us a message: we answer the next working day.',
    phrasings: ['What time do you open?', 'When are you open?', 'Are you open on Saturday?', 'What time do you close?', 'Are you open on weekends?',
      'Are you open on Christmas?', 'lunch break', 'business hours'],
  },
  {
    title: 'Our locations and how to reach us', category: 'locations', language: 'en', status: 'published',
    body: 'Riverside Main Street: 120 Main Street, Riverside. Phone +1 212 555 0140. Dr. Maya Chen and Dr. Samuel Okafor (Monday to Wednesday) see patients here.\n\n'
      + 'Riverside North: 8 Hillcrest Avenue, Riverside. Phone +1 212 555 0175. Priya Raman, our nurse practitioner for children, and Dr. Okafor (Thursday and Friday) see patients here.\n\n'
      + 'The number 4 bus stops in front of both offices.',
    phrasings: ['Where are you located?', 'What is your address?', 'How do I get to the clinic?', 'directions', 'Which office is closest?', 'phone number', 'bus'],
  },
  {
    title: 'Parking', category: 'parking', language: 'en', status: 'published',
    body: 'Main Street: free parking in our lot behind the building (entrance on Elm Street), with two accessible spaces next to the door.\n\n'
      + 'North: street parking on Hillcrest Avenue, or the Hillcrest Plaza garage across the road. Bring your garage ticket to reception: '
      + 'we validate it for two hours free.',
    phrasings: ['Where can I park?', 'Where do I leave my car?', 'Is parking free?', 'Do you have a parking lot?', 'handicap accessible parking', 'How much does parking cost?'],
  },
  {
    title: 'Services we offer', category: 'services', language: 'en', status: 'published',
    body: 'Family medicine and internal medicine for adults, care for children and teenagers with our nurse practitioner at Riverside North, '
      + 'new patient visits, follow-up visits, annual physicals and flu shots. Blood draws for lab tests are done on site at Main Street.\n\n'
      + 'We welcome new patients: book a new patient visit online or by phone.',
    phrasings: ['What services do you offer?', 'Do you see children?', 'Do you have a pediatrician?', 'Are you taking new patients?',
      'Can I get a physical?', 'Do you do blood work?'],
  },
  {
    title: 'Flu shots', category: 'services', language: 'en', status: 'published',
    body: 'Our nurse gives the seasonal flu vaccine at both offices, for everyone from 6 months old. Book a 10-minute flu shot visit online or by phone, '
      + 'or come without an appointment on Saturdays in October from 9:00 am to 12:00 noon at Main Street.',
    phrasings: ['Can I get a flu shot?', 'Do I need an appointment for a flu shot?', 'flu vaccine', 'influenza vaccination', 'walk-in flu shots'],
  },
  {
    title: 'Prices for self-pay patients', category: 'prices', language: 'en', status: 'published',
    body: 'If you pay yourself (no insurance, or a service your plan does not cover):\n\n- New patient visit: $180\n- Follow-up visit: $95\n'
      + '- Annual physical: $160\n- Flu shot: $35 (no charge with most insurance plans)\n\nWe take cards, cash and HSA/FSA cards. '
      + 'Ask us for a payment plan if a bill is hard to manage.',
    phrasings: ['How much does a visit cost?', 'How much is a flu shot?', 'self-pay prices', 'What does a physical cost?', 'payment methods', 'payment plan'],
  },
  {
    title: 'Before a blood test', category: 'preparation', language: 'en', status: 'published',
    body: 'Most blood tests need fasting: eat and drink nothing but water for 8 to 12 hours before your lab appointment. '
      + 'Morning appointments make this easier. Keep taking your usual medicines unless your doctor told you otherwise, '
      + 'and drink water so the draw is easier.',
    phrasings: ['Do I need to fast before my blood test?', 'Can I eat before my labs?', 'fasting blood work', 'lab test preparation', 'Can I drink coffee before a blood test?'],
  },
  {
    title: 'Preparing for your annual physical', category: 'preparation', language: 'en', status: 'published',
    body: 'Bring a list of your medicines and doses, your vaccination record and any questions you have. Wear comfortable clothes. '
      + 'If your doctor ordered lab tests with the physical, come fasting (water only). Arrive 15 minutes early.',
    phrasings: ['How do I prepare for my physical?', 'What should I bring to my annual physical?', 'checkup preparation'],
  },
  {
    title: 'Your first visit as a new patient', category: 'preparation', language: 'en', status: 'published',
    body: 'Please bring a photo ID, your insurance card, a list of your medicines and any records from your previous doctor. '
      + 'We text you a link to a short questionnaire before the visit; filling it in at home saves time. Arrive 15 minutes early.',
    phrasings: ['What do I need for my first appointment?', 'new patient paperwork', 'What do I bring as a new patient?'],
  },
  {
    title: 'Insurance plans we accept', category: 'insurance', language: 'en', status: 'published',
    body: 'We are in network with Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare, Oscar, Medicare and New York Medicaid (including managed Medicaid plans). '
      + 'We do not accept Humana. If your plan is not listed, call us before your visit, or see our self-pay prices.',
    phrasings: ['Do you take my insurance?', 'Do you accept Medicaid?', 'Do you take Medicare?', 'Which insurance plans do you accept?', 'Are you in network?', 'Blue Cross'],
  },
  {
    title: 'Cancelling or changing an appointment', category: 'other', language: 'en', status: 'published',
    body: 'Reply to your reminder text, use the link in your confirmation, or call your office. Please let us know at least 24 hours ahead '
      + 'so another patient can have the time.',
    phrasings: ['How do I cancel my appointment?', 'Can I reschedule?', 'change my appointment time', 'I can not make it to my appointment'],
  },
  {
    title: 'Medical records and forms', category: 'other', language: 'en', status: 'draft',
    body: 'Ask at reception or send us a message to request a copy of your records or a form (school, work, sports). We need five working days.',
    phrasings: ['How do I get my medical records?', 'school form', 'sports physical form'],
  },
  {
    title: 'Horario de atención', category: 'opening_hours', language: 'es', status: 'published',
    body: 'Nuestras dos oficinas, Riverside Main Street y Riverside North, abren de lunes a viernes de 8:30 a. m. a 5:00 p. m., '
      + 'con cierre al mediodía de 12:00 a 1:00 p. m. Cerramos sábados y domingos, salvo los sábados de vacuna contra la gripe en octubre '
      + '(9:00 a. m. a 12:00 en Main Street), y el día de Navidad.',
    phrasings: ['¿A qué hora abren?', '¿Cuál es el horario?', '¿Abren los sábados?', '¿A qué hora cierran?', 'horario de apertura'],
  },
  {
    title: 'Nuestras oficinas', category: 'locations', language: 'es', status: 'published',
    body: 'Riverside Main Street: 120 Main Street, Riverside. Teléfono +1 212 555 0140.\n\nRiverside North: 8 Hillcrest Avenue, Riverside. '
      + 'Teléfono +1 212 555 0175. Aquí atiende Priya Raman, nuestra enfermera practicante para niños.',
    phrasings: ['¿Dónde están ubicados?', '¿Cuál es la dirección?', '¿Cómo llego a la clínica?', 'teléfono'],
  },
  {
    title: 'Estacionamiento', category: 'parking', language: 'es', status: 'published',
    body: 'Main Street: estacionamiento gratuito detrás del edificio (entrada por Elm Street), con dos lugares para personas con discapacidad junto a la puerta.\n\n'
      + 'North: estacionamiento en la calle Hillcrest Avenue o en el garaje de Hillcrest Plaza, enfrente. Traiga su boleto a recepción: '
      + 'le damos dos horas gratis.',
    phrasings: ['¿Dónde puedo estacionar?', '¿Dónde aparcar?', '¿El estacionamiento es gratis?', 'garaje'],
  },
  {
    title: 'Seguros médicos que aceptamos', category: 'insurance', language: 'es', status: 'published',
    body: 'Aceptamos Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare, Oscar, Medicare y Medicaid de Nueva York (también planes administrados de Medicaid). '
      + 'No aceptamos Humana. Si su plan no aparece, llámenos antes de la visita.',
    phrasings: ['¿Aceptan mi seguro?', '¿Aceptan Medicaid?', '¿Qué seguros aceptan?', 'aseguranza'],
  },
  {
    title: 'Precios sin seguro', category: 'prices', language: 'es', status: 'published',
    body: 'Si paga usted mismo:\n\n- Primera visita (paciente nuevo): $180\n- Visita de seguimiento: $95\n- Examen físico anual: $160\n'
      + '- Vacuna contra la gripe: $35 (sin costo con la mayoría de los seguros)\n\nAceptamos tarjetas, efectivo y tarjetas HSA/FSA.',
    phrasings: ['¿Cuánto cuesta la consulta?', '¿Cuánto cuesta una visita sin seguro?', '¿Cuánto cuesta la vacuna de la gripe?', 'formas de pago'],
  },
  {
    title: 'Vacuna contra la gripe', category: 'services', language: 'es', status: 'published',
    body: 'Nuestra enfermera pone la vacuna contra la gripe en las dos oficinas, desde los 6 meses de edad. Pida una cita de 10 minutos en línea o por teléfono, '
      + 'o venga sin cita los sábados de octubre de 9:00 a. m. a 12:00 en Main Street.',
    phrasings: ['¿Puedo vacunarme contra la gripe?', '¿Necesito cita para la vacuna?', 'vacuna de la influenza'],
  },
];

/** Writes the demo clinic's articles through the knowledge service, as the demo seed. */
export async function seedDemoKnowledge(platform: Platform, organizationId: string): Promise<void> {
  const actor = systemActor(organizationId, 'cli', 'Demo seed');
  for (const article of DEMO_ARTICLES) await createArticle(platform, actor, article);
}
