import { z } from 'zod';
import { US_STATES } from './us-states';

export { US_STATES } from './us-states';

/**
 * Input schemas shared by the server actions that generate links, create customers and
 * consumers, and send emails. Pure (zod only), so tests read them directly; the browser imports
 * none of them (its forms are checked by the server action and shown its field errors).
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = (max: number, message: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, message).optional());

export const personNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[\p{L}\p{M}' .-]+$/u, 'Use letters, spaces, apostrophes, hyphens and periods only.');

export const customerDetailsSchema = z.object({
  firstName: personNameSchema,
  lastName: personNameSchema,
  email: z.preprocess(
    blankToUndefined,
    z.email('Enter a valid email address, or leave it empty.').max(254).optional(),
  ),
});

export const consumerDetailsSchema = z
  .object({
    firstName: personNameSchema,
    lastName: personNameSchema,
    state: z.enum(US_STATES, { error: 'Choose the state.' }),
    ssn: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/[\s-]/g, '') || undefined : v),
      z
        .string()
        .regex(
          /^\d{9}$/,
          'Enter the nine digits of the SSN, or leave it empty and give a birth date.',
        )
        .optional(),
    ),
    birthday: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the birth date as YYYY-MM-DD.')
        .refine((v) => {
          const d = new Date(`${v}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && d < new Date();
        }, 'Enter a real birth date in the past.')
        .optional(),
    ),
    phone: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/[\s().-]/g, '') || undefined : v),
      z
        .string()
        .regex(/^\+?\d{10,15}$/, 'Enter a phone number of 10 to 15 digits, or leave it empty.')
        .optional(),
    ),
    email: z.preprocess(
      blankToUndefined,
      z.email('Enter a valid email address, or leave it empty.').max(254).optional(),
    ),
    address: optionalText(200, 'Use at most 200 characters.'),
    city: optionalText(100, 'Use at most 100 characters.'),
    zip: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code.')
        .optional(),
    ),
  })
  // These run even when other fields failed (`when`), so a form shows every problem at once; but
  // only on an object, or `safeParse(null)` would throw inside the refinement.
  .refine((v) => Boolean(v.ssn || v.birthday), {
    path: ['birthday'],
    message: 'Give a birth date or an SSN.',
    when: ({ value }) => isRecord(value),
  })
  .refine((v) => Boolean(v.phone || v.email), {
    path: ['email'],
    message: 'Give an email address or a phone number.',
    when: ({ value }) => isRecord(value),
  });

export type ConsumerDetails = z.infer<typeof consumerDetailsSchema>;

/** Optional Connect parameters the portal exposes. */
export const connectOptionsSchema = z.object({
  experience: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(
        /^(default|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
        'Use "default" or an experience ID (a GUID), or leave it empty.',
      )
      .optional(),
  ),
  language: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^(en|es|fr)(-[A-Z]{2})?$/,
        'Choose English, Spanish or French (optionally with a region, e.g. fr-CA).',
      )
      .optional(),
  ),
  singleUseUrl: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  webhookContentType: z.enum(['application/json', 'application/xml']).default('application/json'),
});

/**
 * The earlier intent a person chose to repeat anyway ("Send another email", "Make a new link"):
 * the id the refusal offered, sent back by the confirming button.
 */
export const confirmRepeatOfSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    .optional(),
);

export type ConnectOptionsInput = z.input<typeof connectOptionsSchema>;
export type ConnectOptionsValues = z.infer<typeof connectOptionsSchema>;

export function birthdayParts(birthday: string): {
  year: number;
  month: number;
  dayOfMonth: number;
} {
  const [year, month, day] = birthday.split('-').map(Number) as [number, number, number];
  return { year, month, dayOfMonth: day };
}
