// The end of a session that timed out (inactivity, or its hour).
import { heading, screenPage } from '../markup';
import type { Screen } from '../steps';

export const timeout: Screen = {
  render: () =>
    screenPage(
      'Session timed out',
      `${heading('Your session timed out')}<p>For your security, Data Connect ended the session. Open the link again to start over.</p>`,
    ),
  actions: {},
};
