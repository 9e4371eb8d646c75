// Next calls register() once per server start; the work lives in lib/startup.ts (Node runtime
// only). `next build` also loads this file: it must not open the database (only one process may
// open a PGlite folder, and the running server may hold it).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startPortal } = await import('./lib/startup');
  await startPortal();
}
