/**
 * `npm run bench:search`: institution search as a customer meets it. Starts the built portal and
 * the sandbox on ports of their own, then prints:
 *  - GET /api/institutions latency for 200 typical queries (p50/p95), first asks and repeats,
 *    after 50 warm-up queries on other terms (reported apart: the servers have just started);
 *  - in Chromium, the time from the last keystroke to results painted (p50/p95), with the
 *    debounce reported separately;
 *  - the gzip JavaScript bytes a cold /link load transfers.
 * Numbers only: no assertions.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from '@playwright/test';
import { SEARCH_DEBOUNCE_MS } from '../components/institutions/search-constants';
import { chromiumLaunchOptions } from '../playwright.config';

const root = path.resolve(import.meta.dirname, '..');
const PORT = 3400;
const SANDBOX_PORT = 4400;
const base = `http://127.0.0.1:${PORT}`;

const QUERIES = [
  'fi',
  'fin',
  'finb',
  'finbank',
  'finbank prof',
  'finbank oauth',
  'ba',
  'ban',
  'bank',
  'bank of',
  'first',
  'first nat',
  'first national',
  'credit',
  'credit union',
  'cu',
  'trust',
  'savings',
  'federal',
  'community',
  'citizens',
  'peoples',
  'farmers',
  'security',
  'heritage',
  'pioneer',
  'valley',
  'river',
  'summit',
  'liberty',
  'union',
  'united',
  'american',
  'national',
  'state bank',
  'home',
  'home savings',
  'mutual',
  'card',
  'card services',
  'invest',
  'investments',
  'brokerage',
  'retire',
  'principal',
  'principal fin',
  'capital',
  'century',
  'great',
  'great plains',
];

// Other terms, so that the measured queries below all reach the sandbox.
const WARM_UP_QUERIES = [
  'al',
  'alp',
  'an',
  'anc',
  'arr',
  'atl',
  'bay',
  'bel',
  'blu',
  'bri',
  'cal',
  'cen',
  'che',
  'cit',
  'col',
  'dal',
  'del',
  'eas',
  'emp',
  'equ',
  'exc',
  'fam',
  'fid',
  'gat',
  'gol',
  'gra',
  'har',
  'hig',
  'hor',
  'ind',
  'isl',
  'key',
  'lak',
  'leg',
  'mer',
  'met',
  'mid',
  'mou',
  'new',
  'nor',
  'oak',
  'pac',
  'pal',
  'pin',
  'pla',
  'red',
  'roc',
  'sou',
  'sta',
  'wes',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  if (!existsSync(path.join(root, distDir, 'BUILD_ID'))) {
    console.log('Building the portal first (next build)…');
    spawnSync(path.join(root, 'node_modules/.bin/next'), ['build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-search-'));
  const server: ChildProcess = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    ['scripts/start.ts', 'start'],
    {
      cwd: root,
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(PORT),
        SANDBOX_PORT: String(SANDBOX_PORT),
        DATA_DIR: dataDir,
        PUBLIC_BASE_URL: base,
        CUSTOMER_SIGNUP_LIMIT: '1000',
      },
    },
  );
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await waitFor(`${base}/api/health`);

    // 1. Cold /link: JavaScript bytes on the wire (gzip, as next start serves them).
    async function coldLoad(context: BrowserContext) {
      const page = await context.newPage();
      const sizes: Array<Promise<[string, number]>> = [];
      page.on('requestfinished', (request) => {
        if (request.resourceType() !== 'script') return;
        const name = new URL(request.url()).pathname.split('/').pop() ?? '';
        sizes.push(request.sizes().then((s) => [name, s.responseBodySize] as [string, number]));
      });
      await page.goto(`${base}/link`, { waitUntil: 'networkidle' });
      const files = (await Promise.all(sizes)).sort((a, b) => b[1] - a[1]);
      return { page, files, total: files.reduce((sum, [, size]) => sum + size, 0) };
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const cold = await browser.newContext();
    const signedOut = await coldLoad(cold);
    await signedOut.page.getByLabel('First name').fill('Bench');
    await signedOut.page.getByLabel('Last name').fill('Mark');
    await signedOut.page.getByRole('button', { name: 'Start' }).click();
    await signedOut.page.getByText('Signed in as').waitFor();
    // The signed-in page (search and the Connect host) is what a customer loads; a new context
    // with the same cookies has an empty cache.
    const fresh = await browser.newContext({ storageState: await cold.storageState() });
    const signedIn = await coldLoad(fresh);
    const page = signedIn.page;
    console.log('Cold /link JavaScript transferred (gzip):');
    console.log(`  signed out: ${kb(signedOut.total)} in ${signedOut.files.length} files`);
    console.log(
      `  signed in (search + Connect host): ${kb(signedIn.total)} in ${signedIn.files.length} files (target < 150 KB)`,
    );
    for (const [name, size] of signedIn.files.slice(0, 5))
      console.log(`    ${kb(size).padStart(9)}  ${name}`);

    // 2. The route handler, with the customer's session cookie.
    const cookie = (await fresh.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    // Both servers have just started: their first requests run code not yet compiled by V8. Those
    // are measured apart, with search terms the measured queries do not use (no cache hits later).
    const warmUp: number[] = [];
    for (const q of WARM_UP_QUERIES) {
      const t = performance.now();
      const r = await fetch(`${base}/api/institutions?search=${encodeURIComponent(q)}`, {
        headers: { cookie },
      });
      await r.arrayBuffer();
      warmUp.push(performance.now() - t);
      if (!r.ok) throw new Error(`search ${q} answered ${r.status}`);
    }
    const firstAsk: number[] = [];
    const repeat: number[] = [];
    const queries = Array.from({ length: 200 }, (_, i) => `${QUERIES[i % QUERIES.length]}`);
    const seen = new Set<string>();
    for (const [i, q] of queries.entries()) {
      const url = `${base}/api/institutions?search=${encodeURIComponent(q)}&start=${1 + Math.floor(i / QUERIES.length)}`;
      const t = performance.now();
      const r = await fetch(url, { headers: { cookie } });
      await r.arrayBuffer();
      const elapsed = performance.now() - t;
      if (!r.ok) throw new Error(`search ${q} answered ${r.status}`);
      (seen.has(url) ? repeat : firstAsk).push(elapsed);
      seen.add(url);
    }
    const all = [...firstAsk, ...repeat];
    console.log(
      `GET /api/institutions, first ${warmUp.length} queries after start (cold code, not counted below): p50 ${ms(percentile(warmUp, 50))}  p95 ${ms(percentile(warmUp, 95))}`,
    );
    console.log('GET /api/institutions, 200 queries (portal → sandbox → portal):');
    console.log(
      `  all:        p50 ${ms(percentile(all, 50))}  p95 ${ms(percentile(all, 95))}  (target p95 < 25 ms)`,
    );
    console.log(
      `  first asks: p50 ${ms(percentile(firstAsk, 50))}  p95 ${ms(percentile(firstAsk, 95))}  (n=${firstAsk.length})`,
    );
    if (repeat.length) {
      console.log(
        `  repeats:    p50 ${ms(percentile(repeat, 50))}  p95 ${ms(percentile(repeat, 95))}  (n=${repeat.length}, portal cache)`,
      );
    }

    // 3. In the browser: last keystroke → results painted.
    const input = page.getByRole('combobox', { name: 'Find your bank or credit union' });
    const paint: number[] = [];
    for (const q of QUERIES.filter((q) => q.length >= 3).slice(0, 30)) {
      await input.fill('');
      await input.focus();
      await page.keyboard.type(q);
      // Measured from this process: includes a few ms of browser round trip.
      const typedAt = performance.now();
      await page
        .getByText(`Results for \u201c${q}\u201d`)
        .or(page.getByText(`No institutions match \u201c${q}\u201d`))
        .first()
        .waitFor({ timeout: 10_000 });
      const elapsed = performance.now() - typedAt;
      paint.push(elapsed);
    }
    console.log('Chromium, last keystroke → results painted (30 searches):');
    console.log(
      `  p50 ${ms(percentile(paint, 50))}  p95 ${ms(percentile(paint, 95))}  (includes the ${SEARCH_DEBOUNCE_MS} ms debounce)`,
    );
    console.log(
      `  after the debounce: p50 ${ms(percentile(paint, 50) - SEARCH_DEBOUNCE_MS)}  p95 ${ms(percentile(paint, 95) - SEARCH_DEBOUNCE_MS)}`,
    );
  } finally {
    await browser.close();
    // start.ts leads its own group: stopping the group stops the sandbox and next-server too.
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
