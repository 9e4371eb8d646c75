// The hosted Connect pages' state machine. Every step a person takes goes through the session
// functions of ../sessions.ts (the same ones the control API's driver uses), so webhooks and
// stored accounts are identical whichever way a session is driven. This module only adds what
// a browser needs: the current screen, SDK messages queued for the page, and session timing on
// the sandbox clock.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import { FAILURE_MESSAGES, type AccountTemplate, type MfaChallenge } from '../profiles';
import {
  answerMfaChallenge,
  beginSignIn,
  borrowersOf,
  cancelSession,
  chooseInstitution,
  discoverAccounts,
  finishSession,
  openLink,
  repairInstitutionLogin,
  saveAccounts,
  searchInstitutions,
  SessionError,
  SESSION_ALERT_GRACE_MS,
  SESSION_IDLE_ALERT_MS,
  SESSION_MAX_MS,
  SESSION_OAUTH_IDLE_ALERT_MS,
  startSession,
  timeoutSession,
  TIMEOUT_ERROR,
  type Borrower,
} from '../sessions';
import type { ConnectScreen, ConnectSessionRecord, LinkRecord, SdkMessage } from '../store';

/** Slow discovery (user `discovertimeout`) finishes this long after sign-in, on the sandbox clock. */
export const SLOW_DISCOVERY_MS = 60_000;
/** Search results per page. */
export const SEARCH_PAGE_SIZE = 10;

/** What the SDK receives when a refused link's error page is left, and when a session breaks. */
export const LINK_ERROR = { code: 500, reason: 'error' } as const;
export const DONE = { code: 200, reason: 'complete', reportData: [] as unknown[] };
export const CANCEL = { code: 100, reason: 'exit' } as const;

export type RefusedReason = 'expired' | 'used' | 'invalid';

export type OpenResult =
  | { ok: true; session: ConnectSessionRecord; link: LinkRecord }
  | { ok: false; reason: RefusedReason; link?: LinkRecord };

/** Open a link URL: a new session, `started` sent, landing screen; or why the link is refused. */
export async function openConnect(
  ctx: SandboxContext,
  query: URLSearchParams,
): Promise<OpenResult> {
  const opened = openLink(ctx, query);
  if (!opened.ok) {
    const signature = query.get('signature') ?? '';
    const link = ctx.store.state.links[signature];
    if (opened.reason === 'expired') return { ok: false, reason: 'expired', link };
    if (opened.reason === 'used') return { ok: false, reason: 'used', link };
    return { ok: false, reason: 'invalid' };
  }
  const link = opened.link;
  const now = ctx.clock.now();
  const session: ConnectSessionRecord = {
    id: randomBytes(16).toString('hex'),
    linkId: link.id,
    createdAt: now,
    lastActivityAt: now,
    endsAt: now + SESSION_MAX_MS,
    version: 0,
    screen: 'landing',
    borrowerIndex: 0,
    added: [],
    outbox: [],
    nextSeq: 1,
  };
  ctx.store.state.connectSessions[session.id] = session;
  pruneSessions(ctx);
  setScreen(session, 'landing', link);
  await startSession(ctx, link);
  return { ok: true, session, link };
}

/** Keep the store bounded: sessions that ended more than a day ago (sandbox clock) go. */
function pruneSessions(ctx: SandboxContext): void {
  const sessions = ctx.store.state.connectSessions;
  const ids = Object.keys(sessions);
  if (ids.length < 500) return;
  const cutoff = ctx.clock.now() - 24 * 60 * 60 * 1000;
  for (const id of ids) {
    const s = sessions[id];
    if (s && s.lastActivityAt < cutoff) delete sessions[id];
  }
}

export function findSession(
  ctx: SandboxContext,
  id: string,
): { session: ConnectSessionRecord; link: LinkRecord } | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const session = ctx.store.state.connectSessions[id];
  const link = session ? ctx.store.state.links[session.linkId] : undefined;
  return session && link ? { session, link } : undefined;
}

export function borrowerOf(session: ConnectSessionRecord, link: LinkRecord): Borrower | undefined {
  const list = borrowersOf(link);
  const b = list[session.borrowerIndex];
  return b && b.type !== 'single' ? b : undefined;
}

function push(session: ConnectSessionRecord, message: Omit<SdkMessage, 'seq'>): void {
  session.outbox.push({ seq: session.nextSeq++, ...message });
  if (session.outbox.length > 200) session.outbox.splice(0, session.outbox.length - 200);
}

function user(session: ConnectSessionRecord, data: Record<string, unknown>): void {
  push(session, { type: 'user', data });
}

/** Route screen names and params sent to the SDK for each screen. */
export function routeFor(
  session: ConnectSessionRecord,
  link: LinkRecord,
): { screen: string; params: Record<string, unknown> } {
  const institutionId = session.institutionId !== undefined ? String(session.institutionId) : '';
  switch (session.screen) {
    case 'landing':
      return { screen: 'landing', params: {} };
    case 'terms':
      return { screen: 'terms-details', params: {} };
    case 'search':
      return session.query
        ? { screen: 'search', params: { query: session.query } }
        : { screen: 'search', params: {} };
    case 'institution':
      return { screen: 'sign-in', params: { institutionId } };
    case 'login':
      return { screen: 'login', params: { institutionId } };
    case 'mfa':
      return { screen: 'mfa', params: { institutionId, type: session.signIn?.mfa?.kind ?? '' } };
    case 'discovering':
      return { screen: 'discovering', params: { institutionId } };
    case 'oauth':
      return { screen: 'oauth', params: { institutionId } };
    case 'accounts':
      return { screen: 'account-selection', params: { institutionId } };
    case 'review':
      return { screen: 'review', params: {} };
    case 'joint':
      return { screen: 'joint-borrower', params: { borrower: session.borrowerIndex + 1 } };
    case 'success':
      return { screen: 'success', params: { type: link.kind } };
    case 'failed':
      return { screen: 'error', params: { code: session.notice?.code ?? 500 } };
    case 'timeout':
      return { screen: 'timeout', params: {} };
    case 'exited':
      return { screen: 'exit', params: {} };
  }
}

/** Change screen: bumps the version (the page redraws) and queues the route message. */
function setScreen(session: ConnectSessionRecord, screen: ConnectScreen, link: LinkRecord): void {
  const changed = session.screen !== screen || session.version === 0;
  session.screen = screen;
  session.version += 1;
  if (changed) push(session, { type: 'route', data: routeFor(session, link) });
}

/** Redraw the same screen (new notice, new question) without a route message. */
function redraw(session: ConnectSessionRecord): void {
  session.version += 1;
}

export function isOAuthInstitution(ctx: SandboxContext, institutionId: number | undefined) {
  return institutionId !== undefined && ctx.catalog.get(institutionId)?.oauthEnabled === true;
}

/** The institution a Lite or Fix link is bound to. */
function boundInstitution(ctx: SandboxContext, link: LinkRecord): number | undefined {
  if (link.kind === 'lite') return link.institutionId;
  if (link.kind === 'fix') {
    return ctx.store.state.institutionLogins[link.institutionLoginId ?? '']?.institutionId;
  }
  return undefined;
}

function redirectWith(
  link: LinkRecord,
  data: { code: number; reason: string },
): string | undefined {
  if (!link.redirectUri) return undefined;
  const url = new URL(link.redirectUri);
  url.searchParams.set('code', String(data.code));
  url.searchParams.set('reason', data.reason);
  return url.toString();
}

function end(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  type: 'done' | 'cancel' | 'error',
  data: { code: number; reason: string; [key: string]: unknown },
  screen: ConnectScreen,
): void {
  session.outcome = { type, data };
  session.signIn = undefined;
  if (session.oauth?.status === 'pending') session.oauth.status = 'closed';
  setScreen(session, screen, link);
  if (type !== 'error') {
    const last = session.added[session.added.length - 1];
    user(session, {
      action: 'End',
      code: data.code,
      customerId: link.customerId,
      institutionLoginId: last ? String(last.institutionLoginId) : null,
    });
  }
  push(session, { type, data });
  session.redirect = redirectWith(link, data);
  ctx.store.save();
}

async function finish(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): Promise<void> {
  await finishSession(ctx, link);
  end(ctx, session, link, 'done', DONE, 'success');
}

export interface TimingView {
  now: number;
  alertAt: number;
  endAt: number;
  alert: boolean;
}

/** Deadlines on the sandbox clock; ends the session with a timeout when one has passed. */
export function checkTiming(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): TimingView {
  const now = ctx.clock.now();
  const idle =
    session.oauth?.status === 'pending' ? SESSION_OAUTH_IDLE_ALERT_MS : SESSION_IDLE_ALERT_MS;
  const alertAt = session.lastActivityAt + idle;
  const endAt = Math.min(alertAt + SESSION_ALERT_GRACE_MS, session.endsAt);
  if (session.outcome) return { now, alertAt, endAt, alert: false };
  if (now >= endAt) {
    timeoutSession(ctx, link);
    end(ctx, session, link, 'error', { ...TIMEOUT_ERROR }, 'timeout');
    return { now, alertAt, endAt, alert: false };
  }
  const alert = now >= alertAt;
  if (alert && session.alertedFor !== session.lastActivityAt) {
    session.alertedFor = session.lastActivityAt;
    user(session, {
      action: 'DisplayAlert',
      alertType: 'timeout',
      title: 'Are you still there?',
      message: 'Your session will end soon because of inactivity.',
    });
    ctx.store.save();
  }
  const oauth = session.oauth;
  if (oauth?.status === 'pending' && oauth.urlAt !== undefined && now >= oauth.urlAt) {
    oauth.urlAt = undefined;
    push(session, { type: 'url', url: fiUrl(ctx, session, 'sdk') });
    redraw(session);
    ctx.store.save();
  }
  if (session.screen === 'discovering' && session.signIn?.discoverAt !== undefined) {
    if (now >= session.signIn.discoverAt) void afterAuthentication(ctx, session, link);
  }
  return { now, alertAt, endAt, alert };
}

function institutionName(ctx: SandboxContext, id: number | undefined): string {
  return (id !== undefined ? ctx.catalog.get(id)?.name : undefined) ?? 'your institution';
}

function addAccountsStarted(session: ConnectSessionRecord, institutionId: number): void {
  user(session, {
    action: 'AddAccounts',
    institutionId,
    institutionLoginId: null,
    accounts: null,
    accountIds: [],
    success: null,
    errorCode: null,
  });
}

function addAccountsFailed(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  institutionId: number,
  code: number,
  title: string,
  message: string,
): void {
  user(session, {
    action: 'AddAccounts',
    institutionId,
    institutionLoginId: null,
    accounts: null,
    accountIds: [],
    success: false,
    errorCode: code,
  });
  user(session, {
    action: 'DisplayAlert',
    alertType: 'action',
    title,
    message: `${message} (${code})`,
    errorCode: code,
    institutionId,
    institutionName: institutionName(ctx, institutionId),
  });
}

/** Sign-in (and MFA, or OAuth) succeeded: Fix repairs the login and ends; others discover accounts. */
async function afterAuthentication(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): Promise<void> {
  const signIn = session.signIn;
  const institutionId = session.institutionId;
  if (!signIn || institutionId === undefined) return;
  if (session.screen === 'discovering') signIn.discoverAt = undefined;
  if (link.kind === 'fix') {
    session.signIn = undefined;
    await repairInstitutionLogin(ctx, link, { mfa: signIn.mfaUsed === true });
    await finish(ctx, session, link);
    return;
  }
  const borrower = borrowerOf(session, link);
  const { login, accounts } = await discoverAccounts(
    ctx,
    link,
    { institutionId, templates: signIn.accounts, profile: signIn.profile },
    borrower,
  );
  session.discovered = {
    institutionId,
    institutionLoginId: login.id,
    accountIds: accounts.map((a) => a.id),
  };
  setScreen(session, 'accounts', link);
  ctx.store.save();
}

/** Credentials (or the FI's OAuth consent) accepted: MFA, slow discovery, or discovery now. */
async function signedIn(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  result: {
    profile: string;
    accounts: AccountTemplate[];
    mfa?: MfaChallenge;
    slowDiscovery?: boolean;
    aggregationStatusAfter?: number;
  },
  username: string,
): Promise<void> {
  session.signIn = {
    username,
    profile: result.profile,
    accounts: result.accounts,
    mfa: result.mfa,
    aggregationStatusAfter: link.kind === 'fix' ? undefined : result.aggregationStatusAfter,
  };
  session.notice = undefined;
  if (result.mfa) {
    session.signIn.mfaUsed = true;
    setScreen(session, 'mfa', link);
    return;
  }
  if (result.slowDiscovery) {
    session.signIn.discoverAt = ctx.clock.now() + SLOW_DISCOVERY_MS;
    setScreen(session, 'discovering', link);
    return;
  }
  await afterAuthentication(ctx, session, link);
}

export interface ActionInput {
  action: string;
  [field: string]: unknown;
}

export interface ActionResult {
  /** the page should load this URL in its own window (OAuth in popup or tab mode) */
  navigate?: string;
  /** a field-level problem to show without a new screen */
  invalid?: string;
}

function str(input: ActionInput, key: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : '';
}

function fiUrl(ctx: SandboxContext, session: ConnectSessionRecord, mode: 'sdk' | 'window'): string {
  const url = new URL(`${ctx.config.publicUrl}/fi/oauth/authorize`);
  url.searchParams.set('client_id', 'sandbox-connect');
  url.searchParams.set('state', session.id);
  url.searchParams.set('return', mode);
  url.searchParams.set('redirect_uri', `${ctx.config.publicUrl}/connect/oauth/callback`);
  return url.toString();
}

/** One step a person took on a screen. Unknown or out-of-place actions just redraw. */
export async function performAction(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  input: ActionInput,
): Promise<ActionResult> {
  checkTiming(ctx, session, link);
  if (session.outcome) return {};
  session.lastActivityAt = ctx.clock.now();
  const borrower = borrowerOf(session, link);
  try {
    const result = await step(ctx, session, link, input, borrower);
    ctx.store.save();
    return result;
  } catch (error) {
    if (error instanceof SessionError) {
      // The link expired or was used up during the session: the session cannot go on.
      session.notice = {
        title: error.reason === 'expired' ? 'This link has expired' : 'Something went wrong',
        message: error.message,
        code: 500,
      };
      end(ctx, session, link, 'error', { ...LINK_ERROR }, 'failed');
      return {};
    }
    throw error;
  }
}

async function step(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  input: ActionInput,
  borrower: Borrower | undefined,
): Promise<ActionResult> {
  const action = input.action;
  const screen = session.screen;
  switch (action) {
    case 'continue':
      return {};
    case 'exit-prompt':
      user(session, {
        action: 'DisplayAlert',
        alertType: 'exit',
        title: 'Exit?',
        message: 'Are you sure you want to exit? Your progress will be lost.',
      });
      return {};
    case 'exit':
      cancelSession(ctx, link);
      end(ctx, session, link, 'cancel', { ...CANCEL }, 'exited');
      return {};
    case 'terms':
      if (screen === 'landing') setScreen(session, 'terms', link);
      return {};
    case 'back':
      return back(ctx, session, link);
    case 'accept': {
      if (screen !== 'landing' && screen !== 'terms') return {};
      const bound = boundInstitution(ctx, link);
      if (bound === undefined) {
        setScreen(session, 'search', link);
        return {};
      }
      session.institutionId = bound;
      await chooseInstitution(ctx, link, bound, borrower);
      setScreen(session, isOAuthInstitution(ctx, bound) ? 'institution' : 'login', link);
      return {};
    }
    case 'search': {
      if (screen !== 'search') return {};
      const query = str(input, 'query').trim().slice(0, 100);
      const page = Math.max(1, Math.min(1000, Number(str(input, 'page')) || 1));
      if (!query) {
        session.query = undefined;
        session.notice = undefined;
        redraw(session);
        return { invalid: 'Enter the name of your bank.' };
      }
      const found = ctx.catalog.search({ search: query, start: 1, limit: 1 }).found;
      const newQuery = query !== session.query;
      session.query = query;
      session.page = page;
      session.notice = undefined;
      session.version += 1;
      if (newQuery) {
        // A new query: `institutionNotFound` when nothing matches; paging sends nothing.
        await searchInstitutions(ctx, link, query, found, borrower);
        push(session, { type: 'route', data: routeFor(session, link) });
      }
      return {};
    }
    case 'choose': {
      if (screen !== 'search') return {};
      const id = Number(str(input, 'institutionId'));
      if (!Number.isInteger(id) || !ctx.catalog.get(id)) return {};
      const supported = await chooseInstitution(ctx, link, id, borrower);
      if (!supported) {
        session.notice = {
          title: 'Not available',
          message: `${institutionName(ctx, id)} can't be connected right now. Choose another institution.`,
        };
        redraw(session);
        return {};
      }
      session.institutionId = id;
      session.notice = undefined;
      setScreen(session, 'institution', link);
      return {};
    }
    case 'next':
      if (screen === 'institution' && !isOAuthInstitution(ctx, session.institutionId)) {
        session.notice = undefined;
        setScreen(session, 'login', link);
      } else if (screen === 'joint') {
        session.institutionId = undefined;
        session.query = undefined;
        setScreen(session, 'search', link);
      }
      return {};
    case 'login': {
      if (screen !== 'login' || session.institutionId === undefined) return {};
      const username = str(input, 'username').trim();
      const password = str(input, 'password');
      if (!username || !password) {
        session.notice = {
          title: 'Missing information',
          message: 'Enter your username and password.',
        };
        redraw(session);
        return {};
      }
      const institutionId = session.institutionId;
      if (link.kind !== 'fix') addAccountsStarted(session, institutionId);
      const result = await beginSignIn(ctx, link, { institutionId, username, password }, borrower);
      if (result.outcome === 'failure') {
        const title = result.code === 103 ? 'Incorrect sign in' : 'Unable to connect';
        const message =
          result.code === 103
            ? "Your sign in information doesn't match this account. Try again or reset your password."
            : result.message;
        addAccountsFailed(ctx, session, institutionId, result.code, title, message);
        session.notice = { title, message, code: result.code };
        redraw(session);
        return {};
      }
      await signedIn(ctx, session, link, result, username);
      return {};
    }
    case 'mfa': {
      const challenge = session.signIn?.mfa;
      if (screen !== 'mfa' || !challenge || session.institutionId === undefined) return {};
      const answer = str(input, 'answer').trim();
      if (!answer) {
        session.notice = { title: 'Answer required', message: 'Answer the question to continue.' };
        redraw(session);
        return {};
      }
      const institutionId = session.institutionId;
      const outcome = await answerMfaChallenge(
        ctx,
        link,
        { institutionId, challenge, answer },
        borrower,
      );
      if (outcome.outcome === 'challenge') {
        if (session.signIn) session.signIn.mfa = outcome.mfa;
        session.notice = {
          title: 'Another question',
          message: 'Your institution needs one more answer.',
        };
        redraw(session);
        return {};
      }
      if (outcome.outcome === 'failure') {
        const message = FAILURE_MESSAGES[outcome.code] ?? outcome.message;
        addAccountsFailed(ctx, session, institutionId, outcome.code, 'Unable to verify', message);
        session.signIn = undefined;
        session.notice = { title: 'We could not verify your answer', message, code: outcome.code };
        setScreen(session, 'failed', link);
        return {};
      }
      session.notice = undefined;
      await afterAuthentication(ctx, session, link);
      return {};
    }
    case 'retry':
      if (screen === 'failed' && session.institutionId !== undefined) {
        session.notice = undefined;
        setScreen(
          session,
          isOAuthInstitution(ctx, session.institutionId) ? 'institution' : 'login',
          link,
        );
      }
      return {};
    case 'oauth-start': {
      const oauthScreen = screen === 'institution' || screen === 'oauth';
      if (!oauthScreen || !isOAuthInstitution(ctx, session.institutionId)) return {};
      const mode = str(input, 'mode') === 'sdk' ? 'sdk' : 'window';
      const institutionId = session.institutionId as number;
      if (link.kind !== 'fix') addAccountsStarted(session, institutionId);
      // `adding` is sent when the institution redirects back (completeOAuth), as for a form sign-in.
      session.signIn = undefined;
      session.oauth = { status: 'pending', viaSdk: mode === 'sdk', since: ctx.clock.now() };
      session.notice = undefined;
      const url = fiUrl(ctx, session, mode);
      if (mode === 'sdk') {
        setScreen(session, 'oauth', link);
        // A slow institution (control API `oauth-delay`): `url` goes out later, from a poll.
        const delay = ctx.store.state.oauthUrlDelayMs ?? 0;
        if (delay > 0) session.oauth.urlAt = ctx.clock.now() + delay;
        else push(session, { type: 'url', url });
        return {};
      }
      setScreen(session, 'oauth', link);
      return { navigate: url };
    }
    case 'oauth-window': {
      if (screen !== 'oauth' || session.oauth?.status !== 'pending') return {};
      const blocked = input.blocked === true || str(input, 'blocked') === 'true';
      session.oauth.status = blocked ? 'blocked' : 'closed';
      session.notice = blocked
        ? {
            title: 'The sign-in window was blocked',
            message: `Allow pop-up windows for this site, then try again to sign in at ${institutionName(ctx, session.institutionId)}.`,
          }
        : {
            title: 'Sign-in not finished',
            message: `The ${institutionName(ctx, session.institutionId)} window was closed before you finished signing in.`,
          };
      user(session, {
        action: 'DisplayAlert',
        alertType: 'action',
        title: session.notice.title,
        message: session.notice.message,
        institutionId: session.institutionId,
        institutionName: institutionName(ctx, session.institutionId),
      });
      redraw(session);
      return {};
    }
    case 'save': {
      const discovered = session.discovered;
      if (screen !== 'accounts' || !discovered) return {};
      const raw = input.accountIds;
      const chosen = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
        .map(String)
        .filter((id) => discovered.accountIds.includes(id));
      if (chosen.length === 0) {
        session.notice = {
          title: 'No account selected',
          message: 'Select at least one account to share.',
        };
        redraw(session);
        return {};
      }
      const saved = await saveAccounts(ctx, link, discovered.institutionLoginId, chosen, {
        aggregationStatusCode: session.signIn?.aggregationStatusAfter,
        borrower,
      });
      user(session, {
        action: 'AddAccounts',
        institutionId: discovered.institutionId,
        institutionLoginId: discovered.institutionLoginId,
        accounts: saved.length,
        accountIds: saved.map((a) => a.id),
        success: true,
        errorCode: null,
      });
      session.added.push({
        borrowerIndex: session.borrowerIndex,
        institutionId: discovered.institutionId,
        institutionLoginId: discovered.institutionLoginId,
        accountIds: saved.map((a) => a.id),
      });
      session.discovered = undefined;
      session.signIn = undefined;
      session.oauth = undefined;
      session.notice = undefined;
      if (link.kind === 'lite') {
        await finish(ctx, session, link);
        return {};
      }
      setScreen(session, 'review', link);
      return {};
    }
    case 'back-review':
      if (
        screen === 'search' &&
        session.added.some((a) => a.borrowerIndex === session.borrowerIndex)
      ) {
        session.notice = undefined;
        setScreen(session, 'review', link);
      }
      return {};
    case 'add-another':
      if (screen === 'review') {
        session.institutionId = undefined;
        session.query = undefined;
        setScreen(session, 'search', link);
      }
      return {};
    case 'submit': {
      if (screen !== 'review') return {};
      if (session.borrowerIndex + 1 < borrowersOf(link).length) {
        session.borrowerIndex += 1;
        setScreen(session, 'joint', link);
        return {};
      }
      await finish(ctx, session, link);
      return {};
    }
    default:
      return {};
  }
}

function back(ctx: SandboxContext, session: ConnectSessionRecord, link: LinkRecord): ActionResult {
  session.notice = undefined;
  const bound = boundInstitution(ctx, link) !== undefined;
  switch (session.screen) {
    case 'terms':
      setScreen(session, 'landing', link);
      break;
    case 'institution':
      if (bound) setScreen(session, 'landing', link);
      else setScreen(session, 'search', link);
      break;
    case 'login':
      if (bound) setScreen(session, 'landing', link);
      else setScreen(session, 'institution', link);
      break;
    case 'oauth':
      if (session.oauth) session.oauth.status = 'closed';
      setScreen(session, 'institution', link);
      break;
    case 'mfa':
      session.signIn = undefined;
      setScreen(session, 'login', link);
      break;
    default:
      break;
  }
  return {};
}

/**
 * The OAuth institution redirected back with the person's decision. Signs in (sending `adding`,
 * and `discovered` or the Fix events) exactly like a legacy sign-in.
 */
export async function completeOAuth(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  decision: { approved: boolean; username: string },
): Promise<void> {
  checkTiming(ctx, session, link);
  // A window reported blocked may still be opened by the partner (from its own button) at the
  // address Connect sent: its answer is taken as if the window had opened at once.
  const oauth = session.oauth;
  if (session.outcome || (oauth?.status !== 'pending' && oauth?.status !== 'blocked')) return;
  const institutionId = session.institutionId;
  if (institutionId === undefined) return;
  session.lastActivityAt = ctx.clock.now();
  const borrower = borrowerOf(session, link);
  if (oauth.viaSdk) push(session, { type: 'closePopup' });
  try {
    if (!decision.approved) {
      oauth.status = 'denied';
      session.notice = {
        title: 'Access not granted',
        message: `You did not allow access at ${institutionName(ctx, institutionId)}.`,
        code: 948,
      };
      addAccountsFailed(
        ctx,
        session,
        institutionId,
        948,
        'Access not granted',
        session.notice.message,
      );
      setScreen(session, 'failed', link);
      ctx.store.save();
      return;
    }
    oauth.status = 'authorized';
    oauth.username = decision.username;
    const result = await beginSignIn(
      ctx,
      link,
      { institutionId, username: decision.username || 'oauth_user', password: 'oauth' },
      borrower,
    );
    if (result.outcome === 'failure') {
      addAccountsFailed(
        ctx,
        session,
        institutionId,
        result.code,
        'Unable to connect',
        result.message,
      );
      session.notice = { title: 'Unable to connect', message: result.message, code: result.code };
      setScreen(session, 'failed', link);
      ctx.store.save();
      return;
    }
    await signedIn(ctx, session, link, result, decision.username);
    ctx.store.save();
  } catch (error) {
    if (error instanceof SessionError) {
      session.notice = { title: 'Something went wrong', message: error.message, code: 500 };
      end(ctx, session, link, 'error', { ...LINK_ERROR }, 'failed');
      return;
    }
    throw error;
  }
}

export interface SessionView {
  version: number;
  screen: ConnectScreen;
  messages: SdkMessage[];
  alert: boolean;
  ended: boolean;
  redirect?: string;
  timing: TimingView;
}

/** Forget messages the page has posted (it sends the last seq it handled). */
export function acknowledge(session: ConnectSessionRecord, seq: number): void {
  if (!Number.isFinite(seq) || seq <= 0) return;
  session.outbox = session.outbox.filter((m) => m.seq > seq);
}

export function viewOf(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): SessionView {
  const timing = checkTiming(ctx, session, link);
  return {
    version: session.version,
    screen: session.screen,
    messages: session.outbox,
    alert: timing.alert,
    ended: session.outcome !== undefined,
    redirect: session.redirect,
    timing,
  };
}
