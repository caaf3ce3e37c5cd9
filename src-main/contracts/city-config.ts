import { z } from 'zod';
import { hallConfigSchema } from './hall-config';

// The city platform's config file (YAML or JSON), given with --city: which halls belong to the city, the
// keys of the linked ones, the city's own accounts and the first catalogue. A hall this server runs itself
// is a member by id alone; a township or village hall linked from its own server needs a key.

const shape = hallConfigSchema.shape;
const id = shape.id;
const accountShape = shape.accounts.unwrap().element.shape;

export const cityMemberSchema = z
  .object({
    id,
    /** Shown until the hall has said hello (then its own name is used). */
    name: shape.name.optional(),
    nameEn: shape.nameEn.optional(),
    /** Township (乡镇) or village (村/社区) point; the city's own halls are 'city'. */
    level: z.enum(['city', 'county', 'township', 'village']).default('township'),
    /** The per-hall link key: a file holding it, or an environment variable; at least 32 characters. */
    keyFile: z.string().min(1).max(500).optional(),
    keyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').max(100).optional(),
  })
  .strict()
  .refine((m) => !(m.keyFile && m.keyEnv), { message: 'give keyFile or keyEnv, not both' });

export const cityConfigSchema = z
  .object({
    id,
    name: shape.name,
    nameEn: shape.nameEn,
    timeZone: shape.timeZone,
    /** A linked hall not heard of for this long raises an alert (失联). */
    offlineAlertMinutes: z.number().positive().max(24 * 60).default(10),
    members: z.array(cityMemberSchema).min(1).max(5000),
    /** The first catalogue, a file path relative to this file (published as version 1 if none is stored). */
    catalogue: z.string().min(1).max(500).optional(),
    /** Who may sign in to the city page: supervisors watch, admins also publish catalogues. */
    accounts: z
      .array(
        z
          .object({
            username: accountShape.username,
            displayName: accountShape.displayName,
            role: z.enum(['supervisor', 'admin']),
            password: accountShape.password,
            passwordHash: accountShape.passwordHash,
            disabled: accountShape.disabled,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.members.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['members', i, 'id'], message: `duplicate member ${m.id}` });
      seen.add(m.id);
    });
    const users = new Set<string>();
    c.accounts.forEach((a, i) => {
      if (users.has(a.username)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'username'], message: `duplicate username ${a.username}` });
      users.add(a.username);
      if (Boolean(a.password) === Boolean(a.passwordHash)) ctx.addIssue({ code: 'custom', path: ['accounts', i], message: 'give exactly one of password or passwordHash' });
    });
  });

export type CityConfig = z.output<typeof cityConfigSchema>;
export type CityMember = CityConfig['members'][number];
