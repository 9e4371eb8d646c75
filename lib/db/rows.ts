/** postgres.js returns raw query results as an array, PGlite as `{ rows }`; this evens them out. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
