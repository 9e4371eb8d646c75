/**
 * Where to go after staff sign-in. `next` comes from the address bar (or the form that carried it
 * on), so it is resolved against the portal's origin the way a browser resolves a Location header
 * (backslashes as slashes, tabs and newlines dropped, `..` collapsed) and followed only when it
 * stays on that origin. It must also stay there once decoded one more time (`/%2F%2Fx`), since a
 * proxy or a later redirect may decode it again; no real staff path needs an encoded slash there.
 * Pure: used by the sign-in page and the sign-in action alike.
 */

export const DEFAULT_AFTER_SIGN_IN = '/staff/customers';

function sameOriginPath(candidate: string, origin: string): string | null {
  if (!candidate.startsWith('/')) return null;
  let target: URL;
  try {
    target = new URL(candidate, `${origin}/`);
  } catch {
    return null;
  }
  if (target.origin !== origin) return null;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A path that normalises to `//host` (e.g. `/.//host`) would leave the site when sent as a
  // relative Location.
  if (path.startsWith('//') || path.startsWith('/\\')) return null;
  return path;
}

export function safeNextPath(next: string | null | undefined, portalOrigin: string): string {
  if (!next) return DEFAULT_AFTER_SIGN_IN;
  let origin: string;
  let decoded: string;
  try {
    origin = new URL(portalOrigin).origin;
    decoded = decodeURIComponent(next);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  const path = sameOriginPath(next, origin);
  if (path === null || sameOriginPath(decoded, origin) === null) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
