import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { connectLinks, type linkKinds, type linkStatuses } from '../db/schema';
import { isUuid } from '../ids';

/**
 * The one owner of link status transitions (architecture document, "Link status"). The decision
 * is pure (`nextLinkStatus`, `effectiveLinkStatus`); `applyLinkEvent` only turns the same decision
 * into one conditional UPDATE, so concurrent SDK reports and webhooks cannot race each other.
 */

export type LinkStatus = (typeof linkStatuses)[number];
export type LinkKind = (typeof linkKinds)[number];

export const NON_TERMINAL_LINK_STATUSES = ['generated', 'opened', 'in_progress'] as const;
/**
 * Before the generate/send call answers (`requested`), or when it never did (`unknown`). They
 * expire like open links; a webhook for an `unknown` link proves that it exists and moves it on.
 */
export const INTENT_LINK_STATUSES = ['requested', 'unknown'] as const;
export const TERMINAL_LINK_STATUSES = ['completed', 'cancelled', 'failed', 'expired'] as const;

/** Every link is recorded in this status before its generate/send call. */
export const INITIAL_LINK_STATUS: LinkStatus = 'requested';

export const sdkEventTypes = ['load', 'route', 'user', 'done', 'cancel', 'error'] as const;
export type SdkEventType = (typeof sdkEventTypes)[number];

/** What the embedded SDK reported (`route` carries the screen) or a webhook's `eventType`. */
export type LinkEvent =
  | { source: 'sdk'; type: SdkEventType; screen?: string | null | undefined }
  | { source: 'webhook'; type: string };

export interface LinkTransition {
  to: LinkStatus;
  from: readonly LinkStatus[];
}

/** Route screens that show only the start of the experience; a route without a screen counts too. */
const LANDING_SCREENS = new Set(['', 'landing']);

/**
 * Webhooks that can only be sent once the customer is past the landing screen. The architecture
 * table names adding, discovered, invalidCredentials and the institution events; added,
 * credentialsUpdated, unableToConnect and accountsDeleted come later in the same flow, so a link
 * whose earlier events were lost still shows progress.
 */
const PROGRESS_WEBHOOKS = new Set([
  'adding',
  'discovered',
  'invalidCredentials',
  'institutionSupported',
  'institutionNotFound',
  'institutionNotSupported',
  'added',
  'credentialsUpdated',
  'unableToConnect',
  'accountsDeleted',
]);

const toOpened: LinkTransition = { to: 'opened', from: ['generated', 'unknown'] };
const toInProgress: LinkTransition = {
  to: 'in_progress',
  from: ['generated', 'opened', 'unknown'],
};
const endAs = (to: LinkStatus): LinkTransition => ({ to, from: NON_TERMINAL_LINK_STATUSES });
// The webhook is the source of truth when it and the browser disagree: a `done` webhook after an
// SDK cancel or error (a closed tab, a flaky iframe) still completes the link.
const webhookDone: LinkTransition = {
  to: 'completed',
  from: [...NON_TERMINAL_LINK_STATUSES, 'unknown', 'cancelled', 'failed'],
};

/** The transition an event asks for, or null when the event never moves a link. */
export function linkTransition(event: LinkEvent): LinkTransition | null {
  if (event.source === 'sdk') {
    switch (event.type) {
      case 'load':
        return toOpened;
      case 'route':
        return LANDING_SCREENS.has((event.screen ?? '').trim().toLowerCase())
          ? toOpened
          : toInProgress;
      case 'done':
        return endAs('completed');
      case 'cancel':
        return endAs('cancelled');
      case 'error':
        return endAs('failed');
      case 'user':
        return null;
    }
  }
  if (event.type === 'started') return toOpened;
  if (event.type === 'done') return webhookDone;
  if (PROGRESS_WEBHOOKS.has(event.type)) return toInProgress;
  return null;
}

/** The status after `event`; unchanged when the event does not apply to `current`. */
export function nextLinkStatus(current: LinkStatus, event: LinkEvent): LinkStatus {
  const transition = linkTransition(event);
  return transition && transition.from.includes(current) ? transition.to : current;
}

export function isTerminalLinkStatus(status: LinkStatus): boolean {
  return (TERMINAL_LINK_STATUSES as readonly LinkStatus[]).includes(status);
}

/** The status to show: a link still open when `expiresAt` passes reads as `expired`. */
export function effectiveLinkStatus(
  link: { status: LinkStatus; expiresAt: Date | string | number },
  now: Date = new Date(),
): LinkStatus {
  if (isTerminalLinkStatus(link.status)) return link.status;
  return new Date(link.expiresAt).getTime() <= now.getTime() ? 'expired' : link.status;
}

/**
 * Applies `event` to the stored link in one conditional UPDATE. Returns the new status, or null
 * when nothing changed (unknown link, or the event does not apply to the link's current status).
 * The `done` webhook also stamps `webhook_confirmed_at`, including on a link the browser already
 * reported completed (its status stays `completed`).
 */
export async function applyLinkEvent(
  db: Database,
  linkId: string,
  event: LinkEvent,
): Promise<LinkStatus | null> {
  const transition = linkTransition(event);
  if (!transition || !isUuid(linkId)) return null;
  if (event.source === 'webhook' && event.type === 'done') {
    // Mastercard's confirmation: completes the link, or confirms a completion the browser
    // reported. Only the first `done` changes anything.
    const rows = await db
      .update(connectLinks)
      .set({ status: 'completed', webhookConfirmedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(connectLinks.id, linkId),
          inArray(connectLinks.status, [...transition.from, 'completed']),
          isNull(connectLinks.webhookConfirmedAt),
        ),
      )
      .returning({ status: connectLinks.status });
    return rows[0]?.status ?? null;
  }
  const rows = await db
    .update(connectLinks)
    .set({ status: transition.to, updatedAt: sql`now()` })
    .where(and(eq(connectLinks.id, linkId), inArray(connectLinks.status, [...transition.from])))
    .returning({ status: connectLinks.status });
  return rows[0]?.status ?? null;
}
