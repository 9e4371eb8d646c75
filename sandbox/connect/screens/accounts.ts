// The discovered accounts, all selected; Save shares the chosen ones.
import { escapeHtml as esc } from '../../mailbox';
import { saveAccounts } from '../../sessions';
import { accountLabel, heading, notice, screenPage } from '../markup';
import { finish, redraw, setScreen, user, type Screen } from '../steps';

export const accounts: Screen = {
  render({ ctx, session, institutionName, borrowerLine }) {
    const ids = session.discovered?.accountIds ?? [];
    const boxes = ids
      .map(
        (id, i) =>
          `<label class="check" for="account-${i}"><input type="checkbox" id="account-${i}" name="accountIds" value="${esc(id)}" checked>${esc(accountLabel(ctx, id))}</label>`,
      )
      .join('');
    return screenPage(
      'Select your accounts',
      `${heading('Select the accounts to share')}${borrowerLine}${notice(session)}
<form data-action="save"><fieldset><legend>Accounts at ${esc(institutionName)}</legend>${boxes}</fieldset><div class="actions"><button type="submit" class="primary">Save</button></div></form>`,
    );
  },
  actions: {
    save: async ({ ctx, session, link, input, borrower }) => {
      const discovered = session.discovered;
      if (!discovered) return {};
      const raw = input.accountIds;
      const chosen = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
        .map(String)
        .filter((id) => discovered.accountIds.includes(id));
      if (chosen.length === 0) {
        session.notice = {
          title: 'No account selected',
          message: 'Select at least one account to share.',
        };
        redraw(session);
        return {};
      }
      const saved = await saveAccounts(ctx, link, discovered.institutionLoginId, chosen, {
        aggregationStatusCode: session.signIn?.aggregationStatusAfter,
        borrower,
      });
      user(session, {
        action: 'AddAccounts',
        institutionId: discovered.institutionId,
        institutionLoginId: discovered.institutionLoginId,
        accounts: saved.length,
        accountIds: saved.map((a) => a.id),
        success: true,
        errorCode: null,
      });
      session.added.push({
        borrowerIndex: session.borrowerIndex,
        institutionId: discovered.institutionId,
        institutionLoginId: discovered.institutionLoginId,
        accountIds: saved.map((a) => a.id),
      });
      session.discovered = undefined;
      session.signIn = undefined;
      session.oauth = undefined;
      session.notice = undefined;
      if (link.kind === 'lite') {
        await finish(ctx, session, link);
        return {};
      }
      setScreen(session, 'review', link);
      return {};
    },
  },
};
