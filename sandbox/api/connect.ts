// Connect URL generation and Connect emails: Full, Lite, Fix, joint borrower, email and joint
// email. Each call checks its body, pings the webhook, stores the link (and the email).
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import { connectError, json, jsonBody, type Req, type Res, type Router } from '../http';
import { buildLink, EMAIL_LINK_TTL_MS, LINK_TTL_MS } from '../links';
import type { BorrowerRecord, LinkKind, LinkRecord } from '../store';
import {
  commonOptions,
  emailOptions,
  idString,
  invalid,
  plainObject,
  requireId,
} from './connect-fields';
import { requireCustomer } from './shared';

export const DEFAULT_EMAIL_SUBJECT = 'Verify your Financial Information';
export const DEFAULT_EMAIL_FROM = 'Mastercard Open Finance <no-reply@sandbox.openfinance.example>';

export function registerConnect(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;

  function checkPartner(body: Record<string, unknown>): void {
    const partnerId = requireId(body, 'partnerId');
    if (partnerId !== state().partner.id) invalid('Invalid "partnerId" in request body');
  }

  // Connect asks the aggregation service for the customer and reports that call's failure.
  const checkCustomer = (customerId: string) =>
    requireCustomer(ctx, customerId, (id) =>
      connectError(
        400,
        '10010',
        `Request failed with status code 404 GET /aggregation/v1/customers/${id}`,
      ),
    );

  function checkConsumer(consumerId: string): void {
    if (!state().consumers[consumerId])
      invalid(`Request failed with status code 404 GET /decisioning/v1/consumers/${consumerId}`);
  }

  function borrowers(body: Record<string, unknown>): BorrowerRecord[] {
    const list = body.borrowers;
    if (list === undefined || list === null) invalid('"borrowers" is required');
    if (!Array.isArray(list)) invalid('"borrowers" must be an array');
    if (list.length === 0) invalid('"borrowers" must contain at least 1 items');
    const out = list.map((item, i) => {
      if (!plainObject(item)) invalid(`"borrowers[${i}]" must be of type object`);
      const customerId = requireId(item, 'customerId', `borrowers[${i}].customerId`);
      const consumerId = requireId(item, 'consumerId', `borrowers[${i}].consumerId`);
      const type = item.type;
      if (type === undefined || type === null) invalid(`"borrowers[${i}].type" is required`);
      if (type !== 'primary' && type !== 'jointBorrower')
        invalid(`"borrowers[${i}].type" must be one of [primary, jointBorrower]`);
      const info = item.optionalConsumerInfo;
      if (info !== undefined && info !== null && !plainObject(info)) {
        invalid(`"borrowers[${i}].optionalConsumerInfo" must be of type object`);
      }
      return {
        customerId,
        consumerId,
        type,
        optionalConsumerInfo: info ?? undefined,
      } as BorrowerRecord;
    });
    if (out.filter((b) => b.type === 'primary').length !== 1)
      invalid('"borrowers" must contain exactly one primary borrower');
    for (const b of out) {
      checkCustomer(b.customerId);
      checkConsumer(b.consumerId);
    }
    return out;
  }

  async function issue(
    kind: LinkKind,
    draft: Omit<
      LinkRecord,
      | 'id'
      | 'url'
      | 'createdAt'
      | 'expiresAt'
      | 'status'
      | 'used'
      | 'events'
      | 'institutionLoginIds'
      | 'origin'
      | 'partnerId'
      | 'kind'
    >,
  ): Promise<Res> {
    const s = state();
    const origin = kind === 'email' || kind === 'email_joint' ? 'email' : 'url';
    // Timestamps are unique so that two identical requests get two distinct links.
    const timestamp = Math.max(ctx.clock.now(), s.counters.lastLinkTimestamp + 1);
    s.counters.lastLinkTimestamp = timestamp;
    const ttl = timestamp + (origin === 'email' ? EMAIL_LINK_TTL_MS : LINK_TTL_MS);
    const { url, signature } = buildLink(
      ctx.config.publicUrl,
      {
        customerId: draft.customerId,
        partnerId: s.partner.id,
        origin,
        type: kind === 'lite' ? 'lite' : kind === 'fix' ? 'fix' : undefined,
        institutionId: draft.institutionId,
        institutionLoginId: draft.institutionLoginId,
        consumerId: draft.consumerId,
        language: draft.language,
        timestamp,
        ttl,
      },
      s.linkSecret,
    );
    const link: LinkRecord = {
      ...draft,
      id: signature,
      kind,
      url,
      partnerId: s.partner.id,
      origin,
      createdAt: timestamp,
      expiresAt: ttl,
      status: 'generated',
      used: false,
      events: [],
      institutionLoginIds: [],
    };
    if (link.webhook) {
      const ping = await ctx.webhooks.ping(link);
      if (!ping.ok) {
        return connectError(
          400,
          '10010',
          `Webhook ping to "${link.webhook}" failed: the endpoint ${ping.reason}`,
          {
            user_message: 'The webhook URL must answer the ping event with HTTP 2xx.',
          },
        );
      }
    }
    s.links[signature] = link;
    if (link.email) {
      const email = link.email;
      s.mailbox.push({
        id: randomBytes(8).toString('hex'),
        linkId: signature,
        kind: kind === 'email_joint' ? 'email_joint' : 'email',
        to: email.to,
        from: email.from ?? DEFAULT_EMAIL_FROM,
        subject: email.subject ?? DEFAULT_EMAIL_SUBJECT,
        firstName: email.firstName,
        supportPhone: email.supportPhone,
        institutionName: email.institutionName,
        institutionAddress: email.institutionAddress,
        signature: email.signature ?? [],
        link: url,
        customerId: link.customerId,
        consumerId: link.consumerId,
        createdAt: timestamp,
      });
      ctx.store.save();
      return json(200, { link: url, emailConfig: email });
    }
    ctx.store.save();
    return json(200, { link: url });
  }

  const connectBody = (req: Req) =>
    jsonBody(req, () => connectError(400, '10010', 'Invalid JSON in request body'));

  router.add('POST', '/connect/v2/generate', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const consumerId = idString(body, 'consumerId');
    const options = commonOptions(body);
    checkCustomer(customerId);
    // A consumerId is accepted without an ownership check (Decisions box).
    return issue('full', { ...options, customerId, consumerId });
  });

  router.add('POST', '/connect/v2/generate/lite', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const rawInstitution = body.institutionId;
    if (rawInstitution === undefined || rawInstitution === null || rawInstitution === '')
      invalid('"institutionId" is required');
    const institutionId =
      typeof rawInstitution === 'string' && /^\d+$/.test(rawInstitution)
        ? Number(rawInstitution)
        : rawInstitution;
    if (typeof institutionId !== 'number' || !Number.isInteger(institutionId))
      invalid('"institutionId" must be a number');
    const options = commonOptions(body);
    checkCustomer(customerId);
    if (!ctx.catalog.get(institutionId)) {
      invalid(
        `Request failed with status code 404 GET /institution/v2/institutions/${institutionId}`,
      );
    }
    return issue('lite', { ...options, customerId, institutionId });
  });

  router.add('POST', '/connect/v2/generate/fix', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const institutionLoginId = requireId(body, 'institutionLoginId');
    const options = commonOptions(body);
    checkCustomer(customerId);
    const login = state().institutionLogins[institutionLoginId];
    const hasAccounts =
      login !== undefined &&
      login.customerId === customerId &&
      Object.values(state().accounts).some((a) => a.institutionLoginId === login.id);
    if (!hasAccounts) {
      const message = 'Customer does not have any accounts associated with institutionLoginId.';
      return connectError(404, '38007', message, {
        title: 'Connecting accounts error',
        user_message: message,
        level: 'error',
      });
    }
    return issue('fix', {
      ...options,
      customerId,
      institutionLoginId,
      institutionId: login.institutionId,
    });
  });

  router.add('POST', '/connect/v2/generate/jointBorrower', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const options = commonOptions(body);
    const list = borrowers(body);
    const primary = list.find((b) => b.type === 'primary') as BorrowerRecord;
    return issue('joint', {
      ...options,
      customerId: primary.customerId,
      consumerId: primary.consumerId,
      borrowers: list,
    });
  });

  router.add('POST', '/connect/v2/send/email', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const consumerId = requireId(body, 'consumerId');
    const email = emailOptions(body);
    const options = commonOptions(body);
    checkCustomer(customerId);
    checkConsumer(consumerId);
    return issue('email', { ...options, customerId, consumerId, email });
  });

  router.add('POST', '/connect/v2/send/email/jointBorrower', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const email = emailOptions(body);
    const options = commonOptions(body);
    const list = borrowers(body);
    const primary = list.find((b) => b.type === 'primary') as BorrowerRecord;
    return issue('email_joint', {
      ...options,
      customerId: primary.customerId,
      consumerId: primary.consumerId,
      borrowers: list,
      email,
    });
  });
}
