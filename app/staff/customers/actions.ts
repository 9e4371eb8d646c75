'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { isUserError } from '@/lib/action-result';
import { type ActionResult, staffAction } from '@/lib/actions';
import { consumerDetailsSchema, customerDetailsSchema } from '@/lib/connect/schemas';
import { type Actor, createCustomer, ensureConsumer } from '@/lib/customers/customers';
import { getDb } from '@/lib/db';
import { getOpenFinanceClient, isApiError } from '@/lib/openfinance';

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());

// The consumer fields are checked only when asked for, and in the same pass as the customer's,
// so a person sees every problem at once. Names and email are shared by customer and consumer.
const newCustomerSchema = z
  .looseObject({
    ...customerDetailsSchema.shape,
    type: z.enum(['testing', 'active'], { error: 'Choose testing or active.' }),
    addConsumer: checkbox,
  })
  .superRefine((value, ctx) => {
    if (!value.addConsumer) return;
    const consumer = consumerDetailsSchema.safeParse(value);
    if (consumer.success) return;
    for (const issue of consumer.error.issues) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

export interface CreatedCustomerResult {
  id: string;
  name: string;
  consumerId: string | null;
  /** set when the customer was created but Mastercard refused the consumer details */
  consumerError?: string;
}

export async function createCustomerAction(
  _previous: ActionResult<CreatedCustomerResult> | null,
  formData: FormData,
): Promise<ActionResult<CreatedCustomerResult>> {
  return staffAction('staff', newCustomerSchema, formData, async (input, session) => {
    const consumer = input.addConsumer ? consumerDetailsSchema.parse(input) : undefined;
    const deps = { db: await getDb(), client: getOpenFinanceClient() };
    const actor: Actor = { type: 'staff', userId: session.userId };
    const customer = await createCustomer(
      deps,
      {
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        type: input.type,
      },
      actor,
    );
    revalidatePath('/staff/customers');
    const result: CreatedCustomerResult = {
      id: customer.id,
      name: `${customer.firstName} ${customer.lastName}`,
      consumerId: null,
    };
    if (!consumer) return result;
    // The customer exists now whatever happens to the consumer: report a refusal (or an
    // unknown outcome) beside it, never as if the customer had not been created.
    try {
      result.consumerId = await ensureConsumer(deps, customer, consumer, actor);
    } catch (error) {
      if (isApiError(error)) result.consumerError = error.safeMessage;
      else if (isUserError(error)) result.consumerError = error.message;
      else {
        result.consumerError =
          'The customer was created, but the consumer details could not be saved. Add them on the customer’s page.';
      }
    }
    return result;
  });
}
