// The shapes of the patient pages' and the board's APIs: the server's own TypeBox schemas, imported as types only.
import type { Static } from '@sinclair/typebox';
import type { BookingPage, PublicSlots } from '../../../../src/modules/scheduling/public-schemas.js';
import type { AnswersReceipt, CheckInReceipt as CheckIn, PatientQuestionnaires } from '../../../../src/modules/checkin/schemas.js';

export type BookingPageData = Static<typeof BookingPage>;
export type SlotList = Static<typeof PublicSlots>;
export type VisitQuestionnaires = Static<typeof PatientQuestionnaires>;
export type AnswersSaved = Static<typeof AnswersReceipt>;
export type CheckInReceipt = Static<typeof CheckIn>;
export type { PatientAppointment } from '../../../../src/modules/scheduling/public-schemas.js';
export type { Slot } from '../../../../src/modules/scheduling/schemas.js';
export type { PatientQuestionnaire, QueueBoard, QueueEntry, Questionnaire, QuestionnaireItem } from '../../../../src/modules/checkin/schemas.js';
