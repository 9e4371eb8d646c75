// The hand-over from the primary borrower to the joint borrower.
import { button, heading, screenPage } from '../markup';
import { setScreen, type Screen } from '../steps';

export const joint: Screen = {
  render: () =>
    screenPage(
      'Joint borrower',
      `${heading('Joint borrower')}<p id="borrower">The primary borrower's accounts are saved. Now the joint borrower connects their own accounts.</p><div class="actions">${button('next', 'Next')}</div>`,
    ),
  actions: {
    next: ({ session, link }) => {
      session.institutionId = undefined;
      session.query = undefined;
      setScreen(session, 'search', link);
      return {};
    },
  },
};
