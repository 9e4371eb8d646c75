import 'server-only';
import { z } from 'zod';
import { type ActionResult, UserError } from './action-result';
import { isApiError } from './openfinance';
import { log } from './log';
import type { Customer } from './db/queries';
import { getCurrentCustomer } from './customers/current';
import { getStaffSession, hasRole, type StaffRole, type StaffSession } from './auth';

/**
 * The one helper behind every staff server action: who is calling → zod validation → the work.
 * Failures come back as a sentence for the person plus per-field errors; internals never leak.
 */

export { type ActionResult, UserError } from './action-result';

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
  input: FormData | Record<string, unknown>,
  work: (data: z.infer<S>) => Promise<T>,
): Promise<ActionResult<T>> {
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
    if (isApiError(error)) {
      log.warn('action.upstream_failure', error.toLogFields());
      return { ok: false, error: error.safeMessage };
    }
    if (error instanceof UserError) {
      return {
        ok: false,
        error: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      };
    }
    console.error(
      '[action] unexpected failure',
      error instanceof Error ? error.name : typeof error,
    );
    return {
      ok: false,
      error: 'Something went wrong on our side. Nothing was changed; please try again.',
    };
  }
}

export async function staffAction<S extends z.ZodType, T>(
  role: StaffRole,
  schema: S,
  input: FormData | Record<string, unknown>,
  work: (data: z.infer<S>, session: StaffSession) => Promise<T>,
): Promise<ActionResult<T>> {
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
  input: FormData | Record<string, unknown>,
  work: (data: z.infer<S>, customer: Customer) => Promise<T>,
): Promise<ActionResult<T>> {
  const customer = await getCurrentCustomer();
  if (!customer) {
    return {
      ok: false,
      error: 'Your session has ended. Open your personal link again, or start over.',
    };
  }
  return runValidated(schema, input, (data) => work(data, customer));
}
