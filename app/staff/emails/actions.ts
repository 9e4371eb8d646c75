'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionResult, staffAction, UserError } from '@/lib/actions';
import { generateConnectLink } from '@/lib/connect/links';
import { confirmRepeatOfSchema, connectOptionsSchema } from '@/lib/connect/schemas';
import { type Customer, getCustomer } from '@/lib/customers/queries';
import { getDb } from '@/lib/db';
import type { Database } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { isUuid } from '@/lib/ids';
import { type EmailOptions, getOpenFinanceClient } from '@/lib/openfinance';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `Use at most ${max} characters.`).optional(),
  );

const customerIdField = (message: string) => z.string({ error: message }).refine(isUuid, message);

const emailFieldsSchema = connectOptionsSchema.extend({
  confirmRepeatOf: confirmRepeatOfSchema,
  customerId: customerIdField('Choose the customer.'),
  to: z.email('Enter the email address to send to.').max(254),
  from: optionalText(100),
  supportPhone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{7,20}$/, 'Enter a phone number, e.g. 800-555-0100.')
      .optional(),
  ),
  subject: optionalText(150),
  firstName: optionalText(100),
  institutionName: optionalText(100),
  institutionAddress: optionalText(200),
  // One line of the textarea per signature line; blank lines dropped.
  signature: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean)
        : v,
    z
      .array(z.string().max(100, 'Keep each signature line under 100 characters.'))
      .max(10, 'Use at most 10 signature lines.')
      .default([]),
  ),
});

const jointEmailSchema = emailFieldsSchema
  .extend({ jointCustomerId: customerIdField('Choose the joint borrower.') })
  .refine((v) => v.customerId !== v.jointCustomerId, {
    path: ['jointCustomerId'],
    message: 'Choose a joint borrower other than the primary borrower.',
  });

type EmailFields = z.infer<typeof emailFieldsSchema>;

function emailOptions(input: EmailFields): EmailOptions {
  const { to, from, supportPhone, subject, firstName, institutionName, institutionAddress } = input;
  const optional = { from, supportPhone, subject, firstName, institutionName, institutionAddress };
  return {
    to,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    ...(input.signature.length > 0 ? { signature: input.signature } : {}),
  };
}

function connectOptions(input: EmailFields) {
  const { experience, language, singleUseUrl, webhookContentType } = input;
  return { experience, language, singleUseUrl, webhookContentType };
}

/** The customer, with a consumer: Mastercard needs one for every emailed link. */
async function borrower(db: Database, id: string, field: string): Promise<Customer> {
  const customer = await getCustomer(db, id);
  if (!customer) throw new UserError('That customer no longer exists.', { [field]: 'Not found.' });
  if (!customer.consumerId) {
    throw new UserError(
      `${customer.firstName} ${customer.lastName} has no consumer details yet. Add them on the customer’s page first.`,
      { [field]: 'This customer has no consumer details yet.' },
    );
  }
  return customer;
}

export interface SentEmailResult {
  id: string;
  to: string;
  expiresAt: string;
}

export async function sendConnectEmailAction(
  _previous: ActionResult<SentEmailResult> | null,
  formData: FormData,
): Promise<ActionResult<SentEmailResult>> {
  return staffAction('staff', emailFieldsSchema, formData, async (input, session) => {
    const db = await getDb();
    const customer = await borrower(db, input.customerId, 'customerId');
    const row = await generateConnectLink(
      { db, client: getOpenFinanceClient(), publicBaseUrl: getEnv().publicBaseUrl },
      { kind: 'email', customer, email: emailOptions(input), options: connectOptions(input) },
      { type: 'staff', userId: session.userId },
      { confirmRepeatOf: input.confirmRepeatOf },
    );
    revalidatePath('/staff/emails');
    revalidatePath(`/staff/customers/${customer.id}`);
    return { id: row.id, to: input.to, expiresAt: row.expiresAt.toISOString() };
  });
}

export async function sendJointEmailAction(
  _previous: ActionResult<SentEmailResult> | null,
  formData: FormData,
): Promise<ActionResult<SentEmailResult>> {
  return staffAction('staff', jointEmailSchema, formData, async (input, session) => {
    const db = await getDb();
    const customer = await borrower(db, input.customerId, 'customerId');
    const jointCustomer = await borrower(db, input.jointCustomerId, 'jointCustomerId');
    const row = await generateConnectLink(
      { db, client: getOpenFinanceClient(), publicBaseUrl: getEnv().publicBaseUrl },
      {
        kind: 'email_joint',
        customer,
        jointCustomer,
        email: emailOptions(input),
        options: connectOptions(input),
      },
      { type: 'staff', userId: session.userId },
      { confirmRepeatOf: input.confirmRepeatOf },
    );
    revalidatePath('/staff/emails');
    revalidatePath(`/staff/customers/${customer.id}`);
    revalidatePath(`/staff/customers/${jointCustomer.id}`);
    return { id: row.id, to: input.to, expiresAt: row.expiresAt.toISOString() };
  });
}
