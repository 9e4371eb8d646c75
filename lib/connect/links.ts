import { randomUUID } from 'node:crypto';
import { and, desc, eq, or } from 'drizzle-orm';
import type { Database } from '../db/client';
import { UserError } from '../action-result';
import { type Customer, writeAudit } from '../db/queries';
import { connectLinks } from '../db/schema';
import { type Actor, actorColumns } from '../customers/customers';
import type { ConnectOptions, EmailOptions, OpenFinanceClient } from '../openfinance';
import { EMAILED_LINK_TTL_MS, LINK_TTL_MS } from './constants';
import type { ConnectOptionsValues } from './schemas';
import { effectiveLinkStatus, type LinkStatus } from './status';

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

export async function generateConnectLink(
  deps: LinkDeps,
  request: GenerateRequest,
  actor: Actor,
): Promise<ConnectLinkRow> {
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

  let result: { link: string; expiresAt?: Date };
  switch (request.kind) {
    case 'full':
      result = await deps.client.generateFullLink({
        ...common,
        customerId,
        ...(request.customer.consumerId ? { consumerId: request.customer.consumerId } : {}),
      });
      break;
    case 'lite':
      result = await deps.client.generateLiteLink({
        ...common,
        customerId,
        institutionId: request.institutionId,
      });
      break;
    case 'fix':
      result = await deps.client.generateFixLink({
        ...common,
        customerId,
        institutionLoginId: request.institutionLoginId,
      });
      break;
    case 'joint':
      result = await deps.client.generateJointBorrowerLink({
        ...common,
        borrowers: borrowers(request.jointCustomer),
      });
      break;
    case 'email':
      result = await deps.client.sendConnectEmail({
        ...common,
        customerId,
        consumerId: requireConsumer(request.customer, 'customer'),
        email: request.email,
      });
      break;
    case 'email_joint':
      result = await deps.client.sendJointBorrowerEmail({
        ...common,
        borrowers: borrowers(request.jointCustomer),
        email: request.email,
      });
      break;
  }

  const emailed = request.kind === 'email' || request.kind === 'email_joint';
  const expiresAt =
    result.expiresAt ?? new Date(Date.now() + (emailed ? EMAILED_LINK_TTL_MS : LINK_TTL_MS));
  const [row] = await deps.db
    .insert(connectLinks)
    .values({
      id,
      kind: request.kind,
      customerId: request.customer.id,
      jointCustomerId:
        request.kind === 'joint' || request.kind === 'email_joint'
          ? request.jointCustomer.id
          : null,
      institutionId: request.kind === 'lite' ? String(request.institutionId) : null,
      institutionLoginId: request.kind === 'fix' ? request.institutionLoginId : null,
      experience: request.options.experience ?? null,
      language: request.options.language ?? null,
      singleUse: request.options.singleUseUrl,
      redirectUri: common.redirectUri ?? null,
      emailTo: emailed ? request.email.to : null,
      link: result.link,
      expiresAt,
      createdByUserId: actor.type === 'staff' ? actor.userId : null,
    })
    .returning();
  await writeAudit(deps.db, {
    ...actorColumns(actor),
    action: emailed ? 'connect.email.send' : 'connect.link.generate',
    targetType: 'connect_link',
    targetId: id,
    details: { kind: request.kind, customerId: request.customer.id },
  });
  return row!;
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
