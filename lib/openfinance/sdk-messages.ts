/**
 * Messages for what the Connect SDK reports in the browser (cancel 100, done 200, error 500,
 * timeout 1440, popup blocked 1403). Beside errors.ts, which re-exports it, so every Connect
 * message lives in one place; its own module so the browser loads it without the error layer.
 */
export function connectSdkMessage(code: number): string {
  switch (code) {
    case 200:
      return 'Your accounts are connected. Thank you!';
    case 100:
      return 'You left before connecting an account. You can start again at any time.';
    case 1440:
      return 'The session timed out. Open the link again to continue.';
    case 1403:
      return 'Your browser blocked the Connect window. Allow pop-ups for this site and try again.';
    default:
      return 'Connecting your accounts did not work. Try again in a few minutes.';
  }
}
