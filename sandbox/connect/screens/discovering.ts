// Slow discovery (user `discovertimeout`): the poll carries the session on when the time is up.
import { escapeHtml as esc } from '../../mailbox';
import { heading, screenPage } from '../markup';
import type { Screen } from '../steps';

export const discovering: Screen = {
  render: ({ institutionName, borrowerLine }) =>
    screenPage(
      'Finding your accounts',
      `${heading('Finding your accounts')}${borrowerLine}<div class="spinner" aria-hidden="true"></div><p role="status">Connecting to ${esc(institutionName)}. This can take a minute; this page continues on its own.</p>`,
    ),
  actions: {},
};
