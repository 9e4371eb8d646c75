// Waiting while the person signs in at an OAuth institution, in another window or this one.
import { escapeHtml as esc } from '../../mailbox';
import { button, heading, notice, screenPage } from '../markup';
import {
  addAccountsStarted,
  fiUrl,
  institutionName,
  isOAuthInstitution,
  push,
  redraw,
  setScreen,
  textField,
  user,
  type Screen,
  type ScreenAction,
} from '../steps';

/** To the institution's site: the SDK opens it (`url`), or this window goes there (`navigate`). */
export const startOAuth: ScreenAction = ({ ctx, session, link, input }) => {
  if (!isOAuthInstitution(ctx, session.institutionId)) return {};
  const mode = textField(input, 'mode') === 'sdk' ? 'sdk' : 'window';
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
};

export const oauth: Screen = {
  render({ session, institutionName: name, borrowerLine }) {
    const status = session.oauth?.status ?? 'pending';
    const waiting =
      status !== 'pending'
        ? ''
        : session.oauth?.urlAt !== undefined
          ? `<div class="spinner" aria-hidden="true"></div><p role="status">Getting the ${esc(name)} sign-in page ready…</p>`
          : `<div class="spinner" aria-hidden="true"></div><p role="status">Finish signing in at ${esc(name)} in the other window. This page continues when you are done.</p>`;
    return screenPage(
      `Continue at ${name}`,
      `${heading(`Continue at ${name}`)}${borrowerLine}${notice(session)}${waiting}
<div class="actions">${button('oauth-start', status === 'pending' ? 'Open the sign-in window again' : 'Try again', status === 'pending' ? 'secondary' : 'primary')}${button('back', 'Back', 'secondary')}</div>`,
    );
  },
  actions: {
    'oauth-start': startOAuth,
    // The SDK saw the institution's window closed, or never opened (blocked), before an answer.
    'oauth-window': ({ ctx, session, input }) => {
      if (session.oauth?.status !== 'pending') return {};
      const blocked = input.blocked === true || textField(input, 'blocked') === 'true';
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
    },
    back: ({ session, link }) => {
      if (session.oauth) session.oauth.status = 'closed';
      setScreen(session, 'institution', link);
      return {};
    },
  },
};
