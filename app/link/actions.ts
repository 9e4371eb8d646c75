'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { customerHasLogin } from '@/lib/accounts/accounts';
import { CONFIRM_REPEAT_FIELD } from '@/lib/action-result';
import { type ActionResult, customerAction, runValidated, UserError } from '@/lib/actions';
import { writeAudit } from '@/lib/audit';
import { closeCustomerSession, getSignupBrowserKey, openCustomerSession } from '@/lib/auth';
import { getClientAddress } from '@/lib/client-address';
import { generateConnectLink, type GeneratedLinkRow } from '@/lib/connect/links';
import {
  confirmRepeatOfSchema,
  connectOptionsSchema,
  consumerDetailsSchema,
  customerDetailsSchema,
} from '@/lib/connect/schemas';
import { createCustomer, ensureConsumer } from '@/lib/customers/customers';
import { getCustomer } from '@/lib/customers/queries';
import { consumeSignupAllowance } from '@/lib/customers/signup';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getOpenFinanceClient } from '@/lib/openfinance';

export interface LaunchableLink {
  linkId: string;
  link: string;
  expiresAt: string;
}

function toLaunchable(row: GeneratedLinkRow): LaunchableLink {
  return { linkId: row.id, link: row.link, expiresAt: row.expiresAt.toISOString() };
}

async function linkDeps() {
  return {
    db: await getDb(),
    client: getOpenFinanceClient(),
    publicBaseUrl: getEnv().publicBaseUrl,
  };
}

export async function startAsNewCustomerAction(
  _prev: ActionResult<undefined> | null,
  formData: FormData,
): Promise<ActionResult<undefined>> {
  if (!getEnv().customerSelfSignup) {
    return { ok: false, error: 'To link accounts you need a personal link from us.' };
  }
  const db = await getDb();
  const result = await runValidated(customerDetailsSchema, formData, async (details) => {
    await consumeSignupAllowance(db, await getClientAddress(), getEnv().customerSignupLimit);
    const customer = await createCustomer(
      { db, client: getOpenFinanceClient() },
      { ...details, type: 'testing' },
      null,
      { browserKey: await getSignupBrowserKey() },
    );
    await openCustomerSession(customer.id);
    return undefined;
  });
  if (!result.ok) return result;
  redirect('/link');
}

const repeat = { confirmRepeatOf: confirmRepeatOfSchema };
const singleLinkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full'), ...repeat }),
  z.object({
    kind: z.literal('lite'),
    ...repeat,
    institutionId: z.coerce.number().int().positive('Choose your bank.'),
  }),
  z.object({
    kind: z.literal('fix'),
    ...repeat,
    institutionLoginId: z.string().regex(/^\d{1,20}$/, 'Choose the connection to repair.'),
  }),
]);

/** Full, Lite and Fix links for the signed-in customer's own accounts. */
export async function generateLinkAction(
  input: z.input<typeof singleLinkSchema>,
): Promise<ActionResult<LaunchableLink>> {
  return customerAction(singleLinkSchema, input, async (request, customer) => {
    if (
      request.kind === 'fix' &&
      !(await customerHasLogin(customer.customerId, request.institutionLoginId))
    ) {
      throw new UserError('That bank connection is not one of yours.');
    }
    const { confirmRepeatOf, ...link } = request;
    const row = await generateConnectLink(
      await linkDeps(),
      { ...link, customer, options: connectOptionsSchema.parse({}) },
      { type: 'customer', customerId: customer.id },
      { confirmRepeatOf },
    );
    return toLaunchable(row);
  });
}

const jointSchema = z.object({
  primary: consumerDetailsSchema,
  coBorrower: consumerDetailsSchema,
  confirmRepeatOf: confirmRepeatOfSchema,
});

function nested(formData: FormData): Record<string, unknown> {
  const out: Record<string, Record<string, string> | string> = { primary: {}, coBorrower: {} };
  const repeat = formData.get(CONFIRM_REPEAT_FIELD);
  if (typeof repeat === 'string') out[CONFIRM_REPEAT_FIELD] = repeat;
  for (const [key, value] of formData.entries()) {
    const [group, field] = key.split('.');
    if (field && (group === 'primary' || group === 'coBorrower') && typeof value === 'string') {
      (out[group] as Record<string, string>)[field] = value;
    }
  }
  return out;
}

/**
 * Joint borrower: creates the consumer of the signed-in customer and a customer + consumer for
 * the co-borrower, then one joint-borrower link covering both.
 */
export async function generateJointLinkAction(
  _prev: ActionResult<LaunchableLink> | null,
  formData: FormData,
): Promise<ActionResult<LaunchableLink>> {
  const input = formData instanceof FormData ? nested(formData) : formData;
  return customerAction(jointSchema, input, async (input, customer) => {
    const db = await getDb();
    const deps = { db, client: getOpenFinanceClient() };
    const actor = { type: 'customer' as const, customerId: customer.id };
    const primaryConsumerId = await ensureConsumer(deps, customer, input.primary, actor);
    const coBorrower = await createCustomer(
      deps,
      {
        firstName: input.coBorrower.firstName,
        lastName: input.coBorrower.lastName,
        email: input.coBorrower.email,
        type: customer.type,
      },
      actor,
      // A refused and resubmitted form gets back the co-borrower it already made.
      { reuseSucceeded: true },
    );
    await ensureConsumer(deps, coBorrower, input.coBorrower, actor);
    const row = await generateConnectLink(
      await linkDeps(),
      {
        kind: 'joint',
        customer: { ...customer, consumerId: primaryConsumerId },
        jointCustomer: (await getCustomer(db, coBorrower.id))!,
        options: connectOptionsSchema.parse({}),
      },
      actor,
      { confirmRepeatOf: input.confirmRepeatOf },
    );
    return toLaunchable(row);
  });
}

const removeSchema = z.object({
  institutionLoginId: z.string().regex(/^\d{1,20}$/, 'Choose the bank to remove.'),
});

/** Deletes one of the customer's institution logins upstream (after confirmation in the UI). */
export async function removeInstitutionLoginAction(
  input: z.input<typeof removeSchema>,
): Promise<ActionResult<undefined>> {
  return customerAction(removeSchema, input, async ({ institutionLoginId }, customer) => {
    if (!(await customerHasLogin(customer.customerId, institutionLoginId))) {
      throw new UserError('That bank connection is not one of yours.');
    }
    await getOpenFinanceClient().deleteInstitutionLogin(customer.customerId, institutionLoginId);
    await writeAudit(await getDb(), {
      actorCustomerId: customer.id,
      action: 'institution_login.delete',
      targetType: 'institution_login',
      targetId: institutionLoginId,
    });
    return undefined;
  });
}

/** "Not you?": ends the customer session on this browser. */
export async function signOutCustomerAction(): Promise<void> {
  await closeCustomerSession();
  redirect('/link');
}
