import type { ActionResult } from './action-result';
import { isUserError } from './action-result';
import { log, type Logger } from './log';
import { isApiError } from './openfinance/errors';

/**
 * How a failure inside a server action becomes the answer a person reads. Pure apart from the
 * log line, so the translation is tested without Next. Upstream errors are recognised by their
 * brand (`isApiError`), never `instanceof`: the class exists once per bundle chunk.
 */

export const UNEXPECTED_FAILURE_MESSAGE =
  'Something went wrong on our side. Check whether your last step took effect before trying again.';

/** The fields of an unexpected failure that are safe to log: no message, no body. */
function unexpectedLogFields(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const fields: Record<string, unknown> = {
    name: error instanceof Error ? error.name : (error.constructor?.name ?? 'object'),
  };
  // An error shaped like an upstream failure says where it came from, even when unbranded.
  const { endpoint, status, kind, code } = error as Record<string, unknown>;
  if (typeof endpoint === 'string') fields.endpoint = endpoint;
  if (typeof status === 'number' || status === null) fields.status = status;
  if (typeof kind === 'string') fields.kind = kind;
  if (typeof code === 'string') fields.code = code;
  return fields;
}

export function actionFailure(error: unknown, logger: Logger = log): ActionResult<never> {
  if (isApiError(error)) {
    logger.warn('action.upstream_failure', error.toLogFields());
    return { ok: false, error: error.safeMessage };
  }
  if (isUserError(error)) {
    return {
      ok: false,
      error: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.confirm ? { confirm: error.confirm } : {}),
    };
  }
  logger.error('action.unexpected_failure', unexpectedLogFields(error));
  return { ok: false, error: UNEXPECTED_FAILURE_MESSAGE };
}
