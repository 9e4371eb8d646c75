// Routes of the hosted Connect pages and of the FinBank OAuth institution's sign-in page.
// Session state lives on the server, keyed by the session id in the page URL: no cookies, so
// the pages work inside a third-party iframe where Chromium blocks them.
import { readFileSync } from 'node:fs';
import type { SandboxContext } from '../context';
import { html, json, jsonBody, type Req, type Res, type Router } from '../http';
import {
  acknowledge,
  completeOAuth,
  findSession,
  openConnect,
  performAction,
  renderScreen,
  viewOf,
} from './flow';
import {
  renderFiAuthorizePage,
  renderMissingSessionPage,
  renderOAuthDonePage,
  renderRefusedPage,
  renderSessionPage,
} from './pages';
import type { ActionInput } from './steps';

const CLIENT_JS = readFileSync(new URL('./client.js', import.meta.url), 'utf8');

function redirect(location: string): Res {
  return { status: 303, headers: { Location: location, 'Content-Type': 'text/plain' }, body: '' };
}

function refusedRedirect(link: { redirectUri?: string } | undefined): string | undefined {
  if (!link?.redirectUri) return undefined;
  const url = new URL(link.redirectUri);
  url.searchParams.set('code', '500');
  url.searchParams.set('reason', 'error');
  return url.toString();
}

/** The JSON the page script consumes after an action or a poll. */
function stateResponse(
  ctx: SandboxContext,
  found: NonNullable<ReturnType<typeof findSession>>,
  req: Req,
  extra: Record<string, unknown> = {},
): Res {
  const { session, link } = found;
  acknowledge(session, Number(req.query.get('seq') ?? '0'));
  const view = viewOf(ctx, session, link);
  const clientVersion = Number(req.query.get('v') ?? '-1');
  const body: Record<string, unknown> = {
    version: view.version,
    messages: view.messages,
    alert: view.alert,
    ended: view.ended,
    // Deadlines on the sandbox clock, for tests and for the page's own display.
    now: view.timing.now,
    alertAt: view.timing.alertAt,
    endAt: view.timing.endAt,
    ...extra,
  };
  if (view.redirect) body.redirect = view.redirect;
  if (clientVersion !== view.version) {
    const screen = renderScreen(ctx, session, link);
    body.title = screen.title;
    body.html = screen.html;
    body.screen = session.screen;
  }
  return json(200, body);
}

function formBody(req: Req): URLSearchParams {
  return new URLSearchParams(req.rawBody.toString('utf8'));
}

export function registerConnectPages(router: Router, ctx: SandboxContext): void {
  const add = (method: string, path: string, handler: (req: Req) => Res | Promise<Res>) =>
    router.add(method, path, handler, { group: 'public' });

  // The link itself: a fresh session (sends `started`), or the error page of a refused link.
  add('GET', '/connect', async (req) => {
    const opened = await openConnect(ctx, req.query);
    if (!opened.ok) {
      const status = opened.reason === 'invalid' ? 400 : 410;
      return html(status, renderRefusedPage(opened.reason, refusedRedirect(opened.link)));
    }
    return html(200, renderSessionPage(ctx, opened.session, opened.link));
  });

  add('GET', '/connect/client.js', () => ({
    status: 200,
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
    body: CLIENT_JS,
  }));

  // The same session after a reload or after the OAuth institution sent the person back.
  add('GET', '/connect/s/{sessionId}', (req) => {
    const found = findSession(ctx, req.params.sessionId ?? '');
    if (!found) return html(404, renderMissingSessionPage());
    viewOf(ctx, found.session, found.link);
    return html(200, renderSessionPage(ctx, found.session, found.link));
  });

  add('GET', '/connect/s/{sessionId}/poll', (req) => {
    const found = findSession(ctx, req.params.sessionId ?? '');
    if (!found) return json(404, { code: 'session-not-found', message: 'Unknown session.' });
    return stateResponse(ctx, found, req);
  });

  add('POST', '/connect/s/{sessionId}/action', async (req) => {
    const found = findSession(ctx, req.params.sessionId ?? '');
    if (!found) return json(404, { code: 'session-not-found', message: 'Unknown session.' });
    const body = jsonBody(req) as ActionInput;
    if (typeof body.action !== 'string') {
      return json(400, { code: 'bad-action', message: 'An "action" is required.' });
    }
    const result = await performAction(ctx, found.session, found.link, body);
    return stateResponse(ctx, found, req, { ...result });
  });

  // FinBank OAuth's own sign-in page, opened by the SDK (`url`) or in the Connect window.
  add('GET', '/fi/oauth/authorize', (req) => {
    const state = req.query.get('state') ?? '';
    const found = findSession(ctx, state);
    if (!found) return html(400, renderMissingSessionPage());
    const name = ctx.catalog.get(found.session.institutionId ?? -1)?.name ?? 'FinBank OAuth';
    return html(
      200,
      renderFiAuthorizePage({
        institutionName: name,
        state,
        returnMode: req.query.get('return') === 'sdk' ? 'sdk' : 'window',
        redirectUri:
          req.query.get('redirect_uri') ?? `${ctx.config.publicUrl}/connect/oauth/callback`,
      }),
    );
  });

  add('POST', '/fi/oauth/authorize', (req) => {
    const form = formBody(req);
    const state = form.get('state') ?? '';
    const found = findSession(ctx, state);
    if (!found) return html(400, renderMissingSessionPage());
    const approved = form.get('decision') !== 'deny';
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const name = ctx.catalog.get(found.session.institutionId ?? -1)?.name ?? 'FinBank OAuth';
    const returnMode = form.get('return') === 'sdk' ? 'sdk' : 'window';
    if (approved && (!username || !password)) {
      return html(
        200,
        renderFiAuthorizePage({
          institutionName: name,
          state,
          returnMode,
          redirectUri: `${ctx.config.publicUrl}/connect/oauth/callback`,
          error: 'Enter your username and password.',
        }),
      );
    }
    // The authorization code carries the username for the sandbox's own callback.
    const target = new URL(`${ctx.config.publicUrl}/connect/oauth/callback`);
    target.searchParams.set('state', state);
    target.searchParams.set('return', returnMode);
    if (approved) target.searchParams.set('code', Buffer.from(username).toString('base64url'));
    else target.searchParams.set('error', 'access_denied');
    return redirect(target.pathname + target.search);
  });

  // The institution sent the person back: sign in, then continue in the Connect window.
  add('GET', '/connect/oauth/callback', async (req) => {
    const found = findSession(ctx, req.query.get('state') ?? '');
    if (!found) return html(400, renderMissingSessionPage());
    const code = req.query.get('code');
    const approved = code !== null && !req.query.get('error');
    const username = approved ? Buffer.from(code, 'base64url').toString('utf8') : '';
    await completeOAuth(ctx, found.session, found.link, { approved, username });
    if (req.query.get('return') === 'sdk') return html(200, renderOAuthDonePage(approved));
    return redirect(`/connect/s/${found.session.id}`);
  });
}
