// The end of a session the person left with Exit (`cancel` sent).
import { heading, screenPage } from '../markup';
import type { Screen } from '../steps';

export const exited: Screen = {
  render: () =>
    screenPage(
      'Exited',
      `${heading('You exited Data Connect')}<p>Accounts you did not submit were not shared. You can close this window.</p>`,
    ),
  actions: {},
};
