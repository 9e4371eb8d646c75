// Partner authentication: tokens, the secret's rotation and the lockout after failed attempts,
// and the header check every other API route passes first.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import { apiError, json, jsonBody, noContent, type Req, type Res, type Router } from '../http';
import { missing } from './shared';

export const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;
export const MAX_FAILED_AUTHENTICATIONS = 5;
export const SECRET_GRACE_MS = 30 * 24 * 60 * 60 * 1000;

const LOCKED_USER_MESSAGE =
  'The partner account is locked after 5 failed authentication attempts. Reset the sandbox to unlock it.';

export function newToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Header checks shared by every API route: app key always, token unless the route is authentication. */
export function checkCredentials(
  ctx: SandboxContext,
  req: Req,
  needsToken: boolean,
): Res | undefined {
  const appKey = req.headers['finicity-app-key'];
  if (typeof appKey !== 'string' || appKey === '') {
    return apiError(401, 10026, 'Missing parameter (Finicity-App-Key)');
  }
  if (appKey !== ctx.config.appKey) return apiError(401, 10021, 'You are not authorized.');
  if (!needsToken) return undefined;
  const token = req.headers['finicity-app-token'];
  if (typeof token !== 'string' || token === '')
    return apiError(401, 10024, 'Missing parameter (Finicity-App-Token)');
  const record = ctx.store.state.tokens[token];
  if (!record) return apiError(401, 10022, 'Invalid (Finicity-App-Token)');
  if (ctx.clock.now() >= record.expiresAt)
    return apiError(401, 10023, 'Expired (Finicity-App-Token)');
  return undefined;
}

function partnerNotFound(): Res {
  // The spec types this response as ErrorWrapper while its example is flat; the body carries both
  // shapes so clients reading either one see "partner not found".
  return json(404, {
    code: 12401,
    message: 'partner not found',
    Errors: {
      Error: [
        {
          Source: 'partner',
          ReasonCode: '12401',
          Description: 'partner not found',
          Recoverable: false,
          Details: 'No partner with this partnerId exists.',
        },
      ],
    },
  });
}

/** Verify partner credentials, counting failures toward the lockout. */
function verifyPartner(
  ctx: SandboxContext,
  partnerId: unknown,
  partnerSecret: unknown,
): Res | undefined {
  const partner = ctx.store.state.partner;
  if (typeof partnerId !== 'string' || partnerId === '') return missing('partnerId');
  if (typeof partnerSecret !== 'string' || partnerSecret === '') return missing('partnerSecret');
  if (partnerId !== partner.id) return partnerNotFound();
  if (partner.locked)
    return apiError(401, 10021, 'You are not authorized.', { user_message: LOCKED_USER_MESSAGE });
  const now = ctx.clock.now();
  const previousOk =
    partner.previousSecret !== undefined &&
    partner.previousSecret.until > now &&
    partner.previousSecret.secret === partnerSecret;
  if (partnerSecret !== partner.secret && !previousOk) {
    partner.failedAttempts += 1;
    if (partner.failedAttempts >= MAX_FAILED_AUTHENTICATIONS) partner.locked = true;
    ctx.store.save();
    return apiError(401, 10001, 'Invalid credentials');
  }
  partner.failedAttempts = 0;
  return undefined;
}

const SECRET_POLICY = /^[A-Za-z0-9!@#$%&*_\-+]{12,255}$/;

export function registerAuthentication(router: Router, ctx: SandboxContext): void {
  const path = '/aggregation/v2/partners/authentication';
  router.add(
    'POST',
    path,
    (req) => {
      const body = jsonBody(req);
      const error = verifyPartner(ctx, body.partnerId, body.partnerSecret);
      if (error) return error;
      const now = ctx.clock.now();
      const token = newToken();
      const tokens = ctx.store.state.tokens;
      for (const [key, record] of Object.entries(tokens))
        if (record.expiresAt <= now) delete tokens[key];
      tokens[token] = { issuedAt: now, expiresAt: now + TOKEN_TTL_MS };
      ctx.store.save();
      return json(200, { token });
    },
    { auth: 'appKey' },
  );
  router.add(
    'PUT',
    path,
    (req) => {
      const body = jsonBody(req);
      if (typeof body.newPartnerSecret !== 'string' || body.newPartnerSecret === '') {
        if (typeof body.partnerId === 'string' && typeof body.partnerSecret === 'string')
          return missing('newPartnerSecret');
      }
      const error = verifyPartner(ctx, body.partnerId, body.partnerSecret);
      if (error) return error;
      const next = body.newPartnerSecret;
      if (typeof next !== 'string' || next === '') return missing('newPartnerSecret');
      if (!SECRET_POLICY.test(next) || !/[A-Za-z]/.test(next) || !/[0-9]/.test(next)) {
        return apiError(400, 24437, 'New password is not as per policy');
      }
      const partner = ctx.store.state.partner;
      const immediate = body.immediate !== false;
      partner.previousSecret = immediate
        ? undefined
        : { secret: partner.secret, until: ctx.clock.now() + SECRET_GRACE_MS };
      partner.secret = next;
      ctx.store.save();
      return noContent();
    },
    { auth: 'appKey' },
  );
}
