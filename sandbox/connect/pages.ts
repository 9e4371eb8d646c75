// The documents of the hosted Connect pages: the page shell around a screen (it carries the
// session id and the SDK messages not yet posted; /connect/client.js does the rest), the error
// page of a refused link, and the FinBank OAuth institution's own pages. Screens are in screens/.
import type { SandboxContext } from '../context';
import { escapeHtml as esc } from '../mailbox';
import type { ConnectSessionRecord, LinkRecord } from '../store';
import { renderScreen, type RefusedReason } from './flow';

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
