/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a second checkout of the tests build and run beside a dev server.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM and data files that must be loaded from node_modules at run time; undici
  // (the Open Finance client's transport) is plain Node code, loaded once rather than bundled into
  // every route that calls the API.
  serverExternalPackages: ['@electric-sql/pglite', 'undici'],
  poweredByHeader: false,
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
