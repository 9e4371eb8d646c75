// The end of a completed session (`done` sent).
import { heading, screenPage } from '../markup';
import type { Screen } from '../steps';

export const success: Screen = {
  render: ({ session }) =>
    screenPage(
      'Success',
      `${heading('Your submission was successful. Thank you!')}<p>${session.redirect ? 'You will be returned to where you started.' : 'You can close this window.'}</p>`,
    ),
  actions: {},
};
