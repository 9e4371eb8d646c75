import type { LinkKind, LinkStatus } from '@/lib/connect/status';

/**
 * Words and formats shared by the staff pages and their forms. Pure, so server pages and client
 * forms render the same text (dates in UTC, so server and browser never disagree).
 */

export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  full: 'Full',
  lite: 'Lite',
  fix: 'Fix',
  joint: 'Joint borrower',
  email: 'Email',
  email_joint: 'Joint borrower email',
};

export const LINK_STATUS_LABELS: Record<LinkStatus, string> = {
  requested: 'Waiting for Mastercard',
  unknown: 'Unknown: Mastercard did not answer',
  generated: 'Generated',
  opened: 'Opened',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
  expired: 'Expired',
};

export const REPORTED_COMPLETED_LABEL =
  'Completed (reported by the browser, not yet confirmed by Mastercard)';

/** A link's status for staff: a completion only the browser reported is shown apart. */
export function linkStatusLabel(link: {
  status: LinkStatus;
  webhookConfirmedAt: Date | string | null;
}): string {
  if (link.status === 'completed' && !link.webhookConfirmedAt) return REPORTED_COMPLETED_LABEL;
  return LINK_STATUS_LABELS[link.status];
}

/** The languages Data Connect speaks, as the `language` parameter takes them. */
export const CONNECT_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Spanish' },
  { value: 'es-US', label: 'Spanish (United States)' },
  { value: 'fr', label: 'French' },
  { value: 'fr-CA', label: 'French (Canada)' },
] as const;

/** "2026-11-24 06:28 UTC" from a Date or an ISO string. */
export function formatDateTime(value: Date | string): string {
  const iso = (typeof value === 'string' ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}
