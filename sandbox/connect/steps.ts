// What the screens and the flow do to a session: queue SDK messages, change or redraw the
// screen, end the session, and carry a sign-in on to MFA, discovery or Fix. Every change to the
// person's accounts goes through ../sessions.ts, so webhooks are those of the control API's driver.
import type { SandboxContext } from '../context';
import type { AccountTemplate, MfaChallenge } from '../profiles';
import {
  borrowersOf,
  discoverAccounts,
  finishSession,
  repairInstitutionLogin,
  type Borrower,
} from '../sessions';
import type { ConnectScreen, ConnectSessionRecord, LinkRecord, SdkMessage } from '../store';
import type { RenderedScreen, ScreenView } from './markup';

/** Slow discovery (user `discovertimeout`) finishes this long after sign-in, on the sandbox clock. */
export const SLOW_DISCOVERY_MS = 60_000;

/** What the SDK receives when a refused link's error page is left, and when a session breaks. */
export const LINK_ERROR = { code: 500, reason: 'error' } as const;
export const DONE = { code: 200, reason: 'complete', reportData: [] as unknown[] };
export const CANCEL = { code: 100, reason: 'exit' } as const;

export function borrowerOf(session: ConnectSessionRecord, link: LinkRecord): Borrower | undefined {
  const list = borrowersOf(link);
  const b = list[session.borrowerIndex];
  return b && b.type !== 'single' ? b : undefined;
}

export function push(session: ConnectSessionRecord, message: Omit<SdkMessage, 'seq'>): void {
  session.outbox.push({ seq: session.nextSeq++, ...message });
  if (session.outbox.length > 200) session.outbox.splice(0, session.outbox.length - 200);
}

export function user(session: ConnectSessionRecord, data: Record<string, unknown>): void {
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

/** Asks the SDK to close the institution's window once the person is back from it (once). */
export function closePopupIfDue(session: ConnectSessionRecord): void {
  if (!session.oauth?.closeDue) return;
  session.oauth.closeDue = false;
  push(session, { type: 'closePopup' });
}

/** Change screen: bumps the version (the page redraws) and queues the route message. */
export function setScreen(
  session: ConnectSessionRecord,
  screen: ConnectScreen,
  link: LinkRecord,
): void {
  const changed = session.screen !== screen || session.version === 0;
  session.screen = screen;
  session.version += 1;
  if (changed) push(session, { type: 'route', data: routeFor(session, link) });
}

/** Redraw the same screen (new notice, new question) without a route message. */
export function redraw(session: ConnectSessionRecord): void {
  session.version += 1;
}

export function isOAuthInstitution(ctx: SandboxContext, institutionId: number | undefined) {
  return institutionId !== undefined && ctx.catalog.get(institutionId)?.oauthEnabled === true;
}

/** The institution a Lite or Fix link is bound to. */
export function boundInstitution(ctx: SandboxContext, link: LinkRecord): number | undefined {
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

export function end(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
  type: 'done' | 'cancel' | 'error',
  data: { code: number; reason: string; [key: string]: unknown },
  screen: ConnectScreen,
): void {
  // The SDK stops listening at an ending: a due `closePopup` goes out first.
  closePopupIfDue(session);
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

export async function finish(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): Promise<void> {
  await finishSession(ctx, link);
  end(ctx, session, link, 'done', DONE, 'success');
}

export function institutionName(ctx: SandboxContext, id: number | undefined): string {
  return (id !== undefined ? ctx.catalog.get(id)?.name : undefined) ?? 'your institution';
}

/** The SDK's `AddAccounts` before an attempt's outcome is known, or after it failed. */
function addAccountsUnsaved(
  session: ConnectSessionRecord,
  institutionId: number,
  outcome: { success: null; errorCode: null } | { success: false; errorCode: number },
): void {
  user(session, {
    action: 'AddAccounts',
    institutionId,
    institutionLoginId: null,
    accounts: null,
    accountIds: [],
    ...outcome,
  });
}

export function addAccountsStarted(session: ConnectSessionRecord, institutionId: number): void {
  addAccountsUnsaved(session, institutionId, { success: null, errorCode: null });
}

export function addAccountsFailed(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  institutionId: number,
  code: number,
  title: string,
  message: string,
): void {
  addAccountsUnsaved(session, institutionId, { success: false, errorCode: code });
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
export async function afterAuthentication(
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
export async function signedIn(
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

/** A text field of the action's form; anything else reads as empty. */
export function textField(input: ActionInput, key: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : '';
}

export function fiUrl(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  mode: 'sdk' | 'window',
): string {
  const url = new URL(`${ctx.config.publicUrl}/fi/oauth/authorize`);
  url.searchParams.set('client_id', 'sandbox-connect');
  url.searchParams.set('state', session.id);
  url.searchParams.set('return', mode);
  url.searchParams.set('redirect_uri', `${ctx.config.publicUrl}/connect/oauth/callback`);
  return url.toString();
}

/** What an action works on: the session, its link, the fields sent, the current borrower. */
export interface StepInput {
  ctx: SandboxContext;
  session: ConnectSessionRecord;
  link: LinkRecord;
  input: ActionInput;
  borrower: Borrower | undefined;
}

export type ScreenAction = (step: StepInput) => ActionResult | Promise<ActionResult>;

/** One screen of the hosted pages: its markup and what the person can do on it. */
export interface Screen {
  render(view: ScreenView): RenderedScreen;
  /** by action name; any other action leaves the screen as it is */
  actions: Readonly<Record<string, ScreenAction>>;
}
