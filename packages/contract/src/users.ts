import { MIN_PASSWORD_LENGTH, USER_ROLES } from '@leadpulse/core';
import { z } from 'zod';

export const UserRoleSchema = z.enum(USER_ROLES).describe('admin: everything; marketer: everything but users and keys (scenarios and templates included); sales: reads contacts, reports, scenarios, templates and the outbox, and works the tasks assigned to their own email.');

/** A dashboard user as the API shows it; the password hash never leaves the server. */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: UserRoleSchema,
});

export const UserDetailSchema = UserSchema.extend({ createdAt: z.string(), disabledAt: z.string().nullable() });

export const SignInBodySchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

/** A signed-in user changes their own password; the answer is a fresh session (every other one ends). */
export const ChangePasswordBodySchema = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

/** What sign-in and GET /api/v1/session answer: the user and the token to send as `x-csrf-token`. */
export const SessionDocumentSchema = z.object({ user: UserSchema, csrfToken: z.string() });

export const CreateUserBodySchema = z.object({
  email: z.string().trim().min(3).max(320),
  role: UserRoleSchema,
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024).optional().describe('Omitted: one is generated and returned once.'),
});

export const UpdateUserBodySchema = z
  .object({ role: UserRoleSchema.optional(), name: z.string().trim().min(1).max(200).nullable().optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, { message: 'give role or name' });

export const UserListSchema = z.object({ users: z.array(UserDetailSchema) });

export const CreatedUserSchema = z.object({
  user: UserDetailSchema,
  password: z.string().optional().describe('Only when it was generated: the one time it is shown.'),
});
