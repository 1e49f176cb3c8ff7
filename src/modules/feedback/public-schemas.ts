import { Type, type Static } from '@sinclair/typebox';
import { OneOf } from '../../platform/schemas.js';
import { ITEM_KINDS } from './survey-schemas.js';

/** Schemas of the patient's survey page API. */
const Language = OneOf(['en', 'es'] as const);
const Text = Type.Union([Type.String(), Type.Null()]);

export const PatientSurvey = Type.Object({
  clinicName: Type.String(),
  language: Language,
  surveyName: Type.String(),
  intro: Text,
  introEn: Text,
  introEs: Text,
  items: Type.Array(Type.Object({
    id: Type.String(), kind: OneOf(ITEM_KINDS), text: Type.String({ description: 'in the patient\'s language' }),
    textEn: Type.String(), textEs: Type.String(), required: Type.Boolean(),
  })),
  answered: Type.Boolean(),
});

export const SurveyAnswers = Type.Object({
  answers: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Number(), Type.String({ maxLength: 2000 })]), {
    maxProperties: 40,
    description: 'by item id: nps a whole number 0-10, csat 1-5, ces 1-7, cahps never|sometimes|usually|always, text up to 2,000 characters',
  }),
  language: Type.Optional(Language),
}, { additionalProperties: false });
export type SurveyAnswers = Static<typeof SurveyAnswers>;

export const Thanks = Type.Object({ thanks: Type.Literal(true) });
