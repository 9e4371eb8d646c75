import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { UserError } from '../action-result';
import { writeAudit } from '../audit';
import { EMAILED_LINK_TTL_MS, LINK_TTL_MS } from './constants';
import type { ConnectOptionsValues } from './schemas';
import {
  effectiveLinkStatus,
  INITIAL_LINK_STATUS,
  INTENT_LINK_STATUSES,
  type LinkStatus,
} from './status';
import { type Actor, actorColumns } from '../customers/customers';
import { type Customer } from '../customers/queries';
import type { Database } from '../db/client';
import { connectLinks } from '../db/schema';
import {
  type ConnectOptions,
  type EmailOptions,
  isApiError,
  isOutcomeUnknown,
  type OpenFinanceClient,
} from '../openfinance';

/**
 * Generating Data Connect URLs: every variant goes through `generateConnectLink`, which tells
 * Mastercard where to send the session's webhooks (with our link id in `webhookData`) and
 * stores the link with its expiry and status.
 */

export type ConnectLinkRow = typeof connectLinks.$inferSelect;

export interface LinkDeps {
  db: Database;
  client: OpenFinanceClient;
  /** The portal's public base URL: webhooks go to `${publicBaseUrl}/api/webhooks/connect`. */
  publicBaseUrl: string;
}

interface Common {
  customer: Customer;
  options: ConnectOptionsValues;
  /** A path on the portal to return to after Connect (redirect integrations), e.g. `/link`. */
  redirectPath?: string | undefined;
}

export type GenerateRequest =
  | (Common & { kind: 'full' })
  | (Common & { kind: 'lite'; institutionId: number })
  | (Common & { kind: 'fix'; institutionLoginId: string })
  | (Common & { kind: 'joint'; jointCustomer: Customer })
  | (Common & { kind: 'email'; email: EmailOptions })
  | (Common & { kind: 'email_joint'; jointCustomer: Customer; email: EmailOptions });

export function webhookUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl}/api/webhooks/connect`;
}

function requireConsumer(customer: Customer, who: string): string {
  if (!customer.consumerId) {
    throw new UserError(`The ${who} has no consumer details yet; add them before sending this.`);
  }
  return customer.consumerId;
}

/** A link whose generate/send call answered: it has its URL. */
export type GeneratedLinkRow = ConnectLinkRow & { link: string };

export interface GenerateOptions {
  /**
   * The id of an earlier intent of the same link or email that the person was told about and
   * chose to repeat anyway ("Send another email"); without it a repeat is refused.
   */
  confirmRepeatOf?: string | undefined;
}

/**
 * A `requested` row older than this has outlived any write deadline (`OPENFINANCE_WRITE_TIMEOUT_MS`
 * is at most ten minutes): its call ended without the row being settled (a crash, a restart).
 */
const STALE_REQUEST_MS = 11 * 60 * 1000;

const isEmailed = (kind: ConnectLinkRow['kind']) => kind === 'email' || kind === 'email_joint';

export const LINK_MESSAGES = {
  emailUnknown:
    'The email may have been sent: Mastercard did not answer in time. Check the customer’s emails and the mailbox before sending again.',
  linkUnknown:
    'Mastercard did not answer in time, so a link may have been made that the portal never received. Try again to make a new one.',
  emailRepeat:
    'An email with this link was already requested for this customer and recipient, and Mastercard never confirmed whether it was sent. Check the customer’s emails and the mailbox first; send another only if it did not arrive.',
  linkRepeat:
    'A link was already requested for this and Mastercard never confirmed it. Make a new one only if you need it.',
  emailPending: 'This email is being sent right now. Wait for the answer before sending it again.',
  linkPending: 'This link is being made right now. Wait a moment before asking again.',
} as const;

export const REPEAT_LABELS = { email: 'Send another email', link: 'Make a new link' } as const;

/**
 * Every generate/send: the intent is the `connect_links` row, inserted as `requested` before the
 * call (so the `ping` Mastercard sends during the call finds its link), then settled as
 * `generated`, `failed` (refused) or `unknown` (no answer: it may have happened). The same link
 * or email asked for again while an earlier one is requested or unknown, and not yet expired, is
 * refused with an explanation unless the person confirmed the repeat (`confirmRepeatOf`).
 */
export async function generateConnectLink(
  deps: LinkDeps,
  request: GenerateRequest,
  actor: Actor,
  options: GenerateOptions = {},
): Promise<GeneratedLinkRow> {
  const id = randomUUID();
  const common: ConnectOptions = {
    webhook: webhookUrl(deps.publicBaseUrl),
    webhookContentType: request.options.webhookContentType,
    webhookData: { linkId: id },
    ...(request.options.experience ? { experience: request.options.experience } : {}),
    ...(request.options.language ? { language: request.options.language } : {}),
    ...(request.options.singleUseUrl ? { singleUseUrl: true } : {}),
    ...(request.redirectPath
      ? { redirectUri: `${deps.publicBaseUrl}${request.redirectPath}` }
      : {}),
  };
  const customerId = request.customer.customerId;
  const borrowers = (joint: Customer) => [
    {
      customerId,
      consumerId: requireConsumer(request.customer, 'primary borrower'),
      type: 'primary' as const,
    },
    {
      customerId: joint.customerId,
      consumerId: requireConsumer(joint, 'joint borrower'),
      type: 'jointBorrower' as const,
    },
  ];

  // Everything the call needs is checked before the intent is written.
  let call: () => Promise<{ link: string; expiresAt?: Date }>;
  switch (request.kind) {
    case 'full': {
      const input = {
        ...common,
        customerId,
        ...(request.customer.consumerId ? { consumerId: request.customer.consumerId } : {}),
      };
      call = () => deps.client.generateFullLink(input);
      break;
    }
    case 'lite': {
      const input = { ...common, customerId, institutionId: request.institutionId };
      call = () => deps.client.generateLiteLink(input);
      break;
    }
    case 'fix': {
      const input = { ...common, customerId, institutionLoginId: request.institutionLoginId };
      call = () => deps.client.generateFixLink(input);
      break;
    }
    case 'joint': {
      const input = { ...common, borrowers: borrowers(request.jointCustomer) };
      call = () => deps.client.generateJointBorrowerLink(input);
      break;
    }
    case 'email': {
      const input = {
        ...common,
        customerId,
        consumerId: requireConsumer(request.customer, 'customer'),
        email: request.email,
      };
      call = () => deps.client.sendConnectEmail(input);
      break;
    }
    case 'email_joint': {
      const input = {
        ...common,
        borrowers: borrowers(request.jointCustomer),
        email: request.email,
      };
      call = () => deps.client.sendJointBorrowerEmail(input);
      break;
    }
  }

  const emailed = isEmailed(request.kind);
  const intent = {
    kind: request.kind,
    customerId: request.customer.id,
    jointCustomerId:
      request.kind === 'joint' || request.kind === 'email_joint' ? request.jointCustomer.id : null,
    institutionId: request.kind === 'lite' ? String(request.institutionId) : null,
    institutionLoginId: request.kind === 'fix' ? request.institutionLoginId : null,
    emailTo: request.kind === 'email' || request.kind === 'email_joint' ? request.email.to : null,
  };
  const intentKey = linkIntentKey(intent);
  const earlier = await findOpenIntent(deps.db, intentKey);
  if (earlier && earlier.id !== options.confirmRepeatOf) throw repeatRefusal(earlier);

  // At most one `requested` row per intent (a unique index): a double click inserts nothing.
  const [inserted] = await deps.db
    .insert(connectLinks)
    .values({
      id,
      ...intent,
      intentKey,
      experience: request.options.experience ?? null,
      language: request.options.language ?? null,
      singleUse: request.options.singleUseUrl,
      redirectUri: common.redirectUri ?? null,
      link: null,
      status: INITIAL_LINK_STATUS,
      expiresAt: new Date(Date.now() + (emailed ? EMAILED_LINK_TTL_MS : LINK_TTL_MS)),
      createdByUserId: actor.type === 'staff' ? actor.userId : null,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    throw new UserError(emailed ? LINK_MESSAGES.emailPending : LINK_MESSAGES.linkPending);
  }
  const action = emailed ? 'connect.email.send' : 'connect.link.generate';
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    writeAudit(deps.db, {
      ...actorColumns(actor),
      action,
      targetType: 'connect_link',
      targetId: id,
      details: {
        kind: request.kind,
        customerId: request.customer.id,
        ...(outcome === 'generated' ? {} : { outcome }),
        ...(options.confirmRepeatOf ? { repeatOf: options.confirmRepeatOf } : {}),
        ...extra,
      },
    });

  let result: { link: string; expiresAt?: Date };
  try {
    result = await call();
  } catch (error) {
    if (!isApiError(error)) {
      // Not an answer from Mastercard: whether the call went out is not known either.
      await settleIntent(deps.db, id, 'unknown');
      throw error;
    }
    const unknown = isOutcomeUnknown(error);
    await settleIntent(deps.db, id, unknown ? 'unknown' : 'failed');
    await audit(unknown ? 'unknown' : 'failed', {
      endpoint: error.endpoint,
      status: error.status,
      ...(error.code ? { code: error.code } : {}),
    });
    if (!unknown) throw error;
    // An email reaches a person: check before sending another (the next press is refused). A
    // link nobody received harms no one: a new one is offered at once.
    if (emailed) throw new UserError(LINK_MESSAGES.emailUnknown);
    throw new UserError(LINK_MESSAGES.linkUnknown, undefined, {
      confirm: { intentId: id, label: REPEAT_LABELS.link },
    });
  }

  const expiresAt = result.expiresAt ?? inserted.expiresAt;
  const [row] = await deps.db
    .update(connectLinks)
    .set({
      link: result.link,
      expiresAt,
      // A webhook may already have moved the link on (it then exists, whatever we thought).
      status: sql`case when ${connectLinks.status} in ('requested', 'unknown') then 'generated' else ${connectLinks.status} end`,
      updatedAt: sql`now()`,
    })
    .where(eq(connectLinks.id, id))
    .returning();
  await audit('generated');
  return row as GeneratedLinkRow;
}

type LinkIntent = Pick<
  ConnectLinkRow,
  'kind' | 'customerId' | 'jointCustomerId' | 'institutionId' | 'institutionLoginId' | 'emailTo'
>;

/** The same operation on the same customer(s) and recipient: a digest, stored on the row. */
export function linkIntentKey(intent: LinkIntent): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        intent.kind,
        intent.customerId,
        intent.jointCustomerId,
        intent.institutionId,
        intent.institutionLoginId,
        intent.emailTo?.trim().toLowerCase() ?? null,
      ]),
    )
    .digest('hex');
}

/**
 * The newest row of the same link or email that is still requested or unknown, and not expired.
 * A `requested` row older than any write deadline is settled as `unknown` on the way: its call
 * ended without an answer being recorded.
 */
export async function findOpenIntent(
  db: Database,
  intentKey: string,
): Promise<ConnectLinkRow | undefined> {
  const [row] = await db
    .select()
    .from(connectLinks)
    .where(
      and(
        eq(connectLinks.intentKey, intentKey),
        inArray(connectLinks.status, [...INTENT_LINK_STATUSES]),
        gt(connectLinks.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(connectLinks.createdAt))
    .limit(1);
  if (row?.status === 'requested' && Date.now() - row.createdAt.getTime() > STALE_REQUEST_MS) {
    await settleIntent(db, row.id, 'unknown');
    return { ...row, status: 'unknown' };
  }
  return row;
}

function repeatRefusal(earlier: ConnectLinkRow): UserError {
  const emailed = isEmailed(earlier.kind);
  if (earlier.status === 'requested') {
    return new UserError(emailed ? LINK_MESSAGES.emailPending : LINK_MESSAGES.linkPending);
  }
  return new UserError(emailed ? LINK_MESSAGES.emailRepeat : LINK_MESSAGES.linkRepeat, undefined, {
    confirm: { intentId: earlier.id, label: emailed ? REPEAT_LABELS.email : REPEAT_LABELS.link },
  });
}

async function settleIntent(db: Database, id: string, status: 'failed' | 'unknown') {
  await db
    .update(connectLinks)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(connectLinks.id, id), eq(connectLinks.status, 'requested')));
}

/** A link as the UI sees it: status with expiry applied. */
export function withEffectiveStatus(row: ConnectLinkRow, now = new Date()) {
  return { ...row, status: effectiveLinkStatus(row, now) as LinkStatus };
}

/** The link if it belongs to the customer (as primary or joint borrower), else undefined. */
export async function getCustomerLink(
  db: Database,
  linkId: string,
  customerId: string,
): Promise<ConnectLinkRow | undefined> {
  const [row] = await db
    .select()
    .from(connectLinks)
    .where(
      and(
        eq(connectLinks.id, linkId),
        or(eq(connectLinks.customerId, customerId), eq(connectLinks.jointCustomerId, customerId)),
      ),
    );
  return row;
}

export async function getLink(db: Database, linkId: string): Promise<ConnectLinkRow | undefined> {
  const [row] = await db.select().from(connectLinks).where(eq(connectLinks.id, linkId));
  return row;
}

export async function listCustomerLinks(db: Database, customerId: string, limit = 50) {
  return db
    .select()
    .from(connectLinks)
    .where(
      or(eq(connectLinks.customerId, customerId), eq(connectLinks.jointCustomerId, customerId)),
    )
    .orderBy(desc(connectLinks.createdAt))
    .limit(limit);
}
