/** The emergencies the assistant recognises, in the order it ranks them when several appear. */
export const RED_FLAG_KINDS = ['self_harm', 'overdose', 'anaphylaxis', 'chest_pain', 'stroke', 'severe_bleeding', 'breathing'] as const;

export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

export interface RedFlag {
  kind: RedFlagKind;
  /** The language the message is written in (mixed messages: the one with more tell-tale words). */
  language: 'en' | 'es';
  /** The words of the message that matched, as the patient wrote them, e.g. "cant breath" or "dolor de pésho". */
  matched: string;
}
