'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionResult, MALFORMED_INPUT, staffAction, UserError } from '@/lib/actions';
import { writeAudit } from '@/lib/audit';
import { createCustomerToken, revokeCustomerToken } from '@/lib/auth/customer-tokens';
import { getCustomerToken } from '@/lib/auth/customer-tokens';
import { generateConnectLink } from '@/lib/connect/links';
import {
  confirmRepeatOfSchema,
  connectOptionsSchema,
  consumerDetailsSchema,
} from '@/lib/connect/schemas';
import { type Actor, ensureConsumer } from '@/lib/customers/customers';
import { type Customer, getCustomer } from '@/lib/customers/queries';
import { getDb } from '@/lib/db';
import type { Database } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { isUuid } from '@/lib/ids';
import { getOpenFinanceClient } from '@/lib/openfinance';

// Every action here is bound to the customer of the page (`action.bind(null, customer.id)`); the
// id is checked again on each call, as anything from the browser is.

async function requireCustomer(db: Database, customerId: string): Promise<Customer> {
  const customer = await getCustomer(db, customerId);
  if (!customer) throw new UserError('That customer no longer exists.');
  return customer;
}

const staffActor = (userId: string): Actor => ({ type: 'staff', userId });
const pagePath = (customerId: string) => `/staff/customers/${customerId}`;

export async function addConsumerAction(
  customerId: string,
  _previous: ActionResult<{ consumerId: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ consumerId: string }>> {
  if (typeof customerId !== 'string') return MALFORMED_INPUT;
  return staffAction('staff', consumerDetailsSchema, formData, async (input, session) => {
    const db = await getDb();
    const customer = await requireCustomer(db, customerId);
    const consumerId = await ensureConsumer(
      { db, client: getOpenFinanceClient() },
      customer,
      input,
      staffActor(session.userId),
    );
    revalidatePath(pagePath(customer.id));
    revalidatePath('/staff/customers');
    return { consumerId };
  });
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const linkFieldsSchema = connectOptionsSchema.extend({ confirmRepeatOf: confirmRepeatOfSchema });

const generateLinkSchema = z.discriminatedUnion(
  'kind',
  [
    linkFieldsSchema.extend({ kind: z.literal('full') }),
    linkFieldsSchema.extend({
      kind: z.literal('lite'),
      institutionId: z.preprocess(
        blankToUndefined,
        z.coerce
          .number({ error: 'Enter the institution ID, e.g. 102105.' })
          .int('Enter the institution ID, e.g. 102105.')
          .positive('Enter the institution ID, e.g. 102105.'),
      ),
    }),
    linkFieldsSchema.extend({
      kind: z.literal('fix'),
      institutionLoginId: z
        .string({ error: 'Enter the institution login ID.' })
        .trim()
        .regex(/^\d{1,20}$/, 'Enter the institution login ID (digits only).'),
    }),
    linkFieldsSchema.extend({
      kind: z.literal('joint'),
      jointCustomerId: z
        .string({ error: 'Choose the joint borrower.' })
        .refine(isUuid, 'Choose the joint borrower.'),
    }),
  ],
  { error: 'Choose the kind of link.' },
);

export interface GeneratedLinkResult {
  id: string;
  kind: string;
  link: string;
  expiresAt: string;
}

export async function generateLinkAction(
  customerId: string,
  _previous: ActionResult<GeneratedLinkResult> | null,
  formData: FormData,
): Promise<ActionResult<GeneratedLinkResult>> {
  if (typeof customerId !== 'string') return MALFORMED_INPUT;
  return staffAction('staff', generateLinkSchema, formData, async (input, session) => {
    const db = await getDb();
    const customer = await requireCustomer(db, customerId);
    const { kind, experience, language, singleUseUrl, webhookContentType } = input;
    const options = { experience, language, singleUseUrl, webhookContentType };
    const deps = { db, client: getOpenFinanceClient(), publicBaseUrl: getEnv().publicBaseUrl };
    const actor = staffActor(session.userId);
    const repeat = { confirmRepeatOf: input.confirmRepeatOf };
    let row;
    switch (input.kind) {
      case 'full':
        row = await generateConnectLink(deps, { kind: 'full', customer, options }, actor, repeat);
        break;
      case 'lite':
        row = await generateConnectLink(
          deps,
          { kind: 'lite', customer, options, institutionId: input.institutionId },
          actor,
          repeat,
        );
        break;
      case 'fix':
        row = await generateConnectLink(
          deps,
          { kind: 'fix', customer, options, institutionLoginId: input.institutionLoginId },
          actor,
          repeat,
        );
        break;
      case 'joint': {
        const jointCustomer = await getCustomer(db, input.jointCustomerId);
        if (!jointCustomer || jointCustomer.id === customer.id) {
          throw new UserError('Choose another customer as the joint borrower.', {
            jointCustomerId: 'Choose another customer.',
          });
        }
        row = await generateConnectLink(
          deps,
          { kind: 'joint', customer, options, jointCustomer },
          actor,
          repeat,
        );
        revalidatePath(pagePath(jointCustomer.id));
        break;
      }
    }
    revalidatePath(pagePath(customer.id));
    return { id: row.id, kind, link: row.link, expiresAt: row.expiresAt.toISOString() };
  });
}

export interface PersonalLinkResult {
  url: string;
  expiresAt: string;
}

export async function createPersonalLinkAction(
  customerId: string,
  _previous: ActionResult<PersonalLinkResult> | null,
  formData: FormData,
): Promise<ActionResult<PersonalLinkResult>> {
  if (typeof customerId !== 'string') return MALFORMED_INPUT;
  return staffAction('staff', z.object({}), formData, async (_input, session) => {
    const db = await getDb();
    const customer = await requireCustomer(db, customerId);
    const token = await createCustomerToken(db, {
      customerId: customer.id,
      createdByUserId: session.userId,
    });
    await writeAudit(db, {
      actorUserId: session.userId,
      action: 'customer.token.create',
      targetType: 'customer',
      targetId: customer.id,
      details: { tokenId: token.id, expiresAt: token.expiresAt.toISOString() },
    });
    revalidatePath(pagePath(customer.id));
    // The token itself is shown this once; only its hash is stored.
    return {
      url: `${getEnv().publicBaseUrl}/link/${token.token}`,
      expiresAt: token.expiresAt.toISOString(),
    };
  });
}

const revokeSchema = z.object({
  tokenId: z.string().refine(isUuid, 'Choose a personal link to withdraw.'),
});

export async function revokePersonalLinkAction(
  customerId: string,
  _previous: ActionResult<{ tokenId: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ tokenId: string }>> {
  if (typeof customerId !== 'string') return MALFORMED_INPUT;
  return staffAction('staff', revokeSchema, formData, async ({ tokenId }, session) => {
    const db = await getDb();
    const customer = await requireCustomer(db, customerId);
    const token = await getCustomerToken(db, tokenId);
    if (!token || token.customerId !== customer.id) {
      throw new UserError('That personal link does not belong to this customer.');
    }
    if (!(await revokeCustomerToken(db, token.id))) {
      throw new UserError('That personal link was already withdrawn.');
    }
    await writeAudit(db, {
      actorUserId: session.userId,
      action: 'customer.token.revoke',
      targetType: 'customer',
      targetId: customer.id,
      details: { tokenId: token.id },
    });
    revalidatePath(pagePath(customer.id));
    return { tokenId: token.id };
  });
}
