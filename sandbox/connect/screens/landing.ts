// The first screen: what Data Connect is, for which institution (Lite, Fix) or borrowers (joint).
import { escapeHtml as esc } from '../../mailbox';
import { borrowersOf, chooseInstitution } from '../../sessions';
import { button, heading, screenPage } from '../markup';
import {
  boundInstitution,
  isOAuthInstitution,
  setScreen,
  type Screen,
  type ScreenAction,
} from '../steps';

/** Terms accepted (here or on the terms screen): the bound institution's sign-in, or search. */
export const acceptTerms: ScreenAction = async ({ ctx, session, link, borrower }) => {
  const bound = boundInstitution(ctx, link);
  if (bound === undefined) {
    setScreen(session, 'search', link);
    return {};
  }
  session.institutionId = bound;
  await chooseInstitution(ctx, link, bound, borrower);
  setScreen(session, isOAuthInstitution(ctx, bound) ? 'institution' : 'login', link);
  return {};
};

export const landing: Screen = {
  render({ ctx, link, borrowerLine }) {
    let lead = 'Share your financial information securely by connecting your bank accounts.';
    let title = 'Connect your accounts';
    if (link.kind === 'fix') {
      const loginInst = ctx.catalog.get(
        ctx.store.state.institutionLogins[link.institutionLoginId ?? '']?.institutionId ?? -1,
      );
      title = `Reconnect ${loginInst?.name ?? 'your institution'}`;
      lead = 'Your connection needs attention. Sign in again so your accounts keep updating.';
    } else if (link.kind === 'lite') {
      title = `Connect ${ctx.catalog.get(link.institutionId ?? -1)?.name ?? 'your institution'}`;
    } else if (borrowersOf(link).length > 1) {
      lead =
        'The primary borrower connects their accounts first, then the joint borrower does the same in this session.';
    }
    return screenPage(
      title,
      `${heading(title)}${borrowerLine}<p>${esc(lead)}</p>
<p>Data Connect is provided by Mastercard. Your sign-in details are never shared with the company that sent you this link.</p>
<p>By selecting Next, you agree to the Data Connect Terms of Use and Privacy Notice.</p>
<div class="actions">${button('accept', 'Next')}${button('terms', 'Read the Terms of Use and Privacy Notice', 'link')}</div>`,
    );
  },
  actions: {
    accept: acceptTerms,
    terms: ({ session, link }) => {
      setScreen(session, 'terms', link);
      return {};
    },
  },
};
