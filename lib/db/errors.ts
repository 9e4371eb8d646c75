/**
 * What may be said of a database error. Drizzle's error message holds the failed statement and its
 * parameters (request bodies, names), so logs and answers carry only these fields. Pure.
 */

/** SQLSTATE of a driver error, looking through Drizzle's wrapper. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
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
