import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, Timestamp, Uuid, iso } from '../../platform/schemas.js';
import { ROLES, ROLE_NAMES, type Role } from '../../platform/permissions.js';
import type { ApiTokenTable, DepartmentTable, UserTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';

export const RoleName = Type.Union(ROLE_NAMES.map((role) => Type.Literal(role)));
const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters.' });
const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const Staff = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleName,
  departmentId: Type.Union([Uuid, Type.Null()]),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const SessionInfo = Type.Object({
  user: Type.Object({ id: Uuid, email: Type.String(), displayName: Type.String(), role: RoleName, organizationId: Uuid, organizationName: Type.String() }),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String(),
  expiresAt: Timestamp,
});

export const NewStaff = Type.Object({
  email: Email,
  displayName: Name,
  role: RoleName,
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  password: Password,
}, { additionalProperties: false });

export const StaffChanges = Type.Object({
  displayName: Type.Optional(Name),
  role: Type.Optional(RoleName),
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
  unlock: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const Department = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'the staff member who answers for the department: unhappy patients\' recovery cases go to them' }),
  archived: Type.Boolean(),
  createdAt: Timestamp,
});

const DepartmentOwner = Type.Union([Uuid, Type.Null()], { description: 'an active staff member; null: no owner' });

export const NewDepartment = Type.Object({
  name: Name,
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  ownerId: Type.Optional(DepartmentOwner),
}, { additionalProperties: false });

export const DepartmentChanges = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  ownerId: Type.Optional(DepartmentOwner),
  archived: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const RoleInfo = Type.Object({ name: RoleName, label: Type.String(), permissions: Type.Array(Type.String()) });

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  role: RoleName,
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  expiresAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});

export const NewApiToken = Type.Object({
  name: Name,
  role: RoleName,
  expiresInDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])),
}, { additionalProperties: false });

export const CreatedApiToken = Type.Object({ token: Type.String({ description: 'Shown once; store it now.' }), apiToken: ApiToken });

export const presentStaff = (row: Selectable<UserTable>): Static<typeof Staff> => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  departmentId: row.department_id,
  active: row.active,
  locked: row.locked_until !== null && row.locked_until > new Date(),
  lastLoginAt: iso(row.last_login_at),
  createdAt: row.created_at.toISOString(),
});

export const presentDepartment = (row: Selectable<DepartmentTable>): Static<typeof Department> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  ownerId: row.owner_id,
  archived: row.archived_at !== null,
  createdAt: row.created_at.toISOString(),
});

export const presentApiToken = (row: Selectable<ApiTokenTable>): Static<typeof ApiToken> => ({
  id: row.id,
  name: row.name,
  prefix: row.token_prefix,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: iso(row.last_used_at),
  expiresAt: iso(row.expires_at),
  revokedAt: iso(row.revoked_at),
});

export const presentRoles = () =>
  ROLE_NAMES.map((name: Role) => ({ name, label: ROLES[name].label, permissions: [...ROLES[name].permissions] }));
