// The accounts this borrower shared so far; submit, or add another institution.
import { escapeHtml as esc } from '../../mailbox';
import { borrowersOf } from '../../sessions';
import { accountLabel, button, heading, screenPage } from '../markup';
import { finish, setScreen, type Screen } from '../steps';

export const review: Screen = {
  render({ ctx, session, link, borrowerLine }) {
    const mine = session.added.filter((a) => a.borrowerIndex === session.borrowerIndex);
    const groups = mine
      .map((a) => {
        const name = ctx.catalog.get(a.institutionId)?.name ?? 'Institution';
        const items = a.accountIds.map((id) => `<li>${esc(accountLabel(ctx, id))}</li>`).join('');
        return `<h2>${esc(name)}</h2><ul class="accounts">${items}</ul>`;
      })
      .join('');
    const more = session.borrowerIndex + 1 < borrowersOf(link).length;
    return screenPage(
      'Review your accounts',
      `${heading('Review your accounts')}${borrowerLine}${groups}
<div class="actions">${button('submit', more ? 'Submit and continue to joint borrower' : 'Submit')}${button('add-another', 'Add another institution', 'secondary')}</div>`,
    );
  },
  actions: {
    'add-another': ({ session, link }) => {
      session.institutionId = undefined;
      session.query = undefined;
      setScreen(session, 'search', link);
      return {};
    },
    // The primary borrower's submit hands over to the joint borrower; the last one's ends.
    submit: async ({ ctx, session, link }) => {
      if (session.borrowerIndex + 1 < borrowersOf(link).length) {
        session.borrowerIndex += 1;
        setScreen(session, 'joint', link);
        return {};
      }
      await finish(ctx, session, link);
      return {};
    },
  },
};
