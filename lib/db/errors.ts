/**
 * What may be said of a database error. Drizzle's error message holds the failed statement and its
 * parameters (request bodies, names), so logs and answers carry only these fields. Pure.
 */

/** SQLSTATE of a driver error, looking through Drizzle's wrapper. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    // Five characters with a digit: a SQLSTATE, not a Node errno such as EPIPE.
    if (typeof code === 'string' && /^(?=.*\d)[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The loggable fields of a failure: its class name and SQLSTATE, never its message. */
export function failureFields(error: unknown): { error: string; code?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = sqlStateOf(error);
  return code === undefined ? { error: name } : { error: name, code };
}

/** Errors caused by one row's data (class 22, 23, 54), not by the database being unavailable. */
export function isDataError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && /^(22|23|54)/.test(state);
}

/** postgres.js's own codes for a connection it could not make or keep. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/**
 * Whether the database could not answer (a deadline, a restarted thread, a refused or lost
 * connection): worth a retry, unlike an error caused by the data (isDataError) or a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined) return !isDataError(error);
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
