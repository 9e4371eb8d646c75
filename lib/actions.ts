import 'server-only';
import { type z } from 'zod';
import { actionFailure } from './action-failure';
import type { ActionResult } from './action-result';
import { getStaffSession, hasRole, type StaffRole, type StaffSession } from './auth';
import { getCurrentCustomer } from './customers/current';
import type { Customer } from './customers/queries';

/**
 * The one helper behind every staff server action: who is calling → zod validation → the work.
 * Failures come back as a sentence for the person plus per-field errors; internals never leak.
 */

export { type ActionResult, UserError } from './action-result';

/** The answer to arguments that are neither form data nor a plain object (a hand-made call). */
export const MALFORMED_INPUT: ActionResult<never> = {
  ok: false,
  error: 'The form could not be read. Reload the page and try again.',
};

/** Form data or a plain object: what every action accepts. */
export function isActionInput(input: unknown): input is FormData | Record<string, unknown> {
  if (input instanceof FormData) return true;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input) as unknown;
  return proto === Object.prototype || proto === null;
}

export function toInput(input: FormData | Record<string, unknown>): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of input.entries()) {
    if (key.startsWith('$ACTION')) continue;
    out[key] = typeof value === 'string' ? value : value.name;
  }
  return out;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

export async function runValidated<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  work: (data: z.infer<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  if (!isActionInput(input)) return MALFORMED_INPUT;
  const parsed = schema.safeParse(toInput(input));
  if (!parsed.success) {
    return {
      ok: false,
      error: 'Check the highlighted fields.',
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  try {
    return { ok: true, data: await work(parsed.data) };
  } catch (error) {
    return actionFailure(error);
  }
}

export async function staffAction<S extends z.ZodType, T>(
  role: StaffRole,
  schema: S,
  input: unknown,
  work: (data: z.infer<S>, session: StaffSession) => Promise<T>,
): Promise<ActionResult<T>> {
  // The shape first: a hand-made call with arguments of the wrong kind costs no session lookup.
  if (!isActionInput(input)) return MALFORMED_INPUT;
  const session = await getStaffSession();
  if (!session) return { ok: false, error: 'Your session has ended. Sign in again.' };
  if (!hasRole(session, role)) {
    return {
      ok: false,
      error: `This needs the ${role} role; your account has the ${session.role} role.`,
    };
  }
  return runValidated(schema, input, (data) => work(data, session));
}

/** For the customer's own actions: needs a customer session; acts only on that customer. */
export async function customerAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  work: (data: z.infer<S>, customer: Customer) => Promise<T>,
): Promise<ActionResult<T>> {
  if (!isActionInput(input)) return MALFORMED_INPUT;
  const customer = await getCurrentCustomer();
  if (!customer) {
    return {
      ok: false,
      error: 'Your session has ended. Open your personal link again, or start over.',
    };
  }
  return runValidated(schema, input, (data) => work(data, customer));
}
