import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { NextResponse } from 'next/server';
import { failureFields, isDatabaseUnavailable } from '../db/errors';
import { log } from '../log';

/**
 * Route handlers answer their own failures, so Next never does: Next would answer 500 and log the
 * error's message, which for a database error is the failed statement with its parameters
 * (request bodies, names). Here a database that cannot answer (a statement past its deadline, a
 * restarted PGlite thread, a refused or lost connection) is a 503 the caller may retry; anything
 * else, a data error included, a 500; and the log line carries only the error's class and SQLSTATE.
 */
export function answerFailures<Args extends unknown[]>(
  component: string,
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      // Next's own control flow (redirect, notFound, …) is not a failure.
      unstable_rethrow(error);
      log.error('request failed', { component, ...failureFields(error) });
      return failureResponse(error);
    }
  };
}

export function failureResponse(error: unknown): Response {
  const unavailable = isDatabaseUnavailable(error);
  return NextResponse.json(
    {
      error: unavailable
        ? 'The portal could not reach its records just now. Try again in a moment.'
        : 'Something went wrong on our side. Try again in a moment.',
    },
    {
      status: unavailable ? 503 : 500,
      headers: { 'Cache-Control': 'no-store', ...(unavailable ? { 'Retry-After': '5' } : {}) },
    },
  );
}
