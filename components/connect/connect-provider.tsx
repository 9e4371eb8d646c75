'use client';

import type { Connect as ConnectSdk } from 'connect-web-sdk';
import { useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { generateLinkAction, type LaunchableLink } from '@/app/link/actions';
import type { RepeatConfirmation } from '@/lib/action-result';
import type { SdkEvent } from '@/lib/connect/sdk-event-schema';
import { connectSdkMessage } from '@/lib/openfinance/sdk-messages';
import { ConnectContext, type LinkSource, useConnect } from './connect-context';
import { Button } from '../ui/button';

/**
 * One Data Connect session at a time on a page, embedded with Mastercard's official Web SDK.
 * Launchers anywhere on the page call `start`; this owns the SDK instance (launch, destroy on
 * unmount), reports what the SDK says to the server, and shows the outcome.
 */

type Phase =
  | { name: 'idle' }
  | { name: 'generating' }
  | { name: 'loading' }
  | { name: 'open' }
  | { name: 'popup-blocked' }
  | { name: 'done' }
  | { name: 'cancelled' }
  | { name: 'failed'; message: string; code?: number; confirm?: RepeatConfirmation };

/** A link is relaunched only while it has at least this long left; else a new one is made. */
const MIN_REMAINING_MS = 5 * 60 * 1000;
const OAUTH_WINDOW_FEATURES = 'width=600,height=600,toolbar=no,location=no,status=no,menubar=no';

function describe(source: LinkSource): string {
  switch (source.kind) {
    case 'full':
      return 'Connect your accounts';
    case 'lite':
      return `Connect ${source.institutionName}`;
    case 'fix':
      return `Reconnect ${source.institutionName}`;
    case 'ready':
      return source.label;
  }
}

function report(linkId: string, event: SdkEvent): void {
  void fetch(`/api/links/${linkId}/sdk-events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
    keepalive: true,
  }).catch(() => undefined);
}

export function ConnectProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [popupMode, setPopupMode] = useState(false);
  const [title, setTitle] = useState('');
  const [link, setLink] = useState<LaunchableLink | null>(null);
  const [oauthBlockedUrl, setOauthBlockedUrl] = useState<string | null>(null);
  const sdkRef = useRef<typeof ConnectSdk | null>(null);
  const sdkLoadRef = useRef<Promise<typeof ConnectSdk | null> | null>(null);
  const activeRef = useRef(false);
  const triggerRef = useRef<HTMLElement | null>(null);
  const sourceRef = useRef<LinkSource | null>(null);
  const linksRef = useRef(new Map<string, LaunchableLink>());
  const oauthWindowRef = useRef<Window | null>(null);
  const oauthPollRef = useRef<ReturnType<typeof setInterval> | null>(null);
  const resultRef = useRef<HTMLDivElement | null>(null);
  const sectionRef = useRef<HTMLElement | null>(null);

  // The SDK is fetched when someone first starts Connect (a page load does not pay for it);
  // generating the link takes longer, and a relaunch waits for it well inside the click's
  // user activation.
  const loadSdk = useCallback(() => {
    sdkLoadRef.current ??= import('connect-web-sdk').then(
      (module) => {
        sdkRef.current = module.Connect;
        return module.Connect;
      },
      () => {
        sdkLoadRef.current = null;
        return null;
      },
    );
    return sdkLoadRef.current;
  }, []);

  const stopOauthWatch = useCallback(() => {
    if (oauthPollRef.current) clearInterval(oauthPollRef.current);
    oauthPollRef.current = null;
  }, []);

  // One SDK instance per page: whatever is open goes away with the page (also under StrictMode,
  // whose extra unmount happens before anything was launched).
  useEffect(
    () => () => {
      stopOauthWatch();
      if (activeRef.current) {
        activeRef.current = false;
        sdkRef.current?.destroy();
      }
    },
    [stopOauthWatch],
  );

  const finish = useCallback(
    (next: Phase) => {
      activeRef.current = false;
      stopOauthWatch();
      oauthWindowRef.current?.close();
      setOauthBlockedUrl(null);
      setPhase(next);
      // The accounts section is rendered on the server: render the page again to list the new ones.
      if (next.name === 'done') router.refresh();
    },
    [router, stopOauthWatch],
  );

  const watchOauthWindow = useCallback(
    (win: Window) => {
      stopOauthWatch();
      oauthWindowRef.current = win;
      oauthPollRef.current = setInterval(() => {
        if (win.closed) {
          stopOauthWatch();
          sdkRef.current?.postMessage({ type: 'window', closed: true, blocked: false });
        }
      }, 500);
    },
    [stopOauthWatch],
  );

  /** Bank sign-in windows (OAuth): opened by us inside the user's gesture, so we can recover. */
  const openOauthWindow = useCallback(
    (url: string): boolean => {
      const win = window.open(url, 'connectOAuth', OAUTH_WINDOW_FEATURES);
      if (!win) return false;
      win.focus();
      setOauthBlockedUrl(null);
      watchOauthWindow(win);
      return true;
    },
    [watchOauthWindow],
  );

  const launchWith = useCallback(
    (sdk: typeof ConnectSdk, target: LaunchableLink) => {
      if (activeRef.current) sdk.destroy();
      activeRef.current = true;
      setPhase({ name: 'loading' });
      // The server validates every report with the zod schema before it touches the link; here
      // only the error code is read, through a type check (zod stays out of the browser bundle).
      const onEvent = (event: SdkEvent) => report(target.linkId, event);
      sdk.launch(
        target.link,
        {
          onLoad: () => {
            onEvent({ type: 'load' });
            setPhase({ name: 'open' });
          },
          onRoute: (data) => onEvent({ type: 'route', data }),
          onUser: (data) => onEvent({ type: 'user', data }),
          onDone: (data) => {
            onEvent({ type: 'done', data });
            finish({ name: 'done' });
          },
          onCancel: (data) => {
            onEvent({ type: 'cancel', data });
            finish({ name: 'cancelled' });
          },
          onError: (data) => {
            onEvent({ type: 'error', data });
            const code = typeof data?.code === 'number' ? data.code : undefined;
            if (code === 1403) {
              // The Connect popup itself was blocked: retry from a click on our own button.
              activeRef.current = false;
              setPhase({ name: 'popup-blocked' });
              return;
            }
            finish({
              name: 'failed',
              message: connectSdkMessage(code ?? 500),
              ...(code ? { code } : {}),
            });
          },
          onUrl: (type, url) => {
            if (type === 'OPEN' && url) {
              if (!openOauthWindow(url)) {
                setOauthBlockedUrl(url);
                sdk.postMessage({ type: 'window', closed: true, blocked: true });
              }
            } else if (type === 'CLOSE') {
              stopOauthWatch();
              oauthWindowRef.current?.close();
              oauthWindowRef.current = null;
            }
          },
        },
        popupMode ? { popup: true } : { selector: '#connect-container' },
      );
    },
    [finish, openOauthWindow, popupMode, stopOauthWatch],
  );

  const launch = useCallback(
    (target: LaunchableLink) => {
      if (sdkRef.current) {
        launchWith(sdkRef.current, target);
        return;
      }
      // The SDK is still loading (started by this click, or a slow connection): wait for it.
      setPhase({ name: 'loading' });
      void loadSdk().then((sdk) => {
        if (sdk) launchWith(sdk, target);
        else {
          setPhase({
            name: 'failed',
            message: 'Connect could not be loaded. Check your connection, then try again.',
          });
        }
      });
    },
    [launchWith, loadSdk],
  );

  const start = useCallback(
    (source: LinkSource, trigger?: HTMLElement | null, confirmRepeatOf?: string) => {
      if (activeRef.current) return;
      void loadSdk();
      triggerRef.current = trigger ?? null;
      sourceRef.current = source;
      setTitle(describe(source));
      const key = source.kind === 'ready' ? source.link.linkId : JSON.stringify(source);
      const known = source.kind === 'ready' ? source.link : linksRef.current.get(key);
      // Reuse a link that still has time left; an expired one is replaced, never launched.
      if (known && new Date(known.expiresAt).getTime() - Date.now() > MIN_REMAINING_MS) {
        setLink(known);
        launch(known);
        return;
      }
      if (source.kind === 'ready') {
        setPhase({
          name: 'failed',
          message: 'This link has expired. Fill in the form again to get a new one.',
        });
        return;
      }
      setPhase({ name: 'generating' });
      void generateLinkAction({ ...source, confirmRepeatOf }).then((result) => {
        if (!result.ok) {
          setPhase({
            name: 'failed',
            message: result.error,
            ...(result.confirm ? { confirm: result.confirm } : {}),
          });
          return;
        }
        linksRef.current.set(key, result.data);
        setLink(result.data);
        launch(result.data);
      });
    },
    [launch, loadSdk],
  );

  const retry = () => {
    const source = sourceRef.current;
    if (!source) return;
    // An error or a cancel spends nothing, but a session that failed is started on a fresh link.
    if (phase.name === 'failed' && source.kind !== 'ready') {
      linksRef.current.delete(JSON.stringify(source));
    }
    // A link whose making was never confirmed: this press is the explicit "make a new one".
    start(
      source,
      triggerRef.current,
      phase.name === 'failed' ? phase.confirm?.intentId : undefined,
    );
  };

  const active = phase.name === 'loading' || phase.name === 'open';

  // Connect opens at the top of the page. A person who started it from further down (Reconnect
  // under Your accounts, a search result) is taken there, instead of seeing nothing happen.
  // Scrolled only when its top is above the screen or low on it, so nobody's scrolling is undone.
  const starting = phase.name === 'generating' || phase.name === 'loading';
  useEffect(() => {
    const section = sectionRef.current;
    if (!section || !starting) return;
    const { top } = section.getBoundingClientRect();
    if (top < 0 || top > window.innerHeight / 3) section.scrollIntoView({ block: 'start' });
  }, [starting]);

  // When Connect closes, focus returns to the control that opened it (once it is enabled again).
  const ended = phase.name === 'done' || phase.name === 'cancelled' || phase.name === 'failed';
  useEffect(() => {
    if (!ended) return;
    const target = triggerRef.current?.isConnected ? triggerRef.current : resultRef.current;
    // Marked so that controls which react to focus (the search opens its list) can tell a
    // returned focus from a person arriving.
    if (target) target.dataset.focusReturn = 'true';
    target?.focus();
  }, [ended, phase]);
  const value = useMemo(
    () => ({ start, busy: active || phase.name === 'generating', popupMode, setPopupMode }),
    [start, active, phase.name, popupMode],
  );

  return (
    <ConnectContext.Provider value={value}>
      <section
        ref={sectionRef}
        aria-label="Data Connect"
        className={
          active && !popupMode
            ? 'fixed inset-0 z-40 bg-white sm:relative sm:inset-auto sm:z-auto sm:mb-8 sm:rounded-lg sm:border sm:border-slate-200'
            : phase.name === 'idle'
              ? 'hidden'
              : 'mb-8 rounded-lg border border-slate-200 bg-white p-4'
        }
      >
        {active ? (
          <p className="sr-only" role="status">
            {phase.name === 'loading' ? `${title}: loading Connect…` : `${title}: Connect is open.`}
          </p>
        ) : null}
        <div
          id="connect-container"
          className={
            active && !popupMode ? 'relative h-full min-h-[640px] w-full sm:h-[680px]' : 'hidden'
          }
        />
        {phase.name === 'open' && popupMode ? (
          <p className="text-slate-700">
            Connect is open in a separate window. Finish there to come back here.
          </p>
        ) : null}
        {/* Fixed to the viewport: the person is looking at Connect, perhaps scrolled, and must see it. */}
        {oauthBlockedUrl ? (
          <div
            role="alert"
            className="fixed inset-x-4 bottom-4 z-50 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-900 shadow-lg sm:left-auto sm:max-w-md"
          >
            <p>Your browser blocked the window where you sign in to your bank.</p>
            <Button className="mt-2" onClick={() => openOauthWindow(oauthBlockedUrl)}>
              Open your bank’s sign-in page
            </Button>
          </div>
        ) : null}
        <div ref={resultRef} tabIndex={-1} aria-live="polite" className="outline-none">
          {phase.name === 'generating' ? (
            <p className="text-slate-700">Preparing a secure link…</p>
          ) : null}
          {phase.name === 'popup-blocked' ? (
            <div role="alert">
              <p className="font-medium">{connectSdkMessage(1403)}</p>
              <Button className="mt-3" onClick={() => link && launch(link)}>
                Open Connect
              </Button>
            </div>
          ) : null}
          {phase.name === 'done' ? (
            <div>
              <h2 className="text-lg font-semibold text-green-900">Accounts connected</h2>
              <p className="mt-1 text-slate-700">
                {connectSdkMessage(200)} They are listed under Your accounts.
              </p>
            </div>
          ) : null}
          {phase.name === 'cancelled' ? (
            <div>
              <h2 className="text-lg font-semibold">Connect closed</h2>
              <p className="mt-1 text-slate-700">{connectSdkMessage(100)}</p>
              <Button className="mt-3" variant="secondary" onClick={retry}>
                Start again
              </Button>
            </div>
          ) : null}
          {phase.name === 'failed' ? (
            <div role="alert">
              <h2 className="text-lg font-semibold text-red-900">
                {phase.code === 1440 ? 'Session timed out' : 'Connect could not finish'}
              </h2>
              <p className="mt-1 text-slate-700">{phase.message}</p>
              <Button className="mt-3" variant="secondary" onClick={retry}>
                {phase.confirm?.label ?? 'Start again'}
              </Button>
            </div>
          ) : null}
        </div>
        {link && (active || phase.name === 'popup-blocked') ? (
          <p className="sr-only">
            Link valid until {new Date(link.expiresAt).toLocaleTimeString()}.
          </p>
        ) : null}
      </section>
      {children}
    </ConnectContext.Provider>
  );
}

/** The choice between Connect embedded in the page (default) and Connect in its own window. */
export function PopupModeToggle() {
  const { popupMode, setPopupMode, busy } = useConnect();
  return (
    <div className="mt-4 flex items-center gap-2 text-sm">
      <input
        id="connect-popup-mode"
        type="checkbox"
        checked={popupMode}
        onChange={(e) => setPopupMode(e.target.checked)}
        disabled={busy}
        className="h-4 w-4"
      />
      <label htmlFor="connect-popup-mode">Open Connect in a separate window</label>
    </div>
  );
}
