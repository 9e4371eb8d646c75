// The Terms of Use and Privacy Notice, opened from the landing screen.
import { button, heading, screenPage } from '../markup';
import { setScreen, type Screen } from '../steps';
import { acceptTerms } from './landing';

export const terms: Screen = {
  render: () =>
    screenPage(
      'Terms of Use and Privacy Notice',
      `${heading('Terms of Use and Privacy Notice')}
<h2>Terms of Use</h2><p>This is a sandbox. No real institution is contacted and no real data is shared. Test institutions and test users stand in for real ones.</p>
<h2>Privacy Notice</h2><p>The sandbox keeps the test accounts you connect until it is reset. It stores no cookies.</p>
<div class="actions">${button('accept', 'Accept and continue')}${button('back', 'Back', 'secondary')}</div>`,
    ),
  actions: {
    accept: acceptTerms,
    back: ({ session, link }) => {
      setScreen(session, 'landing', link);
      return {};
    },
  },
};
