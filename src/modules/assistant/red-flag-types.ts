/**
 * The emergencies the assistant recognises, in the order it ranks them when several appear.
 * `unresponsive` (collapsed, unconscious, will not wake up, having a seizure) is an addition to the
 * seven kinds the issue names: a person who cannot answer is the emergency nobody describes in
 * symptoms.
 */
export const RED_FLAG_KINDS = ['self_harm', 'overdose', 'anaphylaxis', 'chest_pain', 'stroke', 'severe_bleeding', 'breathing',
  'unresponsive'] as const;

export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

export interface RedFlag {
  kind: RedFlagKind;
  /** The language the message is written in (mixed messages: the one with more tell-tale words). */
  language: 'en' | 'es';
  /** The words of the message that matched, as the patient wrote them, e.g. "cant breath" or "dolor de pésho". */
  matched: string;
}
