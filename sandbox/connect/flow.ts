// The hosted Connect pages' state machine. Every step a person takes goes through the session
// functions of ../sessions.ts (the same ones the control API's driver uses), so webhooks and
// stored accounts are identical whichever way a session is driven. This module only adds what
// a browser needs: the current screen, SDK messages queued for the page, and session timing on
// the sandbox clock. Each screen's markup and actions live in screens/; this module dispatches.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context';
import {
  beginSignIn,
  cancelSession,
  openLink,
  SessionError,
  SESSION_ALERT_GRACE_MS,
  SESSION_IDLE_ALERT_MS,
  SESSION_MAX_MS,
  SESSION_OAUTH_IDLE_ALERT_MS,
  startSession,
  timeoutSession,
  TIMEOUT_ERROR,
} from '../sessions';
import type { ConnectScreen, ConnectSessionRecord, LinkRecord, SdkMessage } from '../store';
import { screenView, type RenderedScreen } from './markup';
import { accounts } from './screens/accounts';
import { discovering } from './screens/discovering';
import { exited } from './screens/exited';
import { failed } from './screens/failed';
import { institution } from './screens/institution';
import { joint } from './screens/joint';
import { landing } from './screens/landing';
import { login } from './screens/login';
import { mfa } from './screens/mfa';
import { oauth } from './screens/oauth';
import { review } from './screens/review';
import { search } from './screens/search';
import { success } from './screens/success';
import { terms } from './screens/terms';
import { timeout } from './screens/timeout';
import {
  addAccountsFailed,
  afterAuthentication,
  borrowerOf,
  CANCEL,
  closePopupIfDue,
  end,
  fiUrl,
  institutionName,
  LINK_ERROR,
  push,
  redraw,
  setScreen,
  signedIn,
  user,
  type ActionInput,
  type ActionResult,
  type Screen,
} from './steps';

const SCREENS: Record<ConnectScreen, Screen> = {
  landing,
  terms,
  search,
  institution,
  login,
  mfa,
  discovering,
  oauth,
  accounts,
  review,
  joint,
  success,
  failed,
  timeout,
  exited,
};

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
  try {
    const result = await step(ctx, session, link, input);
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

/** Actions of every screen first, then those of the current screen; anything else does nothing. */
async function step(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  input: ActionInput,
): Promise<ActionResult> {
  const action = input.action;
  switch (action) {
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
    case 'back':
      // Back clears the notice on every screen, also on one that has no way back.
      session.notice = undefined;
      break;
  }
  // `continue` (the inactivity alert's button) is in no screen: the activity is what counts.
  const actions = SCREENS[session.screen].actions;
  const act = Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (!act) return {};
  return act({ ctx, session, link, input, borrower: borrowerOf(session, link) });
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
  if (oauth.viaSdk) oauth.closeDue = true;
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
  } finally {
    // The institution's window is closed once the person is back, as the callback page is being
    // answered: not while that window is still loading it, which browsers may not report as a
    // close (Playwright saw no close event for about one such window in twenty). An ending on the
    // way (`end`) has sent it already, before its terminal message.
    closePopupIfDue(session);
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

/** The content of <main> for the session's current screen, and the document title. */
export function renderScreen(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): RenderedScreen {
  return SCREENS[session.screen].render(screenView(ctx, session, link));
}
