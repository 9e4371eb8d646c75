/**
 * Zod schemas of Mastercard's wire shapes (OpenAPI `openbanking-us.yaml`), only for the fields the
 * portal reads. They stay inside lib/openfinance: the rest of the portal sees the types of
 * `model.ts`. Parsing is tolerant of the documented quirks (codes and dates as number or string,
 * ids as number or string) and of extra fields; it only refuses what the portal cannot use.
 */
import { z } from 'zod';

/** `ErrorMessage.code` "can be returned as a number or a string". */
export const codeSchema = z.union([z.number(), z.string()]).transform((v) => String(v).trim());

/** Epoch seconds as a number or a numeric string (customer `createdDate` is both). */
export const epochSecondsSchema = z
  .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)])
  .transform((v) => Number(v));

/** An id the API sends as a number in one place and a string in another. */
export const idStringSchema = z
  .union([z.number().int(), z.string().min(1)])
  .transform((v) => String(v));

export const idNumberSchema = z
  .union([z.number().int(), z.string().regex(/^\s*\d+\s*$/)])
  .transform((v) => Number(v));

/** Fields Mastercard sometimes sends as null instead of leaving them out. */
const opt = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v) => (v === null ? undefined : v) as z.output<T> | undefined);

// ---------- errors ----------

export const errorMessageSchema = z.object({
  code: codeSchema.optional(),
  message: opt(z.string()),
  status: opt(z.union([z.string(), z.number()])),
  user_message: opt(z.string()),
});

/** The partner-404 is typed `ErrorWrapper`: `{Errors:[…]}` or `{Errors:{Error:[…]}}`. */
const wrappedErrorSchema = z.object({
  ReasonCode: codeSchema.optional(),
  Description: opt(z.string()),
});
export const errorWrapperSchema = z.object({
  Errors: z.union([
    z.array(wrappedErrorSchema),
    z.object({ Error: z.array(wrappedErrorSchema) }).transform((v) => v.Error),
  ]),
});

// ---------- authentication ----------

export const createTokenResponseSchema = z.object({ token: z.string().min(1) });

// ---------- customers ----------

export const createdCustomerSchema = z.object({
  id: idStringSchema,
  username: z.string(),
  createdDate: epochSecondsSchema,
});

export const customerSchema = z.object({
  id: idStringSchema,
  username: z.string(),
  firstName: opt(z.string()),
  lastName: opt(z.string()),
  phone: opt(z.string()),
  email: opt(z.string()),
  type: z.string(),
  createdDate: epochSecondsSchema,
  lastModifiedDate: opt(epochSecondsSchema),
  applicationId: opt(z.string()),
});
export type WireCustomer = z.output<typeof customerSchema>;

export const customersSchema = z.object({
  found: z.number().int().optional(),
  displaying: z.number().int(),
  moreAvailable: z.boolean(),
  customers: z.array(customerSchema),
});

// ---------- consumers ----------

export const birthdaySchema = z.object({
  year: z.number().int(),
  month: z.number().int(),
  dayOfMonth: z.number().int(),
});

export const createdConsumerSchema = z.object({
  id: z.string().min(1),
  createdDate: epochSecondsSchema,
  customerId: idStringSchema,
});

export const consumerSchema = z.object({
  id: z.string().min(1),
  firstName: z.string(),
  lastName: z.string(),
  customerId: idStringSchema,
  address: opt(z.string()),
  city: opt(z.string()),
  state: opt(z.string()),
  zip: opt(z.string()),
  phone: opt(z.string()),
  ssn: opt(z.string()),
  // `{}` when the consumer was created with an SSN only.
  birthday: opt(birthdaySchema.partial()),
  email: opt(z.string()),
  suffix: opt(z.string()),
  createdDate: epochSecondsSchema,
});
export type WireConsumer = z.output<typeof consumerSchema>;

// ---------- institutions ----------

export const brandingSchema = z.object({
  logo: opt(z.string()),
  alternateLogo: opt(z.string()),
  icon: opt(z.string()),
  primaryColor: opt(z.string()),
  tile: opt(z.string()),
});
export type WireBranding = z.output<typeof brandingSchema>;

const institutionAddressSchema = z.object({
  addressLine1: opt(z.string()),
  addressLine2: opt(z.string()),
  city: opt(z.string()),
  state: opt(z.string()),
  postalCode: opt(z.string()),
  country: opt(z.string()),
});

const flag = opt(z.boolean());

export const institutionSchema = z.object({
  id: idNumberSchema,
  name: opt(z.string()),
  displayName: opt(z.string()),
  transAgg: flag,
  ach: flag,
  stateAgg: flag,
  voi: flag,
  voa: flag,
  aha: flag,
  availBalance: flag,
  accountOwner: flag,
  oauthEnabled: flag,
  currency: opt(z.string()),
  status: opt(z.string()),
  phone: opt(z.string()),
  email: opt(z.string()),
  urlHomeApp: opt(z.string()),
  urlLogonApp: opt(z.string()),
  urlForgotPassword: opt(z.string()),
  class: opt(z.string()),
  specialText: opt(z.string()),
  address: opt(institutionAddressSchema),
  branding: opt(brandingSchema),
});
export type WireInstitution = z.output<typeof institutionSchema>;

export const institutionsSchema = z.object({
  found: z.number().int(),
  displaying: z.number().int(),
  moreAvailable: z.boolean(),
  createdDate: opt(epochSecondsSchema),
  institutions: z.array(institutionSchema),
});

export const institutionWrapperSchema = z.object({ institution: institutionSchema });
export const brandingWrapperSchema = z.object({ branding: brandingSchema });

// ---------- Connect ----------

export const connectUrlSchema = z.object({ link: z.url() });

export const emailOptionsSchema = z.object({
  to: z.string(),
  from: opt(z.string()),
  supportPhone: opt(z.string()),
  subject: opt(z.string()),
  firstName: opt(z.string()),
  institutionName: opt(z.string()),
  institutionAddress: opt(z.string()),
  signature: opt(z.array(z.string())),
});

export const connectEmailUrlSchema = z.object({
  link: z.url(),
  emailConfig: opt(emailOptionsSchema),
});

// ---------- accounts ----------

export const customerAccountSchema = z.object({
  id: idStringSchema,
  number: opt(z.string()),
  accountNumberDisplay: opt(z.string()),
  realAccountNumberLast4: opt(z.union([z.string(), z.number()]).transform(String)),
  name: opt(z.string()),
  accountNickname: opt(z.string()),
  balance: opt(z.number()),
  type: opt(z.string()),
  aggregationStatusCode: opt(z.number().int()),
  status: opt(z.string()),
  customerId: idStringSchema,
  // a string on accounts, a number on institutions
  institutionId: idNumberSchema,
  // a number on accounts, a string in paths and in the Fix body
  institutionLoginId: idStringSchema,
  currency: opt(z.string()),
  balanceDate: opt(epochSecondsSchema),
  aggregationSuccessDate: opt(epochSecondsSchema),
  aggregationAttemptDate: opt(epochSecondsSchema),
  createdDate: opt(epochSecondsSchema),
  lastUpdatedDate: opt(epochSecondsSchema),
  displayPosition: opt(z.number()),
});
export type WireAccount = z.output<typeof customerAccountSchema>;

export const customerAccountsSchema = z.object({ accounts: z.array(customerAccountSchema) });

// ---------- request bodies (built from our types, never parsed) ----------

export interface WireConnectCommon {
  language?: string;
  redirectUri?: string;
  webhook?: string;
  webhookContentType?: string;
  webhookData?: Record<string, unknown>;
  webhookHeaders?: Record<string, string>;
  experience?: string;
  singleUseUrl?: boolean;
  institutionSettings?: Record<string, unknown>;
}

export interface WireConsumerInfo {
  ssn: string;
  dob?: number;
}

export interface WireBorrower {
  customerId: string;
  consumerId: string;
  type: 'primary' | 'jointBorrower';
  optionalConsumerInfo?: WireConsumerInfo;
}

// ---------- error bodies ----------

export interface ParsedErrorBody {
  code?: string;
  message?: string;
}

const MAX_ERROR_TEXT = 300;

/**
 * Code and message from an error body: JSON `{code, message}`, the `ErrorWrapper` form, a little
 * XML, or text/plain (token errors may come as text, sometimes led by their code).
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  if (json !== undefined) {
    const flat = errorMessageSchema.safeParse(json);
    if (flat.success && (flat.data.code || flat.data.message)) {
      return withoutEmpty({ code: flat.data.code, message: flat.data.message });
    }
    const wrapped = errorWrapperSchema.safeParse(json);
    const first = wrapped.success ? wrapped.data.Errors[0] : undefined;
    if (first) return withoutEmpty({ code: first.ReasonCode, message: first.Description });
    return {};
  }
  const xmlCode = /<code>\s*([^<]*?)\s*<\/code>/i.exec(trimmed)?.[1];
  if (xmlCode !== undefined) {
    const xmlMessage = /<message>\s*([^<]*?)\s*<\/message>/i.exec(trimmed)?.[1];
    return withoutEmpty({ code: xmlCode, message: xmlMessage });
  }
  const leading = /^(\d{3,6})\b[\s:.,-]*([\s\S]*)$/.exec(trimmed);
  if (leading) return withoutEmpty({ code: leading[1], message: clip(leading[2]) });
  return withoutEmpty({ message: clip(trimmed) });
}

function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_ERROR_TEXT ? `${oneLine.slice(0, MAX_ERROR_TEXT)}…` : oneLine;
}

function withoutEmpty(body: ParsedErrorBody): ParsedErrorBody {
  const out: ParsedErrorBody = {};
  if (body.code) out.code = body.code;
  if (body.message) out.message = clip(body.message);
  return out;
}
