// A multi-factor question from the institution: text, image (captcha), choice or image choice.
import { escapeHtml as esc } from '../../mailbox';
import { FAILURE_MESSAGES, type MfaChallenge } from '../../profiles';
import { answerMfaChallenge } from '../../sessions';
import { button, heading, notice, screenPage } from '../markup';
import {
  addAccountsFailed,
  afterAuthentication,
  redraw,
  setScreen,
  textField,
  type Screen,
} from '../steps';

function captchaSvg(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="60" viewBox="0 0 180 60"><rect width="180" height="60" fill="#f1f1f1"/><path d="M5 40 Q 60 5 120 45 T 175 20" stroke="#9aa" fill="none"/><text x="20" y="42" font-family="monospace" font-size="30" fill="#222" transform="rotate(-4 90 30)">X7P2Q</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function imageFor(choice: string): string {
  const symbols: Record<string, string> = { sun: '☀', moon: '☾', star: '★', tree: '♣' };
  return symbols[choice] ?? '■';
}

function challengeFields(challenge: MfaChallenge): string {
  switch (challenge.kind) {
    case 'text':
      return `<label for="answer">${esc(challenge.question)}</label><input type="text" id="answer" name="answer" autocomplete="off" required>`;
    case 'image':
      return `<p>${esc(challenge.question)}</p><img class="captcha" src="${captchaSvg()}" width="180" height="60" alt="Security image with distorted characters (in the sandbox any answer is accepted)"><label for="answer">Characters in the image</label><input type="text" id="answer" name="answer" autocomplete="off" required>`;
    case 'choice':
    case 'imageChoice': {
      const choices = (challenge.choices ?? [])
        .map(
          (c, i) =>
            `<label class="check" for="choice-${i}"><input type="radio" id="choice-${i}" name="answer" value="${esc(c)}"${i === 0 ? ' required' : ''}>${challenge.kind === 'imageChoice' ? `<span aria-hidden="true">${imageFor(c)}</span> ` : ''}${esc(c)}</label>`,
        )
        .join('');
      return `<fieldset><legend>${esc(challenge.question)}</legend>${challenge.kind === 'imageChoice' ? `<p class="muted">Image layout ${challenge.style ?? 1}</p>` : ''}${choices}</fieldset>`;
    }
  }
}

export const mfa: Screen = {
  render({ session, institutionName, borrowerLine }) {
    const challenge = session.signIn?.mfa;
    return screenPage(
      'Verify your identity',
      `${heading('Verify your identity')}${borrowerLine}<p>${esc(institutionName)} needs more information to confirm it is you.</p>${notice(session)}
<form data-action="mfa">${challenge ? challengeFields(challenge) : ''}<div class="actions"><button type="submit" class="primary">Submit</button></div></form>
<div class="actions">${button('back', 'Back', 'secondary')}</div>`,
    );
  },
  actions: {
    mfa: async ({ ctx, session, link, input, borrower }) => {
      const challenge = session.signIn?.mfa;
      if (!challenge || session.institutionId === undefined) return {};
      const answer = textField(input, 'answer').trim();
      if (!answer) {
        session.notice = { title: 'Answer required', message: 'Answer the question to continue.' };
        redraw(session);
        return {};
      }
      const institutionId = session.institutionId;
      const outcome = await answerMfaChallenge(
        ctx,
        link,
        { institutionId, challenge, answer },
        borrower,
      );
      if (outcome.outcome === 'challenge') {
        if (session.signIn) session.signIn.mfa = outcome.mfa;
        session.notice = {
          title: 'Another question',
          message: 'Your institution needs one more answer.',
        };
        redraw(session);
        return {};
      }
      if (outcome.outcome === 'failure') {
        const message = FAILURE_MESSAGES[outcome.code] ?? outcome.message;
        addAccountsFailed(ctx, session, institutionId, outcome.code, 'Unable to verify', message);
        session.signIn = undefined;
        session.notice = { title: 'We could not verify your answer', message, code: outcome.code };
        setScreen(session, 'failed', link);
        return {};
      }
      session.notice = undefined;
      await afterAuthentication(ctx, session, link);
      return {};
    },
    back: ({ session, link }) => {
      session.signIn = undefined;
      setScreen(session, 'login', link);
      return {};
    },
  },
};
