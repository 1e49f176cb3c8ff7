import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

// Letters of any script, with the spaces, apostrophes, hyphens and periods real names carry.
export const PersonName = Type.String({ minLength: 1, maxLength: 100, pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .\\-]*$", description: 'letters, with spaces, apostrophes, hyphens or periods' });
export const DateOfBirth = Type.String({ format: 'date', description: 'a real calendar date written YYYY-MM-DD' });
export const Sex = Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('other'), Type.Literal('unknown')]);
export const Channel = Type.Union([Type.Literal('sms'), Type.Literal('email'), Type.Literal('phone'), Type.Literal('none')]);
const Language = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'BCP 47, e.g. en or es-MX' });
const Tag = Type.String({ pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,39}$', description: 'up to 40 letters, digits, spaces, dashes or underscores' });
const Mrn = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$', description: 'letters, digits and dashes' });

const Text = (max: number) => Type.String({ maxLength: max, pattern: '^[^<>]*$', description: 'text without < or >' });
export const Address = Type.Object({
  line1: Type.Optional(Text(200)),
  line2: Type.Optional(Text(200)),
  city: Type.Optional(Text(100)),
  region: Type.Optional(Text(100)),
  postalCode: Type.Optional(Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9 -]*$' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
}, { additionalProperties: false });
export type Address = Static<typeof Address>;

export const ContactPointInput = Type.Object({
  kind: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
  value: Type.String({ minLength: 3, maxLength: 254 }),
  label: Type.Optional(Type.Union([Type.Literal('mobile'), Type.Literal('home'), Type.Literal('work'), Type.Literal('other')])),
  isPrimary: Type.Optional(Type.Boolean()),
  consentCare: Type.Optional(Type.Boolean({ description: 'May receive care messages (reminders, results, replies)' })),
  consentMarketing: Type.Optional(Type.Boolean({ description: 'May receive marketing (campaigns, newsletters)' })),
}, { additionalProperties: false });
export type ContactPointInput = Static<typeof ContactPointInput>;

export const ContactPoint = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
  value: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  isPrimary: Type.Boolean(),
  consentCare: Type.Boolean(),
  consentMarketing: Type.Boolean(),
  consentUpdatedAt: NullableTimestamp,
});
export type ContactPoint = Static<typeof ContactPoint>;

const patientFields = {
  mrn: Mrn,
  givenName: PersonName,
  familyName: PersonName,
  preferredName: Type.Union([PersonName, Type.Null()]),
  dateOfBirth: DateOfBirth,
  sex: Sex,
  language: Language,
  preferredChannel: Channel,
  address: Type.Union([Address, Type.Null()]),
  tags: Type.Array(Tag, { maxItems: 20 }),
  contactPoints: Type.Array(ContactPointInput, { maxItems: 10 }),
};

export const NewPatient = Type.Object({
  mrn: Type.Optional(patientFields.mrn),
  givenName: patientFields.givenName,
  familyName: patientFields.familyName,
  preferredName: Type.Optional(patientFields.preferredName),
  dateOfBirth: patientFields.dateOfBirth,
  sex: Type.Optional(patientFields.sex),
  language: Type.Optional(patientFields.language),
  preferredChannel: Type.Optional(patientFields.preferredChannel),
  address: Type.Optional(patientFields.address),
  tags: Type.Optional(patientFields.tags),
  contactPoints: Type.Optional(patientFields.contactPoints),
  allowDuplicate: Type.Optional(Type.Boolean({ description: 'Register even when likely duplicates exist' })),
}, { additionalProperties: false });
export type NewPatient = Static<typeof NewPatient>;

export const PatientChanges = Type.Partial(Type.Object({
  mrn: patientFields.mrn,
  givenName: patientFields.givenName,
  familyName: patientFields.familyName,
  preferredName: patientFields.preferredName,
  dateOfBirth: patientFields.dateOfBirth,
  sex: patientFields.sex,
  language: patientFields.language,
  preferredChannel: patientFields.preferredChannel,
  address: patientFields.address,
  tags: patientFields.tags,
  contactPoints: Type.Array(ContactPointInput, { maxItems: 10, description: 'Replaces the whole list' }),
}), { additionalProperties: false, minProperties: 1 });
export type PatientChanges = Static<typeof PatientChanges>;

export const Patient = Type.Object({
  id: Uuid,
  mrn: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  preferredName: Type.Union([Type.String(), Type.Null()]),
  dateOfBirth: Type.String(),
  sex: Sex,
  language: Type.String(),
  preferredChannel: Channel,
  address: Type.Union([Address, Type.Null()]),
  tags: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged')]),
  replacedBy: Type.Union([Uuid, Type.Null()]),
  contactPoints: Type.Array(ContactPoint),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Patient = Static<typeof Patient>;

export const PatientSummary = Type.Object({
  id: Uuid,
  mrn: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  preferredName: Type.Union([Type.String(), Type.Null()]),
  dateOfBirth: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged')]),
});
export type PatientSummary = Static<typeof PatientSummary>;

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name, phone, date of birth (YYYY-MM-DD or MM/DD/YYYY) or MRN' })),
  tag: Type.Optional(Type.String({ maxLength: 40 })),
  includeMerged: Type.Optional(Type.Boolean()),
  ...Paging,
}, { additionalProperties: false });
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResults = Type.Object({
  items: Type.Array(PatientSummary),
  total: Type.Integer({ description: 'Matches, counted up to 250' }),
  totalIsCapped: Type.Boolean({ description: 'True when there are more than 250 matches' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const DuplicateReason = Type.Object({ code: Type.String(), label: Type.String(), weight: Type.Integer() });
export const DuplicateCandidate = Type.Object({ patient: PatientSummary, score: Type.Integer({ minimum: 0, maximum: 100 }), reasons: Type.Array(DuplicateReason) });
export type DuplicateCandidate = Static<typeof DuplicateCandidate>;

export const MergeBody = Type.Object({ duplicateId: Uuid }, { additionalProperties: false });

export const TimelineEntry = Type.Object({
  id: Uuid,
  type: Type.String(),
  summary: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const ImportRowError = Type.Object({ row: Type.Integer(), field: Type.Union([Type.String(), Type.Null()]), message: Type.String() });
export const PatientImport = Type.Object({
  id: Uuid,
  fileName: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  createdRows: Type.Integer(),
  failedRows: Type.Integer(),
  errors: Type.Array(ImportRowError),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

