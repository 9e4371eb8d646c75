// A sign-in that failed (MFA, OAuth denied, institution error), with "Try again" while the
// session lasts; also the end of a session whose link expired or was used up meanwhile.
import { escapeHtml as esc } from '../../mailbox';
import { button, heading, screenPage } from '../markup';
import { isOAuthInstitution, setScreen, type Screen } from '../steps';

export const failed: Screen = {
  render({ session }) {
    const n = session.notice;
    const canRetry = !session.outcome && session.institutionId !== undefined;
    return screenPage(
      n?.title ?? 'Something went wrong',
      `${heading(n?.title ?? 'Something went wrong')}<p>${esc(n?.message ?? 'Data Connect could not continue.')}${n?.code !== undefined ? ` (${n.code})` : ''}</p>
${canRetry ? `<div class="actions">${button('retry', 'Try again')}</div>` : ''}`,
    );
  },
  actions: {
    retry: ({ ctx, session, link }) => {
      if (session.institutionId !== undefined) {
        session.notice = undefined;
        setScreen(
          session,
          isOAuthInstitution(ctx, session.institutionId) ? 'institution' : 'login',
          link,
        );
      }
      return {};
    },
  },
};
