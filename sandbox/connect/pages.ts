// HTML of the hosted Connect pages: plain templates, rendered on the server. The page shell
// carries the session id and the SDK messages not yet posted; /connect/client.js does the rest.
import type { SandboxContext } from '../context';
import { escapeHtml as esc } from '../mailbox';
import type { MfaChallenge } from '../profiles';
import { FINBANK } from '../profiles';
import { borrowersOf } from '../sessions';
import type { ConnectSessionRecord, LinkRecord } from '../store';
import { isOAuthInstitution, SEARCH_PAGE_SIZE, type RefusedReason } from './flow';

const STYLE = `
:root { color-scheme: light; --ink: #1b1d21; --muted: #474d55; --line: #c3c8cf; --brand: #0b4f9c; --brand-dark: #083b75; --bg: #f4f5f7; --danger: #a3131a; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: var(--ink); background: var(--bg); }
.app { max-width: 34rem; min-height: 100vh; margin: 0 auto; background: #fff; display: flex; flex-direction: column; }
.bar { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
.brand { margin: 0; font-weight: 700; }
.brand span { font-weight: 400; color: var(--muted); }
main { flex: 1; padding: 1.25rem 1rem 2rem; outline: none; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; outline: none; }
h2 { font-size: 1.125rem; margin: 1.5rem 0 .5rem; }
p { margin: 0 0 1rem; }
.muted { color: var(--muted); }
.foot { padding: .75rem 1rem; border-top: 1px solid var(--line); font-size: .875rem; color: var(--muted); }
.foot p { margin: 0; }
button, .button { font: inherit; min-height: 2.75rem; padding: .5rem 1.25rem; border-radius: .375rem; border: 2px solid var(--brand); cursor: pointer; }
.primary { background: var(--brand); color: #fff; font-weight: 600; }
.primary:hover { background: var(--brand-dark); border-color: var(--brand-dark); }
.secondary { background: #fff; color: var(--brand); font-weight: 600; }
.link { border: 0; background: none; color: var(--brand); text-decoration: underline; padding: 0; min-height: 0; font-weight: 400; }
.plain { background: #fff; color: var(--ink); border: 1px solid var(--line); }
button:focus-visible, a:focus-visible, input:focus-visible, h1:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
button[disabled] { opacity: .6; cursor: progress; }
a { color: var(--brand); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.25rem; }
.actions form { margin: 0; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], input[type=password], input[type=search] { font: inherit; width: 100%; padding: .625rem .75rem; border: 1px solid #6b727b; border-radius: .375rem; background: #fff; color: var(--ink); }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.check { display: flex; align-items: center; gap: .75rem; font-weight: 400; margin: .75rem 0 0; }
.check input { width: 1.25rem; height: 1.25rem; flex: none; }
.notice { border-left: 4px solid var(--danger); background: #fdf0f0; padding: .75rem 1rem; margin: 0 0 1rem; }
.notice strong { display: block; }
.hint { border-left: 4px solid var(--brand); background: #eef4fb; padding: .75rem 1rem; margin: 0 0 1rem; }
.list { list-style: none; padding: 0; margin: 0; }
.list li { margin: 0 0 .5rem; }
.list form { margin: 0; }
.tile { display: flex; align-items: center; gap: .75rem; width: 100%; text-align: left; background: #fff; color: var(--ink); border: 1px solid var(--line); font-weight: 600; }
.tile:hover { border-color: var(--brand); }
.tile img { width: 2.5rem; height: 2.5rem; flex: none; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .5rem; list-style: none; padding: 0; margin: 0; }
.logo { width: 4rem; height: 4rem; display: block; margin: 0 0 1rem; }
.search-row { display: flex; gap: .5rem; align-items: stretch; }
.search-row input { flex: 1; }
.accounts { list-style: none; padding: 0; margin: 0 0 1rem; }
.accounts li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
.captcha { display: block; margin: .5rem 0; border: 1px solid var(--line); }
.spinner { width: 2.5rem; height: 2.5rem; border: 4px solid #c9d6e8; border-top-color: var(--brand); border-radius: 50%; animation: spin 1s linear infinite; margin: 1rem 0; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
dialog { border: 0; border-radius: .5rem; padding: 1.25rem; max-width: min(26rem, calc(100vw - 2rem)); box-shadow: 0 10px 30px rgba(0,0,0,.3); color: var(--ink); }
dialog::backdrop { background: rgba(0,0,0,.55); }
dialog h2 { margin-top: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (max-width: 30rem) { main { padding: 1rem .75rem 1.5rem; } .actions button { flex: 1 1 100%; } .search-row { flex-direction: column; } }
`;

function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function document(options: {
  title: string;
  body: string;
  boot?: unknown;
  exitButton?: boolean;
  dialogs?: boolean;
}): string {
  const exit = options.exitButton
    ? '<button type="button" id="exit-button" class="plain" aria-haspopup="dialog">Exit</button>'
    : '';
  const dialogs = options.dialogs
    ? `<dialog id="exit-dialog" aria-labelledby="exit-title" aria-describedby="exit-text">
  <h2 id="exit-title">Exit Data Connect?</h2>
  <p id="exit-text">Are you sure you want to exit? Accounts you have not submitted will not be shared.</p>
  <div class="actions">
    <button type="button" class="primary" id="exit-confirm">Yes, exit</button>
    <button type="button" class="secondary" id="exit-cancel">No, stay</button>
  </div>
</dialog>
<dialog id="timeout-dialog" role="alertdialog" aria-labelledby="timeout-title" aria-describedby="timeout-text">
  <h2 id="timeout-title">Are you still there?</h2>
  <p id="timeout-text">For your security, your session will end in 2 minutes because of inactivity.</p>
  <div class="actions"><button type="button" class="primary" id="timeout-continue">Continue</button></div>
</dialog>`
    : '';
  // The page script loads in <head> (blocking, one small file from this origin), so that no
  // form can be submitted before it handles submits; the boot data follows the body.
  const hasScript = options.boot !== undefined;
  const script = hasScript ? '\n<script src="/connect/client.js"></script>' : '';
  const boot = hasScript
    ? `<script type="application/json" id="connect-boot">${json(options.boot)}</script>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)}</title>
<style>${STYLE}</style>${script}
</head>
<body>
<div class="app">
<header class="bar"><p class="brand">Data Connect <span>sandbox</span></p>${exit}</header>
<main id="main">
${options.body}
</main>
<footer class="foot"><p>Mastercard Open Finance sandbox: test data only.</p></footer>
</div>
${dialogs}
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
<noscript><p>Data Connect needs JavaScript.</p></noscript>
${boot}
</body>
</html>`;
}

function notice(session: ConnectSessionRecord): string {
  const n = session.notice;
  if (!n) return '';
  const code = n.code !== undefined ? ` (${n.code})` : '';
  return `<div class="notice" role="alert" id="notice"><strong>${esc(n.title)}</strong>${esc(n.message)}${esc(code)}</div>`;
}

function button(
  action: string,
  label: string,
  kind = 'primary',
  hidden: Record<string, string> = {},
) {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return `<form data-action="${esc(action)}">${fields}<button type="submit" class="${kind}">${esc(label)}</button></form>`;
}

function institutionTile(ctx: SandboxContext, id: number): string {
  const inst = ctx.catalog.get(id);
  if (!inst) return '';
  return `<form data-action="choose"><input type="hidden" name="institutionId" value="${inst.id}"><button type="submit" class="tile"><img src="/assets/institutions/${inst.id}/icon.svg" alt="">${esc(inst.name)}</button></form>`;
}

function loginFields(institutionId: number): { user: string; pass: string } {
  if (institutionId === FINBANK.profilesA || institutionId === FINBANK.profilesB) {
    return { user: 'Banking Userid', pass: 'Banking Password' };
  }
  return { user: 'Username', pass: 'Password' };
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function accountLabel(ctx: SandboxContext, id: string): string {
  const a = ctx.store.state.accounts[id];
  if (!a) return 'Account';
  return `${a.name} ending ${a.realAccountNumber.slice(-4)}, balance ${money.format(a.balance)}`;
}

function captchaSvg(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="60" viewBox="0 0 180 60"><rect width="180" height="60" fill="#f1f1f1"/><path d="M5 40 Q 60 5 120 45 T 175 20" stroke="#9aa" fill="none"/><text x="20" y="42" font-family="monospace" font-size="30" fill="#222" transform="rotate(-4 90 30)">X7P2Q</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function mfaBody(challenge: MfaChallenge): string {
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

function imageFor(choice: string): string {
  const symbols: Record<string, string> = { sun: '☀', moon: '☾', star: '★', tree: '♣' };
  return symbols[choice] ?? '■';
}

function borrowerLabel(session: ConnectSessionRecord, link: LinkRecord): string {
  const list = borrowersOf(link);
  if (list.length < 2) return '';
  return session.borrowerIndex === 0 ? 'Primary borrower' : 'Joint borrower';
}

/** The content of <main> for the session's current screen, and the document title. */
export function renderScreen(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): { title: string; html: string } {
  const inst =
    session.institutionId !== undefined ? ctx.catalog.get(session.institutionId) : undefined;
  const instName = inst?.name ?? 'your institution';
  const who = borrowerLabel(session, link);
  const whoLine = who ? `<p class="muted" id="borrower">${esc(who)}</p>` : '';
  const h1 = (text: string) => `<h1 tabindex="-1">${esc(text)}</h1>`;
  const out = (title: string, html: string) => ({ title: `${title} - Data Connect`, html });
  switch (session.screen) {
    case 'landing': {
      let lead = 'Share your financial information securely by connecting your bank accounts.';
      let title = 'Connect your accounts';
      if (link.kind === 'fix') {
        const loginInst = ctx.catalog.get(
          ctx.store.state.institutionLogins[link.institutionLoginId ?? '']?.institutionId ?? -1,
        );
        title = `Reconnect ${loginInst?.name ?? 'your institution'}`;
        lead = 'Your connection needs attention. Sign in again so your accounts keep updating.';
      } else if (link.kind === 'lite') {
        title = `Connect ${ctx.catalog.get(link.institutionId ?? -1)?.name ?? 'your institution'}`;
      } else if (borrowersOf(link).length > 1) {
        lead =
          'The primary borrower connects their accounts first, then the joint borrower does the same in this session.';
      }
      return out(
        title,
        `${h1(title)}${whoLine}<p>${esc(lead)}</p>
<p>Data Connect is provided by Mastercard. Your sign-in details are never shared with the company that sent you this link.</p>
<p>By selecting Next, you agree to the Data Connect Terms of Use and Privacy Notice.</p>
<div class="actions">${button('accept', 'Next')}${button('terms', 'Read the Terms of Use and Privacy Notice', 'link')}</div>`,
      );
    }
    case 'terms':
      return out(
        'Terms of Use and Privacy Notice',
        `${h1('Terms of Use and Privacy Notice')}
<h2>Terms of Use</h2><p>This is a sandbox. No real institution is contacted and no real data is shared. Test institutions and test users stand in for real ones.</p>
<h2>Privacy Notice</h2><p>The sandbox keeps the test accounts you connect until it is reset. It stores no cookies.</p>
<div class="actions">${button('accept', 'Accept and continue')}${button('back', 'Back', 'secondary')}</div>`,
      );
    case 'search': {
      const query = session.query ?? '';
      let results = '';
      if (query) {
        const page = session.page ?? 1;
        const found = ctx.catalog.search({
          search: query,
          start: 1,
          limit: page * SEARCH_PAGE_SIZE,
        });
        const items = found.institutions
          .map((i) => `<li>${institutionTile(ctx, i.id)}</li>`)
          .join('');
        results = `<h2 id="results-title">Results for “${esc(query)}”</h2><p id="results-count">${found.found} ${found.found === 1 ? 'institution' : 'institutions'} found</p>`;
        results += found.found
          ? `<ul class="list" aria-labelledby="results-title">${items}</ul>`
          : `<p>Check the spelling or try another name.</p>`;
        if (found.moreAvailable) {
          results += `<div class="actions">${button('search', 'Show more results', 'secondary', { query, page: String(page + 1) })}</div>`;
        }
      } else {
        const tiles = ctx.catalog
          .popular()
          .map((i) => `<li>${institutionTile(ctx, i.id)}</li>`)
          .join('');
        results = `<h2 id="popular-title">Popular institutions</h2><ul class="tiles" aria-labelledby="popular-title">${tiles}</ul>`;
      }
      return out(
        'Search for your bank',
        `${h1('Search for your bank')}${whoLine}${notice(session)}
<form data-action="search" role="search"><label for="query">Bank name</label><div class="search-row"><input type="search" id="query" name="query" value="${esc(query)}" autocomplete="off" aria-describedby="search-hint"><button type="submit" class="primary">Search</button></div></form>
<p class="muted" id="search-hint">Test Drive: FinBank (user demo, password go), FinBank Profiles - A (profile_03 / profile_03), FinBank OAuth.</p>
${results}
${session.added.length > 0 ? `<div class="actions">${button('back-review', 'Back to review', 'secondary')}</div>` : ''}`,
      );
    }
    case 'institution': {
      const oauth = isOAuthInstitution(ctx, session.institutionId);
      const body = oauth
        ? `<p>${esc(instName)} signs you in on its own website. A new window opens where you sign in and choose what to share, then you come back here.</p>`
        : `<p>Next, sign in with the username and password you use at ${esc(instName)}.</p>`;
      const bound = link.kind === 'lite' || link.kind === 'fix';
      return out(
        instName,
        `<img class="logo" src="/assets/institutions/${session.institutionId}/logo.svg" alt="">${h1(instName)}${whoLine}${notice(session)}${body}
${inst?.urlHome ? `<p class="muted">${esc(inst.urlHome)}</p>` : ''}
<div class="actions">${oauth ? button('oauth-start', `Continue to ${instName}`) : button('next', 'Next')}${bound ? '' : button('back', 'Back', 'secondary')}</div>`,
      );
    }
    case 'login': {
      const id = session.institutionId ?? 0;
      const fields = loginFields(id);
      const hint = inst?.specialInstructions?.length
        ? `<div class="hint" id="login-hint"><strong>Test Drive</strong> ${inst.specialInstructions.map(esc).join(' ')}</div>`
        : '';
      const describedBy = session.notice ? ' aria-describedby="notice"' : '';
      const title = `Sign in to ${instName}`;
      return out(
        title,
        `${h1(title)}${whoLine}${hint}${notice(session)}
<form data-action="login" autocomplete="off">
<label for="username">${esc(fields.user)}</label><input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required${describedBy}>
<label for="password">${esc(fields.pass)}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit" class="primary">Submit</button></div>
</form>
<div class="actions">${button('back', 'Back', 'secondary')}</div>`,
      );
    }
    case 'mfa': {
      const challenge = session.signIn?.mfa;
      return out(
        'Verify your identity',
        `${h1('Verify your identity')}${whoLine}<p>${esc(instName)} needs more information to confirm it is you.</p>${notice(session)}
<form data-action="mfa">${challenge ? mfaBody(challenge) : ''}<div class="actions"><button type="submit" class="primary">Submit</button></div></form>
<div class="actions">${button('back', 'Back', 'secondary')}</div>`,
      );
    }
    case 'discovering':
      return out(
        'Finding your accounts',
        `${h1('Finding your accounts')}${whoLine}<div class="spinner" aria-hidden="true"></div><p role="status">Connecting to ${esc(instName)}. This can take a minute; this page continues on its own.</p>`,
      );
    case 'oauth': {
      const status = session.oauth?.status ?? 'pending';
      const waiting =
        status !== 'pending'
          ? ''
          : session.oauth?.urlAt !== undefined
            ? `<div class="spinner" aria-hidden="true"></div><p role="status">Getting the ${esc(instName)} sign-in page ready…</p>`
            : `<div class="spinner" aria-hidden="true"></div><p role="status">Finish signing in at ${esc(instName)} in the other window. This page continues when you are done.</p>`;
      return out(
        `Continue at ${instName}`,
        `${h1(`Continue at ${instName}`)}${whoLine}${notice(session)}${waiting}
<div class="actions">${button('oauth-start', status === 'pending' ? 'Open the sign-in window again' : 'Try again', status === 'pending' ? 'secondary' : 'primary')}${button('back', 'Back', 'secondary')}</div>`,
      );
    }
    case 'accounts': {
      const ids = session.discovered?.accountIds ?? [];
      const boxes = ids
        .map(
          (id, i) =>
            `<label class="check" for="account-${i}"><input type="checkbox" id="account-${i}" name="accountIds" value="${esc(id)}" checked>${esc(accountLabel(ctx, id))}</label>`,
        )
        .join('');
      return out(
        'Select your accounts',
        `${h1('Select the accounts to share')}${whoLine}${notice(session)}
<form data-action="save"><fieldset><legend>Accounts at ${esc(instName)}</legend>${boxes}</fieldset><div class="actions"><button type="submit" class="primary">Save</button></div></form>`,
      );
    }
    case 'review': {
      const mine = session.added.filter((a) => a.borrowerIndex === session.borrowerIndex);
      const groups = mine
        .map((a) => {
          const name = ctx.catalog.get(a.institutionId)?.name ?? 'Institution';
          const items = a.accountIds.map((id) => `<li>${esc(accountLabel(ctx, id))}</li>`).join('');
          return `<h2>${esc(name)}</h2><ul class="accounts">${items}</ul>`;
        })
        .join('');
      const more = session.borrowerIndex + 1 < borrowersOf(link).length;
      return out(
        'Review your accounts',
        `${h1('Review your accounts')}${whoLine}${groups}
<div class="actions">${button('submit', more ? 'Submit and continue to joint borrower' : 'Submit')}${button('add-another', 'Add another institution', 'secondary')}</div>`,
      );
    }
    case 'joint':
      return out(
        'Joint borrower',
        `${h1('Joint borrower')}<p id="borrower">The primary borrower's accounts are saved. Now the joint borrower connects their own accounts.</p><div class="actions">${button('next', 'Next')}</div>`,
      );
    case 'success':
      return out(
        'Success',
        `${h1('Your submission was successful. Thank you!')}<p>${session.redirect ? 'You will be returned to where you started.' : 'You can close this window.'}</p>`,
      );
    case 'failed': {
      const n = session.notice;
      const canRetry = !session.outcome && session.institutionId !== undefined;
      return out(
        n?.title ?? 'Something went wrong',
        `${h1(n?.title ?? 'Something went wrong')}<p>${esc(n?.message ?? 'Data Connect could not continue.')}${n?.code !== undefined ? ` (${n.code})` : ''}</p>
${canRetry ? `<div class="actions">${button('retry', 'Try again')}</div>` : ''}`,
      );
    }
    case 'timeout':
      return out(
        'Session timed out',
        `${h1('Your session timed out')}<p>For your security, Data Connect ended the session. Open the link again to start over.</p>`,
      );
    case 'exited':
      return out(
        'Exited',
        `${h1('You exited Data Connect')}<p>Accounts you did not submit were not shared. You can close this window.</p>`,
      );
  }
}

/** The whole page for a session (first load, reload, return from an OAuth institution). */
export function renderSessionPage(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): string {
  const screen = renderScreen(ctx, session, link);
  return document({
    title: screen.title,
    body: screen.html,
    exitButton: true,
    dialogs: true,
    boot: {
      session: session.id,
      version: session.version,
      screen: session.screen,
      messages: session.outbox,
      redirect: session.redirect,
    },
  });
}

const REFUSED_TEXT: Record<RefusedReason, { title: string; message: string; code: string }> = {
  expired: {
    title: 'This link has expired',
    message: 'Ask the company that sent it for a new link.',
    code: 'link-expired',
  },
  used: {
    title: 'This link has already been used',
    message: 'It can be used only once. Ask the company that sent it for a new link.',
    code: 'link-used',
  },
  invalid: {
    title: 'This link is not valid',
    message: 'It may have been changed or copied incompletely. Ask for a new link.',
    code: 'link-invalid',
  },
};

/** The error page of an expired, spent or edited link. `error` reaches the SDK when it is left. */
export function renderRefusedPage(reason: RefusedReason, redirect: string | undefined): string {
  const text = REFUSED_TEXT[reason];
  return document({
    title: `${text.title} - Data Connect`,
    body: `<h1 tabindex="-1">${esc(text.title)}</h1><p>${esc(text.message)}</p><div class="actions"><button type="button" class="primary" id="refused-exit">Exit</button></div>`,
    boot: {
      refused: reason,
      messages: [
        { seq: 1, type: 'route', data: { screen: 'error', params: { code: text.code } } },
        {
          seq: 2,
          type: 'user',
          data: {
            action: 'DisplayAlert',
            alertType: 'error',
            title: text.title,
            message: text.message,
          },
        },
      ],
      exit: { type: 'error', data: { code: 500, reason: 'error' } },
      redirect,
    },
  });
}

export function renderMissingSessionPage(): string {
  return document({
    title: 'Session not found - Data Connect',
    body: '<h1 tabindex="-1">This session has ended</h1><p>Open your Data Connect link again to start over.</p>',
  });
}

/** The OAuth institution's own sign-in page (FinBank OAuth, served by the sandbox). */
export function renderFiAuthorizePage(options: {
  institutionName: string;
  state: string;
  returnMode: string;
  redirectUri: string;
  error?: string;
}): string {
  const error = options.error
    ? `<div class="notice" role="alert" id="fi-error">${esc(options.error)}</div>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - ${esc(options.institutionName)}</title>
<style>${STYLE}
.fi { background: #0b6e4f; color: #fff; }
.fi .brand span { color: #e6f4ee; }
.fi-main .primary { background: #0b6e4f; border-color: #0b6e4f; }
.fi-main .secondary { color: #0b6e4f; border-color: #0b6e4f; }
</style>
</head>
<body>
<div class="app">
<header class="bar fi"><p class="brand">${esc(options.institutionName)} <span>online banking</span></p></header>
<main id="main" class="fi-main">
<h1>Sign in to ${esc(options.institutionName)}</h1>
<p>Data Connect sandbox is asking to access your account information.</p>
<div class="hint"><strong>Test Drive</strong> Any username and password work, for example demo / go.</div>
${error}
<form method="post" action="/fi/oauth/authorize">
<input type="hidden" name="state" value="${esc(options.state)}">
<input type="hidden" name="return" value="${esc(options.returnMode)}">
<input type="hidden" name="redirect_uri" value="${esc(options.redirectUri)}">
<label for="fi-username">Username</label><input type="text" id="fi-username" name="username" autocomplete="username">
<label for="fi-password">Password</label><input type="password" id="fi-password" name="password" autocomplete="current-password">
<div class="actions"><button type="submit" class="primary" name="decision" value="allow">Sign in and allow access</button><button type="submit" class="secondary" name="decision" value="deny">Cancel</button></div>
</form>
</main>
<footer class="foot"><p>Sandbox test institution.</p></footer>
</div>
</body>
</html>`;
}

/** Shown in the SDK-opened OAuth window after the institution redirected back; Connect closes it. */
export function renderOAuthDonePage(approved: boolean): string {
  return document({
    title: 'Return to Data Connect',
    body: `<h1 tabindex="-1">${approved ? 'You are signed in' : 'Sign-in cancelled'}</h1><p>Return to the Data Connect window. This window closes on its own.</p>`,
  });
}
