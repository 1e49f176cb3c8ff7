import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { fhirError } from './outcome.js';

/**
 * The parts of FHIR resources Careloop reads when a client writes one. Every element FHIR defines
 * for the resource is accepted (those Careloop does not keep are ignored, see docs/fhir-import.md);
 * a field FHIR does not define is refused with 400, so a typo is never silently dropped.
 */

const Str = (max = 1000) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
/** Any element may carry an id and extensions; Careloop keeps neither. */
const element = <T extends TProperties>(properties: T) =>
  Type.Object({ id: Opt(Type.String()), extension: Opt(Type.Array(Type.Unknown())), ...properties }, { additionalProperties: false });

const Coding = element({ system: Opt(Str()), version: Opt(Str()), code: Opt(Str()), display: Opt(Str()), userSelected: Opt(Type.Boolean()) });
export const CodeableConcept = element({ coding: Opt(Type.Array(Coding)), text: Opt(Str()) });
const Period = element({ start: Opt(Str()), end: Opt(Str()) });
export const Reference = element({ reference: Opt(Str(500)), type: Opt(Str()), identifier: Opt(Type.Unknown()), display: Opt(Str()) });
export const Identifier = element({ use: Opt(Str()), type: Opt(CodeableConcept), system: Opt(Str()), value: Opt(Str()), period: Opt(Period), assigner: Opt(Reference) });
const HumanName = element({
  use: Opt(Str()), text: Opt(Str()), family: Opt(Str()), given: Opt(Type.Array(Str())), prefix: Opt(Type.Array(Str())), suffix: Opt(Type.Array(Str())), period: Opt(Period),
});
const ContactPoint = element({ system: Opt(Str()), value: Opt(Str()), use: Opt(Str()), rank: Opt(Type.Integer({ minimum: 1 })), period: Opt(Period) });
const Address = element({
  use: Opt(Str()), type: Opt(Str()), text: Opt(Str()), line: Opt(Type.Array(Str())), city: Opt(Str()), district: Opt(Str()),
  state: Opt(Str()), postalCode: Opt(Str()), country: Opt(Str()), period: Opt(Period),
});
const Narrative = element({ status: Str(), div: Type.String() });
const Meta = element({
  versionId: Opt(Str()), lastUpdated: Opt(Str()), source: Opt(Str()), profile: Opt(Type.Array(Str())),
  security: Opt(Type.Array(Coding)), tag: Opt(Type.Array(Coding)),
});

/** What every resource may carry at its top: Careloop keeps none of it. */
const resource = <T extends TProperties>(type: string, properties: T) => Type.Object({
  resourceType: Type.Literal(type),
  id: Opt(Type.String({ maxLength: 64 })),
  meta: Opt(Meta),
  implicitRules: Opt(Str()),
  language: Opt(Str()),
  text: Opt(Narrative),
  contained: Opt(Type.Array(Type.Unknown())),
  extension: Opt(Type.Array(Type.Unknown())),
  ...properties,
}, { additionalProperties: false });

/** Elements Careloop does not keep: accepted, not stored. */
const ignored = (...names: string[]) => Object.fromEntries(names.map((name) => [name, Opt(Type.Unknown())]));

export const PatientInput = resource('Patient', {
  identifier: Opt(Type.Array(Identifier)),
  active: Opt(Type.Boolean()),
  name: Opt(Type.Array(HumanName)),
  telecom: Opt(Type.Array(ContactPoint)),
  gender: Opt(Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('other'), Type.Literal('unknown')])),
  birthDate: Opt(Type.String()),
  address: Opt(Type.Array(Address)),
  communication: Opt(Type.Array(element({ language: CodeableConcept, preferred: Opt(Type.Boolean()) }))),
  ...ignored('deceasedBoolean', 'deceasedDateTime', 'maritalStatus', 'multipleBirthBoolean', 'multipleBirthInteger', 'photo', 'contact', 'generalPractitioner', 'managingOrganization', 'link'),
});
export type PatientInput = Static<typeof PatientInput>;

export const PractitionerInput = resource('Practitioner', {
  identifier: Opt(Type.Array(Identifier)),
  active: Opt(Type.Boolean()),
  name: Opt(Type.Array(HumanName)),
  qualification: Opt(Type.Array(element({ identifier: Opt(Type.Array(Identifier)), code: CodeableConcept, period: Opt(Period), issuer: Opt(Reference) }))),
  ...ignored('telecom', 'address', 'gender', 'birthDate', 'photo', 'communication'),
});
export type PractitionerInput = Static<typeof PractitionerInput>;

const Participant = element({
  type: Opt(Type.Array(CodeableConcept)), actor: Opt(Reference), required: Opt(Str()), status: Str(), period: Opt(Period),
});

export const AppointmentInput = resource('Appointment', {
  identifier: Opt(Type.Array(Identifier)),
  status: Str(),
  cancelationReason: Opt(CodeableConcept),
  serviceType: Opt(Type.Array(CodeableConcept)),
  appointmentType: Opt(CodeableConcept),
  description: Opt(Str(2000)),
  start: Opt(Str()),
  end: Opt(Str()),
  minutesDuration: Opt(Type.Integer({ minimum: 1 })),
  slot: Opt(Type.Array(Reference)),
  created: Opt(Str()),
  comment: Opt(Str(2000)),
  participant: Type.Array(Participant, { minItems: 1 }),
  ...ignored('serviceCategory', 'specialty', 'reasonCode', 'reasonReference', 'priority', 'supportingInformation', 'patientInstruction', 'basedOn', 'requestedPeriod'),
});
export type AppointmentInput = Static<typeof AppointmentInput>;

const Answer = element({
  valueBoolean: Opt(Type.Boolean()), valueDecimal: Opt(Type.Number()), valueInteger: Opt(Type.Integer()), valueString: Opt(Type.String({ maxLength: 2000 })),
  valueCoding: Opt(Coding), valueDate: Opt(Str()), valueDateTime: Opt(Str()), valueTime: Opt(Str()), valueUri: Opt(Str()),
  item: Opt(Type.Array(Type.Unknown())),
});
const QuestionItem = element({ linkId: Str(64), definition: Opt(Str()), text: Opt(Str(2000)), answer: Opt(Type.Array(Answer)), item: Opt(Type.Array(Type.Unknown())) });

export const QuestionnaireResponseInput = resource('QuestionnaireResponse', {
  identifier: Opt(Identifier),
  basedOn: Opt(Type.Array(Reference)),
  partOf: Opt(Type.Array(Reference)),
  questionnaire: Opt(Str(500)),
  status: Str(),
  subject: Opt(Reference),
  encounter: Opt(Reference),
  authored: Opt(Str()),
  author: Opt(Reference),
  source: Opt(Reference),
  item: Opt(Type.Array(QuestionItem)),
});
export type QuestionnaireResponseInput = Static<typeof QuestionnaireResponseInput>;

export const CommunicationInput = resource('Communication', {
  identifier: Opt(Type.Array(Identifier)),
  basedOn: Opt(Type.Array(Reference)),
  partOf: Opt(Type.Array(Reference)),
  inResponseTo: Opt(Type.Array(Reference)),
  status: Str(),
  category: Opt(Type.Array(CodeableConcept)),
  medium: Opt(Type.Array(CodeableConcept)),
  subject: Opt(Reference),
  topic: Opt(CodeableConcept),
  encounter: Opt(Reference),
  sent: Opt(Str()),
  received: Opt(Str()),
  recipient: Opt(Type.Array(Reference)),
  sender: Opt(Reference),
  payload: Opt(Type.Array(element({ contentString: Opt(Type.String({ maxLength: 5000 })), contentAttachment: Opt(Type.Unknown()), contentReference: Opt(Reference) }))),
  ...ignored('instantiatesCanonical', 'instantiatesUri', 'statusReason', 'priority', 'about', 'reasonCode', 'reasonReference', 'note'),
});
export type CommunicationInput = Static<typeof CommunicationInput>;

const checks = new Map<TSchema, TypeCheck<TSchema>>();

/** The FHIRPath-like location of a TypeBox error path: /name/0/given → Patient.name[0].given. */
const expressionOf = (type: string, path: string) =>
  `${type}${path.split('/').filter(Boolean).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;

/**
 * Checks a body against one of the input shapes: the resourceType first (a Patient sent to
 * /Appointment is refused as such), then every element; the first problems are reported.
 */
export function parseResource<T extends TObject>(schema: T, type: string, body: unknown): Static<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fhirError(400, 'structure', `The body must be a FHIR ${type} resource (a JSON object).`);
  const sent = (body as { resourceType?: unknown }).resourceType;
  if (sent !== type) throw fhirError(400, 'invalid', `resourceType must be "${type}"${typeof sent === 'string' ? `, not "${sent}"` : ''}.`, `${type}.resourceType`);
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  if (check.Check(body)) return body as Static<T>;
  const first = check.Errors(body).First();
  const where = first ? expressionOf(type, first.path) : type;
  const unknown = first?.message.startsWith('Unexpected property') ?? false;
  const message = unknown ? `${where} is not an element of ${type}.` : `${where}: ${first?.message ?? 'is not valid'}.`;
  throw fhirError(400, unknown ? 'structure' : 'invalid', message, where);
}
