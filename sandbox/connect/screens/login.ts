// The institution's sign-in form (legacy institutions): the FinBank test users decide the outcome.
import { escapeHtml as esc } from '../../mailbox';
import { FINBANK } from '../../profiles';
import { beginSignIn } from '../../sessions';
import { button, heading, notice, screenPage } from '../markup';
import {
  addAccountsFailed,
  addAccountsStarted,
  boundInstitution,
  redraw,
  setScreen,
  signedIn,
  textField,
  type Screen,
} from '../steps';

function loginFields(institutionId: number): { user: string; pass: string } {
  if (institutionId === FINBANK.profilesA || institutionId === FINBANK.profilesB) {
    return { user: 'Banking Userid', pass: 'Banking Password' };
  }
  return { user: 'Username', pass: 'Password' };
}

export const login: Screen = {
  render({ session, institution: inst, institutionName, borrowerLine }) {
    const id = session.institutionId ?? 0;
    const fields = loginFields(id);
    const hint = inst?.specialInstructions?.length
      ? `<div class="hint" id="login-hint"><strong>Test Drive</strong> ${inst.specialInstructions.map(esc).join(' ')}</div>`
      : '';
    const describedBy = session.notice ? ' aria-describedby="notice"' : '';
    const title = `Sign in to ${institutionName}`;
    return screenPage(
      title,
      `${heading(title)}${borrowerLine}${hint}${notice(session)}
<form data-action="login" autocomplete="off">
<label for="username">${esc(fields.user)}</label><input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required${describedBy}>
<label for="password">${esc(fields.pass)}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit" class="primary">Submit</button></div>
</form>
<div class="actions">${button('back', 'Back', 'secondary')}</div>`,
    );
  },
  actions: {
    login: async ({ ctx, session, link, input, borrower }) => {
      if (session.institutionId === undefined) return {};
      const username = textField(input, 'username').trim();
      const password = textField(input, 'password');
      if (!username || !password) {
        session.notice = {
          title: 'Missing information',
          message: 'Enter your username and password.',
        };
        redraw(session);
        return {};
      }
      const institutionId = session.institutionId;
      if (link.kind !== 'fix') addAccountsStarted(session, institutionId);
      const result = await beginSignIn(ctx, link, { institutionId, username, password }, borrower);
      if (result.outcome === 'failure') {
        const title = result.code === 103 ? 'Incorrect sign in' : 'Unable to connect';
        const message =
          result.code === 103
            ? "Your sign in information doesn't match this account. Try again or reset your password."
            : result.message;
        addAccountsFailed(ctx, session, institutionId, result.code, title, message);
        session.notice = { title, message, code: result.code };
        redraw(session);
        return {};
      }
      await signedIn(ctx, session, link, result, username);
      return {};
    },
    back: ({ ctx, session, link }) => {
      const bound = boundInstitution(ctx, link) !== undefined;
      setScreen(session, bound ? 'landing' : 'institution', link);
      return {};
    },
  },
};
