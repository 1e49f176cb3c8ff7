import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';

/** Schemas shared by every module's routes. */
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** The error replies every authenticated route may give, for the OpenAPI document. */
export const standardErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
} as const;

/** A patient page's signed link in the path (/api/public/.../:token). */
export const LinkTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false });

/** The error replies of the public patient pages: bad input, bad or expired links, conflicts, rate limits. */
export const patientPageErrors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse } as const;

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
};

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A string that is one of a fixed list (its static type is the union of the values). */
export const OneOf = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Union(values.map((value) => Type.Literal(value)), options) as unknown as TUnion<TLiteral<T>[]>;
