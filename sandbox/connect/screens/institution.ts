// The chosen institution: Next to its sign-in form, or, for an OAuth institution, on to its site.
import { escapeHtml as esc } from '../../mailbox';
import { button, heading, notice, screenPage } from '../markup';
import { boundInstitution, isOAuthInstitution, setScreen, type Screen } from '../steps';
import { startOAuth } from './oauth';

export const institution: Screen = {
  render({ ctx, session, link, institution: inst, institutionName, borrowerLine }) {
    const oauth = isOAuthInstitution(ctx, session.institutionId);
    const body = oauth
      ? `<p>${esc(institutionName)} signs you in on its own website. A new window opens where you sign in and choose what to share, then you come back here.</p>`
      : `<p>Next, sign in with the username and password you use at ${esc(institutionName)}.</p>`;
    const bound = link.kind === 'lite' || link.kind === 'fix';
    return screenPage(
      institutionName,
      `<img class="logo" src="/assets/institutions/${session.institutionId}/logo.svg" alt="">${heading(institutionName)}${borrowerLine}${notice(session)}${body}
${inst?.urlHome ? `<p class="muted">${esc(inst.urlHome)}</p>` : ''}
<div class="actions">${oauth ? button('oauth-start', `Continue to ${institutionName}`) : button('next', 'Next')}${bound ? '' : button('back', 'Back', 'secondary')}</div>`,
    );
  },
  actions: {
    next: ({ ctx, session, link }) => {
      if (!isOAuthInstitution(ctx, session.institutionId)) {
        session.notice = undefined;
        setScreen(session, 'login', link);
      }
      return {};
    },
    'oauth-start': startOAuth,
    back: ({ ctx, session, link }) => {
      const bound = boundInstitution(ctx, link) !== undefined;
      setScreen(session, bound ? 'landing' : 'search', link);
      return {};
    },
  },
};
