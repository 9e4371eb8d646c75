// Route handlers answer JSON (or nothing a browser should render): nothing to sniff, load or frame.
// Set here rather than in proxy.ts, whose matcher skips /api so the webhook route stays light;
// Next applies these from its routing table with no extra work per request.
const API_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
];

// Staff pages and the staff sign-in have no business in a search index.
const NOINDEX = [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a second checkout of the tests build and run beside a dev server.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM and data files that must be loaded from node_modules at run time; undici
  // (the Open Finance client's transport) is plain Node code, loaded once rather than bundled into
  // every route that calls the API.
  serverExternalPackages: ['@electric-sql/pglite', 'undici'],
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/api/:path*', headers: API_HEADERS },
      { source: '/staff', headers: NOINDEX },
      { source: '/staff/:path*', headers: NOINDEX },
      { source: '/sign-in', headers: NOINDEX },
    ];
  },
  // `npm run typecheck` checks the whole project (portal, sandbox, tests) before every build in CI;
  // checking again inside next build would only repeat it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // Metadata is resolved before the page is sent, for every visitor, not streamed after it. Our
  // titles are constants, so nothing waits; streamed, the <title> was removed on each
  // router.refresh() (a new metadata boundary per request) until the next one arrived, leaving the
  // page briefly without a title for the browser tab and screen readers.
  htmlLimitedBots: /.*/,
  experimental: {
    // forbidden() for signed-in staff without the required role.
    authInterrupts: true,
  },
};

export default nextConfig;
