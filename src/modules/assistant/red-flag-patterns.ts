import { joined, lexicon, type Lexicon } from './red-flag-match.js';
import type { RedFlagKind } from './red-flag-types.js';
import * as words from './red-flag-vocabulary.js';

/**
 * What each emergency looks like in a message: terms in order, at most `gap` words apart.
 * `requires` must appear somewhere in the message (an allergen before "my lips are swelling");
 * `unless` must not appear in the same sentence (a dentist's numbing, gums after a cleaning).
 */
export interface RedFlagPattern {
  kind: RedFlagKind;
  terms: Lexicon[];
  gap: number;
  requires?: Lexicon;
  unless?: Lexicon;
}

type Options = Pick<RedFlagPattern, 'requires' | 'unless'>;

const one = (kind: RedFlagKind, term: Lexicon, options: Options = {}): RedFlagPattern[] => [{ kind, terms: [term], gap: 0, ...options }];
const inOrder = (kind: RedFlagKind, gap: number, terms: Lexicon[], options: Options = {}): RedFlagPattern[] => [{ kind, terms, gap, ...options }];
/** Either order: "chest pain" and "pain in my chest", "cara caída" and "se le cae la cara". */
const near = (kind: RedFlagKind, gap: number, a: Lexicon, b: Lexicon, options: Options = {}): RedFlagPattern[] => [
  { kind, terms: [a, b], gap, ...options }, { kind, terms: [b, a], gap, ...options },
];

export const PATTERNS: RedFlagPattern[] = [
  ...one('self_harm', words.SELF_HARM),
  ...one('self_harm', words.KILL_SELF),
  ...inOrder('self_harm', 3, [words.INTENT, words.HARM_SELF]),
  ...inOrder('self_harm', 2, [words.WANT_TO_DIE, words.DIE]),
  ...inOrder('self_harm', 3, [words.INTENT, words.TAKE_NOW, words.PILLS]),
  ...inOrder('self_harm', 4, [words.INTENT, words.TAKE_NOW, words.MANY, words.PILLS]),
  ...inOrder('self_harm', 3, [words.INTENT, words.TAKE_NOW, words.THEM_ALL]),
  ...inOrder('self_harm', 1, [words.INTENT, words.END_IT]),
  ...inOrder('self_harm', 2, [words.INTENT, words.OVERDOSE]),

  ...one('overdose', words.OVERDOSE, { unless: words.FOOD }),
  ...inOrder('overdose', 0, [words.OD_WHO, words.OD]),
  ...inOrder('overdose', 3, [words.TOOK, words.MANY, words.PILLS], { unless: words.DAILY }),
  ...inOrder('overdose', 2, [words.TOO_MANY, words.PILLS], { unless: words.DAILY }),
  ...inOrder('overdose', 4, [words.SWALLOWED, words.PILLS], { requires: words.CHILD }),
  ...inOrder('overdose', 3, [words.PILLS, words.SWALLOWED], { requires: words.CHILD }),
  ...inOrder('overdose', 1, [words.TOOK, words.TOO_MANY], { requires: words.PILLS }),
  ...inOrder('overdose', 4, [words.TOOK, words.POISON_SUBSTANCE]),

  ...one('anaphylaxis', words.ANAPHYLAXIS, { unless: words.EPIPEN_ERRAND }),
  ...one('anaphylaxis', words.ALLERGIC_REACTION, { unless: words.MILD }),
  ...near('anaphylaxis', 4, words.THROAT, words.CLOSING),
  // A swelling throat is an airway in danger whatever the cause: in doubt, it flags.
  ...near('anaphylaxis', 3, words.THROAT, words.SWELL, { unless: words.THROAT_SWELL_EXPLAINED }),
  ...near('anaphylaxis', 3, words.MOUTH_PARTS, words.SWELL, { unless: words.LIP_EXPLAINED }),
  ...near('anaphylaxis', 4, words.FACE_OR_EYES, words.SWELL, { requires: words.ALLERGY }),
  ...one('anaphylaxis', words.CANNOT_SWALLOW, { requires: words.ALLERGY }),

  ...one('stroke', words.STROKE),
  ...near('stroke', 4, words.FACE, words.DROOP, { unless: words.NUMB_EXPLAINED }),
  ...near('stroke', 4, words.FACE, words.ONE_SIDE, { unless: words.NUMB_EXPLAINED }),
  ...one('stroke', words.VISION_LOSS),
  ...near('stroke', 4, words.LIMB, words.WEAK, { unless: words.NUMB_EXPLAINED }),
  ...near('stroke', 2, words.SPEECH, words.ODD_SPEECH),
  ...one('stroke', words.SPEECH_TROUBLE),
  ...inOrder('stroke', 2, [words.CANNOT, words.TALK, words.CLEARLY]),
  ...inOrder('stroke', 3, [words.SUDDENLY, words.CANNOT, words.TALK]),
  ...one('stroke', words.WORST_HEADACHE),

  ...one('chest_pain', words.HEART_ATTACK, { unless: words.BRAIN }),
  ...near('chest_pain', 5, words.CHEST, words.PAIN, { unless: words.BREASTFEEDING }),
  ...near('chest_pain', 4, words.CHEST, words.PRESSURE, { unless: words.BREASTFEEDING }),
  ...near('chest_pain', 3, words.HEART, words.PAIN),
  ...near('chest_pain', 4, words.LEFT_ARM, words.PAIN),

  ...one('severe_bleeding', words.BLEEDING_EMERGENCY),
  ...near('severe_bleeding', 4, words.BLEED, words.HEAVY_BLEEDING, { unless: words.GUMS }),
  ...near('severe_bleeding', 3, words.BLOOD, words.HEAVY_BLEEDING, { unless: words.GUMS }),
  ...inOrder('severe_bleeding', 2, [words.VOMIT, words.BLOOD]),
  ...one('severe_bleeding', words.BLEED, { unless: joined(words.MINOR_BLEEDING, words.GUMS) }),

  ...inOrder('breathing', 3, [words.BREATHING_BLOCKED, words.BREATHE], { unless: words.NOSE }),
  ...inOrder('breathing', 0, [words.BREATHING_STOPPED, words.BREATHE]),
  ...inOrder('breathing', 3, [words.BREATHE, words.BREATHING_BAD], { unless: words.NOSE }),
  ...inOrder('breathing', 2, [words.BREATHING_BLOCKED, words.AIR]),
  ...one('breathing', words.OUT_OF_BREATH, { unless: words.EXERTION }),
  ...one('breathing', words.NO_AIR),
  ...one('breathing', words.CHOKING),
  ...one('breathing', words.ASTHMA),
  ...inOrder('breathing', 3, [words.NOT_SURE_IF, words.BREATHE]),

  ...one('unresponsive', words.UNRESPONSIVE, { unless: words.SEIZURE_ERRAND }),
];

/**
 * Phrases that contain a red-flag word but are everyday clinic talk. They are blanked out before
 * matching, so "chest X-ray appointment" is not chest pain, while "chest X-ray because my chest
 * hurts" still is (the second "chest" remains).
 */
export const HARMLESS_PHRASES = lexicon('stroke of luck', 'stroke of genius', 'stroke rehab', 'stroke support', 'stroke clinic',
  'stroke prevention', 'stroke risk', 'stroke awareness', 'stroke class', 'stroke survivors', 'chest x ray', 'chest xray',
  'chest xrays', 'chest ct', 'chest scan', 'chest hair', 'chest of drawers', 'radiografia de torax', 'radiografia de pecho',
  'radiografia del pecho', 'radiografia del torax', 'rayos x de pecho', 'rayos x del pecho', 'rayos x de torax',
  'rayos x del torax', 'breathing exercise', 'breathing exercises', 'breathing class', 'breathing test', 'breathing treatment',
  'breathing treatments', 'side effect', 'side effects', 'blood pressure', 'presion arterial', 'presion alta', 'presion baja',
  'food poisoning', 'intoxicacion alimentaria', 'intoxicacion por comida', 'poison ivy', 'poison oak', 'hiedra venenosa',
  'efecto secundario', 'efectos secundarios', 'ejercicios de respiracion', 'clase de respiracion', 'prueba de respiracion',
  'cpr class', 'first aid', 'primeros auxilios', 'heart rate', 'dying to', 'me muero de', 'talk right now',
  'speak right now', 'hablar ahorita', 'hablar ahora', 'die of boredom', 'die of embarrassment', 'die laughing', 'morir de risa',
  'muero de risa', 'morir de verguenza', 'heart attack risk', 'riesgo de infarto', 'air conditioning', 'aire acondicionado',
  'die my hair', 'die his hair', 'die her hair', 'speak english', 'speak spanish', 'hablar ingles', 'habla ingles', 'hablar espanol',
  'habla espanol');
