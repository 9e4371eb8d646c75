import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signInAsAdmin } from './support/staff';

// Every route handler the build knows of, from its manifest: a new one is checked without
// anyone remembering to add it here.
function routeHandlers(): string[] {
  const manifest = JSON.parse(
    readFileSync(
      path.join(process.env.NEXT_DIST_DIR || '.next', 'app-path-routes-manifest.json'),
      'utf8',
    ),
  ) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/route'))
    .map(([, route]) =>
      route.replace(/\[\[?\.{0,3}([^\]]+)\]\]?/g, '00000000-0000-4000-8000-000000000000'),
    );
}

test('every route handler answers with the security headers, whatever the method', async ({
  request,
}) => {
  const routes = routeHandlers();
  expect(routes).toContain('/api/webhooks/connect');
  expect(routes.filter((r) => r.startsWith('/api/')).length).toBeGreaterThanOrEqual(6);
  for (const route of routes) {
    for (const method of ['GET', 'POST'] as const) {
      const response = await request.fetch(route, {
        method,
        maxRedirects: 0,
        ...(method === 'POST'
          ? { data: '{}', headers: { 'Content-Type': 'application/json' } }
          : {}),
      });
      const headers = response.headers();
      const where = `${method} ${route} (${response.status()})`;
      expect(headers['x-content-type-options'], where).toBe('nosniff');
      expect(headers['x-frame-options'], where).toBe('DENY');
      if (route.startsWith('/api/')) {
        expect(headers['content-security-policy'], where).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
      } else {
        expect(headers['content-security-policy'], where).toContain("frame-ancestors 'none'");
      }
    }
  }
});

test('staff pages and the staff sign-in ask not to be indexed; customer pages do not', async ({
  page,
}) => {
  const signInPage = await page.goto('/sign-in');
  expect(signInPage!.headers()['x-robots-tag']).toContain('noindex');
  await signInAsAdmin(page);
  for (const route of ['/staff', '/staff/customers', '/staff/events', '/staff/emails']) {
    const response = await page.request.get(route, { maxRedirects: 0 });
    expect(response.headers()['x-robots-tag'], route).toContain('noindex');
  }
  const link = await page.request.get('/link');
  expect(link.headers()['x-robots-tag']).toBeUndefined();
});
