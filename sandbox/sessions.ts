// The session driver: what a person does in the hosted Connect pages, as plain functions.
// The control API calls completeSession / cancelSession / failSession; the hosted pages call
// the individual steps (openLink → startSession → chooseInstitution → beginSignIn →
// discoverAccounts → saveAccounts → finishSession) as the person moves through the screens.
// A full successful session sends: started, institutionSupported, adding, discovered, added, done.
import type { SandboxContext } from './context';
import { verifyLink } from './links';
import {
  answerMfa,
  defaultPassword,
  FINBANK,
  signInProfile,
  type AccountTemplate,
  type MfaAnswerResult,
  type MfaChallenge,
  type SignInResult,
} from './profiles';
import {
  addInstitutionLogin,
  type AccountRecord,
  type InstitutionLoginRecord,
  type LinkRecord,
} from './store';
import { accountToWire } from './wire';

/** Inactivity before the "are you still there?" alert, on the sandbox clock. */
export const SESSION_IDLE_ALERT_MS = 5 * 60 * 1000;
/** The same while the person is away signing in at an OAuth institution. */
export const SESSION_OAUTH_IDLE_ALERT_MS = 10 * 60 * 1000;
/** The session ends this long after the alert unless the person continues. */
export const SESSION_ALERT_GRACE_MS = 2 * 60 * 1000;
/** A Connect session ends this long after it was authenticated (the link opened), whatever the activity. */
export const SESSION_MAX_MS = 60 * 60 * 1000;
/** What the SDK receives when a session times out. */
export const TIMEOUT_ERROR = { code: 1440, reason: 'timeout' } as const;

/** Whose accounts a step is for: the link's customer, or one borrower of a joint-borrower link. */
export interface Borrower {
  customerId: string;
  consumerId?: string;
  type: 'primary' | 'jointBorrower' | 'single';
}

/** The people who connect accounts in a session, in order: primary borrower first for joint links. */
export function borrowersOf(link: LinkRecord): Borrower[] {
  if (link.borrowers && link.borrowers.length > 0) {
    const sorted = [...link.borrowers].sort(
      (a, b) => Number(b.type === 'primary') - Number(a.type === 'primary'),
    );
    return sorted.map((b) => ({
      customerId: b.customerId,
      consumerId: b.consumerId,
      type: b.type === 'primary' ? 'primary' : 'jointBorrower',
    }));
  }
  return [{ customerId: link.customerId, consumerId: link.consumerId, type: 'single' }];
}

function idsOf(borrower?: Borrower): { customerId?: string; consumerId?: string } {
  return borrower ? { customerId: borrower.customerId, consumerId: borrower.consumerId } : {};
}

export type OpenLinkResult =
  | { ok: true; link: LinkRecord }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'unknown' | 'used' };

export class SessionError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Check a link URL (or its query string): signature, expiry on the sandbox clock, existence, single use. */
export function openLink(ctx: SandboxContext, url: string | URLSearchParams): OpenLinkResult {
  const check = verifyLink(url, ctx.store.state.linkSecret, ctx.clock.now());
  if (!check.ok) return { ok: false, reason: check.reason };
  const link = ctx.store.state.links[check.signature];
  if (!link) return { ok: false, reason: 'unknown' };
  if (link.used) return { ok: false, reason: 'used' };
  return { ok: true, link };
}

/** Find a link by its id (signature) or by its URL, without validity checks. */
export function findLink(ctx: SandboxContext, idOrUrl: string): LinkRecord | undefined {
  const links = ctx.store.state.links;
  if (links[idOrUrl]) return links[idOrUrl];
  const query = idOrUrl.includes('?') ? idOrUrl.slice(idOrUrl.indexOf('?') + 1) : idOrUrl;
  const signature = new URLSearchParams(query).get('signature');
  return signature ? links[signature] : undefined;
}

function requireUsable(ctx: SandboxContext, link: LinkRecord): void {
  if (link.used) throw new SessionError('used', 'This link has already been used.');
  if (ctx.clock.now() >= link.expiresAt)
    throw new SessionError('expired', 'This link has expired.');
}

async function emit(
  ctx: SandboxContext,
  link: LinkRecord,
  eventType: string,
  payload: Record<string, unknown>,
  borrower?: Borrower,
) {
  link.events.push(eventType);
  ctx.store.save();
  await ctx.webhooks.send(link, eventType, payload, idsOf(borrower));
}

function markInProgress(link: LinkRecord): void {
  if (link.status === 'generated' || link.status === 'opened') link.status = 'in_progress';
}

/** The landing page was shown: sends `started` once per session (a reusable link may hold several). */
export async function startSession(ctx: SandboxContext, link: LinkRecord): Promise<void> {
  requireUsable(ctx, link);
  if (link.status === 'opened' || link.status === 'in_progress') return;
  link.status = 'opened';
  await emit(ctx, link, 'started', {});
}

/**
 * The person picked an institution: `institutionSupported`, or `institutionNotSupported` when it
 * is unknown or not aggregating (status `maintenance`/`offline`).
 */
export async function chooseInstitution(
  ctx: SandboxContext,
  link: LinkRecord,
  institutionId: number,
  borrower?: Borrower,
): Promise<boolean> {
  requireUsable(ctx, link);
  markInProgress(link);
  const inst = ctx.catalog.get(institutionId);
  const supported =
    inst !== undefined && inst.status !== 'maintenance' && inst.status !== 'offline';
  await emit(
    ctx,
    link,
    supported ? 'institutionSupported' : 'institutionNotSupported',
    { institutionId: String(institutionId) },
    borrower,
  );
  return supported;
}

/** A search in Connect found nothing: `institutionNotFound` with the query. */
export async function searchInstitutions(
  ctx: SandboxContext,
  link: LinkRecord,
  query: string,
  found: number,
  borrower?: Borrower,
): Promise<void> {
  requireUsable(ctx, link);
  markInProgress(link);
  if (found === 0) await emit(ctx, link, 'institutionNotFound', { query }, borrower);
  else ctx.store.save();
}

/**
 * Credentials submitted: sends `adding`, then on failure `invalidCredentials` (103) or
 * `unableToConnect` (other codes). MFA challenges are returned to the caller to present.
 */
export async function beginSignIn(
  ctx: SandboxContext,
  link: LinkRecord,
  input: { institutionId: number; username: string; password: string },
  borrower?: Borrower,
): Promise<SignInResult> {
  requireUsable(ctx, link);
  markInProgress(link);
  await emit(ctx, link, 'adding', { institutionId: String(input.institutionId) }, borrower);
  const result = signInProfile(input.institutionId, input.username, input.password);
  if (result.outcome === 'failure') {
    await emit(
      ctx,
      link,
      result.code === 103 ? 'invalidCredentials' : 'unableToConnect',
      { institutionId: String(input.institutionId), code: result.code },
      borrower,
    );
  }
  return result;
}

/** An MFA answer: a failure (e.g. 187) sends `unableToConnect`; otherwise success or another challenge. */
export async function answerMfaChallenge(
  ctx: SandboxContext,
  link: LinkRecord,
  input: { institutionId: number; challenge: MfaChallenge; answer: string },
  borrower?: Borrower,
): Promise<MfaAnswerResult> {
  requireUsable(ctx, link);
  const outcome = answerMfa(input.challenge, input.answer);
  if (outcome.outcome === 'failure') {
    await emit(
      ctx,
      link,
      'unableToConnect',
      { institutionId: String(input.institutionId), code: outcome.code },
      borrower,
    );
  }
  return outcome;
}

/** Sign-in (and MFA) succeeded: creates the institution login with `pending` accounts, sends `discovered`. */
export async function discoverAccounts(
  ctx: SandboxContext,
  link: LinkRecord,
  input: { institutionId: number; templates: AccountTemplate[]; profile?: string },
  borrower?: Borrower,
): Promise<{ login: InstitutionLoginRecord; accounts: AccountRecord[] }> {
  requireUsable(ctx, link);
  const created = addInstitutionLogin(ctx.store.state, {
    customerId: borrower?.customerId ?? link.customerId,
    institutionId: input.institutionId,
    templates: input.templates,
    now: ctx.clock.now(),
    linkId: link.id,
    profile: input.profile,
    status: 'pending',
  });
  link.institutionLoginIds.push(created.login.id);
  await emit(
    ctx,
    link,
    'discovered',
    { institutionId: String(input.institutionId), accounts: created.accounts.map(accountToWire) },
    borrower,
  );
  return created;
}

/**
 * The person saved a selection: chosen accounts become `active` (code 0, or the code a test user
 * leaves behind, e.g. 103 for Fix), the rest are dropped; sends `added`.
 */
export async function saveAccounts(
  ctx: SandboxContext,
  link: LinkRecord,
  institutionLoginId: number,
  accountIds?: string[],
  options: { aggregationStatusCode?: number; borrower?: Borrower } = {},
): Promise<AccountRecord[]> {
  requireUsable(ctx, link);
  const state = ctx.store.state;
  const login = state.institutionLogins[String(institutionLoginId)];
  if (!login)
    throw new SessionError('unknown-login', `Unknown institution login ${institutionLoginId}.`);
  const seconds = Math.floor(ctx.clock.now() / 1000);
  const saved: AccountRecord[] = [];
  for (const account of Object.values(state.accounts)) {
    if (account.institutionLoginId !== institutionLoginId) continue;
    if (accountIds && !accountIds.includes(account.id)) {
      delete state.accounts[account.id];
      continue;
    }
    account.status = 'active';
    account.aggregationStatusCode = options.aggregationStatusCode ?? 0;
    account.aggregationAttemptDate = seconds;
    if (!options.aggregationStatusCode) account.aggregationSuccessDate = seconds;
    account.lastUpdatedDate = seconds;
    saved.push(account);
  }
  const oauth = ctx.catalog.get(login.institutionId)?.oauthEnabled === true;
  await emit(
    ctx,
    link,
    'added',
    {
      institutionId: String(login.institutionId),
      accounts: saved.map(accountToWire),
      ...(oauth ? { oauth: true } : {}),
    },
    options.borrower,
  );
  return saved;
}

/**
 * Fix: the person signed in again to the link's institution login. Its accounts return to
 * code 0; sends `credentialsUpdated` (legacy institutions) or `added` (OAuth institutions).
 */
export async function repairInstitutionLogin(
  ctx: SandboxContext,
  link: LinkRecord,
  options: { mfa?: boolean } = {},
): Promise<{ login: InstitutionLoginRecord; accounts: AccountRecord[] }> {
  requireUsable(ctx, link);
  const state = ctx.store.state;
  const login = state.institutionLogins[link.institutionLoginId ?? ''];
  if (!login)
    throw new SessionError(
      'unknown-login',
      'The institution login of this Fix link no longer exists.',
    );
  const seconds = Math.floor(ctx.clock.now() / 1000);
  const accounts = Object.values(state.accounts).filter((a) => a.institutionLoginId === login.id);
  for (const account of accounts) {
    account.aggregationStatusCode = 0;
    account.status = 'active';
    account.aggregationAttemptDate = seconds;
    account.aggregationSuccessDate = seconds;
    account.lastUpdatedDate = seconds;
  }
  const oauth = ctx.catalog.get(login.institutionId)?.oauthEnabled === true;
  if (oauth) {
    await emit(ctx, link, 'added', {
      institutionId: String(login.institutionId),
      accounts: accounts.map(accountToWire),
      oauth: true,
    });
  } else {
    await emit(ctx, link, 'credentialsUpdated', {
      institutionId: String(login.institutionId),
      institutionLoginId: String(login.id),
      mfa: options.mfa === true,
    });
  }
  return { login, accounts };
}

/** The experience finished: sends `done`; a single-use link cannot be opened again. */
export async function finishSession(ctx: SandboxContext, link: LinkRecord): Promise<void> {
  link.status = 'completed';
  if (link.singleUseUrl) link.used = true;
  await emit(ctx, link, 'done', {});
}

/** The session timed out (SDK error 1440). No webhook; the link's status becomes `failed`. */
export function timeoutSession(ctx: SandboxContext, link: LinkRecord): void {
  if (link.status !== 'completed') {
    link.status = 'failed';
    link.failureReason = 'timeout';
  }
  ctx.store.save();
}

/** The person exited (SDK cancel, code 100). No webhook: Mastercard sends none for an exit. */
export function cancelSession(ctx: SandboxContext, link: LinkRecord): void {
  if (!['completed'].includes(link.status)) link.status = 'cancelled';
  ctx.store.save();
}

/**
 * The session failed at the institution: sends `started` if the session had not started,
 * then `invalidCredentials` (code 103) or `unableToConnect` (any other code); status `failed`.
 */
export async function failSession(
  ctx: SandboxContext,
  link: LinkRecord,
  input: { code?: number; institutionId?: number } = {},
): Promise<void> {
  requireUsable(ctx, link);
  const code = input.code ?? 102;
  await startSession(ctx, link);
  const institutionId = String(input.institutionId ?? link.institutionId ?? FINBANK.finbank);
  await emit(ctx, link, code === 103 ? 'invalidCredentials' : 'unableToConnect', {
    institutionId,
    code,
  });
  link.status = 'failed';
  link.failureReason = `aggregation error ${code}`;
  ctx.store.save();
}

export interface CompleteOptions {
  /** FinBank user or profile name, e.g. "demo", "profile_03" */
  profile?: string;
  /** default: "go" for legacy FinBanks, the profile name for FinBank Profiles */
  password?: string;
  /** default: the link's institution (Lite/Fix) or FinBank Profiles - A */
  institutionId?: number;
  /** MFA answers, in order; default: answers that pass */
  mfaAnswers?: string[];
}

export interface CompleteResult {
  link: LinkRecord;
  institutionLoginId?: number;
  accounts: AccountRecord[];
  events: string[];
}

/** Drive a whole successful session without a browser, sending the same webhooks in the same order. */
export async function completeSession(
  ctx: SandboxContext,
  link: LinkRecord,
  options: CompleteOptions = {},
): Promise<CompleteResult> {
  requireUsable(ctx, link);
  const before = link.events.length;
  const state = ctx.store.state;
  if (link.kind === 'fix') {
    const login = state.institutionLogins[link.institutionLoginId ?? ''];
    if (!login)
      throw new SessionError(
        'unknown-login',
        'The institution login of this Fix link no longer exists.',
      );
    await startSession(ctx, link);
    await chooseInstitution(ctx, link, login.institutionId);
    await emit(ctx, link, 'adding', { institutionId: String(login.institutionId) });
    const { accounts } = await repairInstitutionLogin(ctx, link);
    await finishSession(ctx, link);
    return { link, institutionLoginId: login.id, accounts, events: link.events.slice(before) };
  }

  const institutionId = options.institutionId ?? link.institutionId ?? FINBANK.profilesA;
  const profile =
    options.profile ??
    (institutionId === FINBANK.profilesA || institutionId === FINBANK.profilesB
      ? 'profile_03'
      : 'demo');
  const password = options.password ?? defaultPassword(institutionId, profile);
  await startSession(ctx, link);
  // Joint-borrower links: the primary borrower, then each joint borrower, in one session.
  let last: { loginId: number; accounts: AccountRecord[] } | undefined;
  for (const borrower of borrowersOf(link)) {
    const who = borrower.type === 'single' ? undefined : borrower;
    const supported = await chooseInstitution(ctx, link, institutionId, who);
    if (!supported)
      throw new SessionError(
        'unknown-institution',
        `Institution ${institutionId} is not in the catalog.`,
      );
    const result = await beginSignIn(
      ctx,
      link,
      { institutionId, username: profile, password },
      who,
    );
    if (result.outcome === 'failure') {
      link.status = 'failed';
      link.failureReason = `aggregation error ${result.code}`;
      ctx.store.save();
      throw new SessionError(
        'sign-in-failed',
        `Sign-in failed with code ${result.code}: ${result.message}`,
      );
    }
    if (result.mfa) {
      let challenge = result.mfa;
      const answers = [...(options.mfaAnswers ?? [])];
      for (let round = 0; round < 5; round++) {
        const answer = answers.shift() ?? 'sandbox';
        const outcome = await answerMfaChallenge(
          ctx,
          link,
          { institutionId, challenge, answer },
          who,
        );
        if (outcome.outcome === 'success') break;
        if (outcome.outcome === 'failure') {
          link.status = 'failed';
          link.failureReason = `aggregation error ${outcome.code}`;
          ctx.store.save();
          throw new SessionError('mfa-failed', `MFA failed with code ${outcome.code}`);
        }
        challenge = outcome.mfa;
      }
    }
    const discovered = await discoverAccounts(
      ctx,
      link,
      { institutionId, templates: result.accounts, profile: result.profile },
      who,
    );
    const accounts = await saveAccounts(ctx, link, discovered.login.id, undefined, {
      aggregationStatusCode: result.aggregationStatusAfter,
      borrower: who,
    });
    last = { loginId: discovered.login.id, accounts };
  }
  await finishSession(ctx, link);
  return {
    link,
    institutionLoginId: last?.loginId,
    accounts: last?.accounts ?? [],
    events: link.events.slice(before),
  };
}

/** Set every account of an institution login to an aggregation status code (e.g. 103 to exercise Fix). */
export function setAggregationStatus(
  ctx: SandboxContext,
  institutionLoginId: number,
  code: number,
): AccountRecord[] {
  const seconds = Math.floor(ctx.clock.now() / 1000);
  const accounts = Object.values(ctx.store.state.accounts).filter(
    (a) => a.institutionLoginId === institutionLoginId,
  );
  for (const account of accounts) {
    account.aggregationStatusCode = code;
    account.aggregationAttemptDate = seconds;
    if (code === 0) account.aggregationSuccessDate = seconds;
    account.lastUpdatedDate = seconds;
  }
  ctx.store.save();
  return accounts;
}

/** Delete an institution login and its accounts; sends `accountsDeleted` to the webhook of the link that created it. */
export async function deleteInstitutionLogin(
  ctx: SandboxContext,
  institutionLoginId: number,
): Promise<string[]> {
  const state = ctx.store.state;
  const login = state.institutionLogins[String(institutionLoginId)];
  if (!login) return [];
  const ids = Object.values(state.accounts)
    .filter((a) => a.institutionLoginId === institutionLoginId)
    .map((a) => a.id);
  for (const id of ids) delete state.accounts[id];
  delete state.institutionLogins[String(institutionLoginId)];
  ctx.store.save();
  const link = login.linkId ? state.links[login.linkId] : undefined;
  if (link) {
    link.events.push('accountsDeleted');
    await ctx.webhooks.send(link, 'accountsDeleted', {
      accounts: ids,
      institutionId: String(login.institutionId),
    });
  }
  return ids;
}
