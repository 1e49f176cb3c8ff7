import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Uuid } from '../../platform/schemas.js';
import { Priority } from './schemas.js';

/** Request and response shapes of the inbox's settings: business hours, holidays, SLA policies, canned replies, agents. */
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a time HH:MM (24-hour, 00:00-23:59)' });
const ClosingTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'a time HH:MM (24-hour, up to 24:00)' });
const Day = Type.String({ format: 'date', description: 'a date YYYY-MM-DD' });

export const Period = Type.Object({
  /** 1 = Monday ... 7 = Sunday */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  opens: Time,
  closes: ClosingTime,
}, { additionalProperties: false });
export type Period = Static<typeof Period>;

export const Holiday = Type.Object({ id: Uuid, day: Type.String(), name: Type.String(), departmentId: NullableUuid });
export type Holiday = Static<typeof Holiday>;

export const BusinessHours = Type.Object({
  departmentId: NullableUuid,
  timeZone: Type.String(),
  periods: Type.Array(Period),
  /** True when the department has no hours of its own and the clinic's apply. */
  inherited: Type.Boolean(),
  /** The clinic's holidays, and for a department its own too (departmentId says which). */
  holidays: Type.Array(Holiday),
});
export type BusinessHours = Static<typeof BusinessHours>;

export const HoursQuery = Type.Object({ departmentId: Type.Optional(Uuid) }, { additionalProperties: false });

export const HoursBody = Type.Object({
  departmentId: NullableUuid,
  /** Replaces the scope's periods; several per day are allowed, overlapping ones are not. An empty list: a department inherits the clinic's hours again. */
  periods: Type.Array(Period, { maxItems: 70 }),
}, { additionalProperties: false });
export type HoursBody = Static<typeof HoursBody>;

export const NewHoliday = Type.Object({
  departmentId: Type.Optional(NullableUuid),
  day: Day,
  name: Type.String({ minLength: 1, maxLength: 120 }),
}, { additionalProperties: false });
export type NewHoliday = Static<typeof NewHoliday>;

const Minutes = Type.Union([Type.Integer({ minimum: 1, maximum: 525_600 }), Type.Null()]);

export const SlaPolicy = Type.Object({
  id: Uuid,
  name: Type.String(),
  departmentId: NullableUuid,
  priority: Priority,
  firstResponseMinutes: Minutes,
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  /** Count only working time (the team's business hours and holidays); false: calendar time. */
  businessHours: Type.Boolean(),
  warnBeforeMinutes: Type.Integer(),
});
export type SlaPolicy = Static<typeof SlaPolicy>;

const policyFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  departmentId: NullableUuid,
  priority: Priority,
  firstResponseMinutes: Minutes,
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  businessHours: Type.Boolean(),
  warnBeforeMinutes: Type.Integer({ minimum: 0, maximum: 10_080 }),
};
export const NewSlaPolicy = Type.Object({
  name: policyFields.name,
  departmentId: Type.Optional(policyFields.departmentId),
  priority: policyFields.priority,
  firstResponseMinutes: Type.Optional(Minutes),
  nextResponseMinutes: Type.Optional(Minutes),
  resolutionMinutes: Type.Optional(Minutes),
  businessHours: Type.Optional(Type.Boolean({ default: true })),
  warnBeforeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080, default: 15 })),
}, { additionalProperties: false });
export type NewSlaPolicy = Static<typeof NewSlaPolicy>;
export const SlaPolicyChanges = Type.Partial(Type.Object(policyFields), { additionalProperties: false, minProperties: 1 });
export type SlaPolicyChanges = Static<typeof SlaPolicyChanges>;

const Shortcut = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$', description: 'letters, digits, - or _ (up to 40, e.g. "hours")' });

export const CannedReply = Type.Object({ id: Uuid, title: Type.String(), shortcut: Type.Union([Type.String(), Type.Null()]), body: Type.String(), departmentId: NullableUuid });
export type CannedReply = Static<typeof CannedReply>;
const cannedFields = {
  title: Type.String({ minLength: 1, maxLength: 120 }),
  shortcut: Type.Union([Shortcut, Type.Null()]),
  body: Type.String({ minLength: 1, maxLength: 10_000 }),
  departmentId: NullableUuid,
};
export const NewCannedReply = Type.Object({
  title: cannedFields.title, body: cannedFields.body, shortcut: Type.Optional(cannedFields.shortcut), departmentId: Type.Optional(cannedFields.departmentId),
}, { additionalProperties: false });
export type NewCannedReply = Static<typeof NewCannedReply>;
export const CannedReplyChanges = Type.Partial(Type.Object(cannedFields), { additionalProperties: false, minProperties: 1 });
export type CannedReplyChanges = Static<typeof CannedReplyChanges>;
export const CannedQuery = Type.Object({
  /** A team's replies and the clinic-wide ones. */
  departmentId: Type.Optional(Uuid),
  /** Words of the title or the shortcut. */
  q: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });
export const CannedParams = Type.Object({ id: Uuid, cannedId: Uuid }, { additionalProperties: false });
export const RenderedReply = Type.Object({ body: Type.String() });

export const Agent = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Type.String(),
  departmentId: NullableUuid,
  /** Connected to the inbox within the last 90 seconds. */
  online: Type.Boolean(),
  /** Open and pending conversations assigned to them. */
  openAssigned: Type.Integer(),
});
export const AgentList = Type.Object({ items: Type.Array(Agent) });

export const SlaTarget = OneOf(['first_response', 'next_response', 'resolution']);
export type SlaTarget = Static<typeof SlaTarget>;
