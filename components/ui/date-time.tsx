import { formatDateTime } from '../staff/labels';

/** A machine-readable <time> showing "2026-11-24 06:28 UTC": one date format across the portal. */
export function DateTime({ value }: { value: Date | string }) {
  const iso = typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
  return <time dateTime={iso}>{formatDateTime(value)}</time>;
}
