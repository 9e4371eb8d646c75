/** Validators for identifiers that arrive from outside (paths, forms, webhook data). Pure. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, as the portal's own ids are (checked before any query uses one). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
