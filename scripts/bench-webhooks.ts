/**
 * `npm run bench:webhooks`: webhook ingestion throughput of a production build on 127.0.0.1,
 * compared with a route on the same server that only answers 200 (`/api/ping`). Prints numbers,
 * asserts nothing. Runs on PGlite, and on PostgreSQL too when BENCH_DATABASE_URL is set.
 *
 * Phases (32 keep-alive connections each): warm-up, then five rounds of the bare route, distinct
 * signed events and the same with 30 % duplicates, 2 s each and in alternating order, so each phase
 * totals 10 s. This machine's speed drifts by a quarter within a minute (other tenants share the
 * host), so each round's webhook rate is divided by the bare rate of the same round and the median
 * of those ratios is reported beside the totals. Then the server is killed with SIGKILL and the
 * database is opened again to check that every event answered 200 is stored (200 only after
 * commit).
 *
 * The server is the portal's entry server (scripts/server.ts), as `npm start` runs it. With
 * `--compare` a bare `next start` runs beside it and both are driven in the same rounds (taking
 * turns), so the entry server's cost shows as the difference between their "% of bare" figures.
 * With `--baseline DIR` the other server is another built checkout (e.g. the landed main, served
 * as it was with `next start`), so a change's cost shows as before and after in the same run:
 *   git worktree add ../baseline <commit> && (cd ../baseline && npm install && npx next build)
 *   npm run bench:webhooks -- --baseline ../baseline
 * On PostgreSQL every server gets a fresh database of its own (their schemas may differ).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createFreshPostgres } from './test-support/databases';
import { type PortalProcess, startPortalProcess } from './test-support/portal-process';
import { openDatabase } from '../lib/db/client';
import { rowsOf } from '../lib/db/rows';
import { signBody } from '../lib/webhooks/verify';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
type ServerKind = 'entry server' | 'next start' | 'baseline';
const COMPARE = process.argv.includes('--compare');
const baselineAt = process.argv.indexOf('--baseline');
const BASELINE = baselineAt === -1 ? undefined : path.resolve(process.argv[baselineAt + 1] ?? '');
const CONNECTIONS = 32;
const ROUNDS = 5;
const ROUND_SECONDS = 2;
const DUPLICATE_SHARE = 0.3;
const SECRET = `bench-secret-${randomBytes(8).toString('hex')}`;
const REQUIRED_ROUTES = ['/api/webhooks/connect/route', '/api/ping/route'];

interface PhaseResult {
  name: string;
  requests: number;
  seconds: number;
  ok: number;
  failed: Map<number, number>;
  latencies: number[];
  newEvents: number;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function buildIsCurrent(): boolean {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) return false;
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(root, '.next', 'app-path-routes-manifest.json'), 'utf8'),
    ) as Record<string, string>;
    return REQUIRED_ROUTES.every((route) => route in manifest);
  } catch {
    return false;
  }
}

function ensureBuild(): void {
  if (buildIsCurrent()) return;
  // `next build` opens no database (instrumentation skips the build phase), so it cannot collide
  // with a server holding a PGlite folder; it does replace .next, so run the bench alone.
  log('No production build with the webhook routes: running next build …');
  const result = spawnSync(nextBin, ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0 || !buildIsCurrent()) {
    throw new Error('next build failed (is another build running?); try again later.');
  }
}

let agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(
  port: number,
  pathname: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Length': String(body.byteLength) },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', () => resolve(0));
      },
    );
    request.setTimeout(30_000, () => request.destroy());
    request.once('error', () => resolve(0));
    request.end(body);
  });
}

interface BenchEvent {
  eventId: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** A realistic `added` event (about 700 bytes), signed like Mastercard does. */
function makeEvent(runTag: string): BenchEvent {
  const eventId = `${Date.now()}-${randomBytes(12).toString('hex')}`;
  const event = {
    customerId: runTag,
    consumerId: randomBytes(16).toString('hex'),
    eventType: 'added',
    eventId,
    payload: {
      accounts: [
        {
          id: String(5_000_000_000 + Math.floor(Math.random() * 1e9)),
          number: 'xxxx4321',
          accountNumberDisplay: '4321',
          name: 'Checking',
          type: 'checking',
          status: 'active',
          balance: 12_345.67,
          customerId: runTag,
          institutionId: '101732',
          institutionLoginId: 1_007_302_745,
          aggregationStatusCode: 0,
          currency: 'USD',
        },
      ],
      institutionId: '101732',
    },
    webhookData: {},
  };
  const body = Buffer.from(JSON.stringify(event));
  return {
    eventId,
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Finicity-Signature': signBody(body, SECRET),
    },
  };
}

function emptyResult(name: string): PhaseResult {
  return { name, requests: 0, seconds: 0, ok: 0, failed: new Map(), latencies: [], newEvents: 0 };
}

function merge(total: PhaseResult, part: PhaseResult): void {
  total.requests += part.requests;
  total.seconds += part.seconds;
  total.ok += part.ok;
  total.newEvents += part.newEvents;
  for (const latency of part.latencies) total.latencies.push(latency);
  for (const [status, count] of part.failed) {
    total.failed.set(status, (total.failed.get(status) ?? 0) + count);
  }
}

async function drive(
  name: string,
  seconds: number,
  next: () => {
    path: string;
    body: Buffer;
    headers: Record<string, string>;
    done?: (status: number) => void;
  },
  port: number,
): Promise<PhaseResult> {
  const result = emptyResult(name);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const request = next();
        const t0 = performance.now();
        const status = await post(port, request.path, request.body, request.headers);
        result.latencies.push(performance.now() - t0);
        result.requests++;
        if (status === 200) result.ok++;
        else result.failed.set(status, (result.failed.get(status) ?? 0) + 1);
        request.done?.(status);
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarize(
  result: PhaseResult,
  bareRate: number | undefined,
  roundRatios: number[] | undefined,
): string {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const rate = result.ok / result.seconds;
  const cells = [
    result.name.padEnd(26),
    `${rate.toFixed(0).padStart(6)} ok/s`,
    result.newEvents > 0
      ? `${(result.newEvents / result.seconds).toFixed(0).padStart(6)} events/s stored`
      : ' '.repeat(23),
    `p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms`,
    `p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms`,
    bareRate ? `${((100 * rate) / bareRate).toFixed(0).padStart(4)} % of bare` : '',
    roundRatios
      ? `(per round: median ${(100 * median(roundRatios)).toFixed(0)} %, ` +
        `${roundRatios.map((r) => (100 * r).toFixed(0)).join('/')})`
      : '',
    result.failed.size > 0
      ? `non-200: ${[...result.failed].map(([s, n]) => `${s || 'error'}×${n}`).join(' ')}`
      : '',
  ];
  return cells.join('  ');
}

interface Target {
  kind: ServerKind;
  /** this server's own PostgreSQL database, when on PostgreSQL */
  databaseUrl?: string;
  dataDir: string;
  runTag: string;
  server: PortalProcess;
  acknowledged: Set<string>; // distinct events answered 200
  acknowledgedDeliveries: number;
  newEvents: number; // distinct events first answered 200 in the current drive
  phases: Array<{ name: string; next: Parameters<typeof drive>[2] }>;
  totals: PhaseResult[];
  rates: number[][]; // ok/s per phase per round
}

function label(kind: ServerKind): string {
  return kind === 'baseline' ? `baseline ${BASELINE} (next start)` : kind;
}

function makeTarget(
  kind: ServerKind,
  dataDir: string,
  server: PortalProcess,
  databaseUrl?: string,
): Target {
  const runTag = `bench-${randomBytes(6).toString('hex')}`;
  const target: Target = {
    kind,
    databaseUrl,
    dataDir,
    runTag,
    server,
    acknowledged: new Set(),
    acknowledgedDeliveries: 0,
    newEvents: 0,
    phases: [],
    totals: [],
    rates: [],
  };
  const ping = Buffer.from(
    makeEvent(runTag)
      .body.toString()
      .replace(/"added"/, '"bench"'),
  );
  const bare = () => ({
    path: '/api/ping',
    body: ping,
    headers: { 'Content-Type': 'application/json' },
  });
  const webhook = (duplicates: number) => {
    const sent: BenchEvent[] = []; // this phase's events, for its duplicates
    return () => {
      const duplicate = sent.length > 0 && Math.random() < duplicates;
      const event = duplicate ? sent[Math.floor(Math.random() * sent.length)]! : makeEvent(runTag);
      if (!duplicate) sent.push(event);
      return {
        path: '/api/webhooks/connect',
        body: event.body,
        headers: event.headers,
        done: (status: number) => {
          if (status !== 200) return;
          target.acknowledgedDeliveries++;
          if (!target.acknowledged.has(event.eventId)) {
            target.acknowledged.add(event.eventId);
            target.newEvents++;
          }
        },
      };
    };
  };
  target.phases = [
    { name: 'bare route /api/ping', next: bare },
    { name: 'distinct events', next: webhook(0) },
    { name: `${DUPLICATE_SHARE * 100} % duplicates`, next: webhook(DUPLICATE_SHARE) },
  ];
  target.totals = target.phases.map((phase) => emptyResult(phase.name));
  target.rates = target.phases.map(() => []);
  return target;
}

async function run(
  target: Target,
  name: string,
  seconds: number,
  next: Parameters<typeof drive>[2],
): Promise<PhaseResult> {
  target.newEvents = 0;
  const result = await drive(name, seconds, next, target.server.port);
  result.newEvents = target.newEvents;
  return result;
}

/** Median over rounds of (webhook rate / bare rate of the same round and server). */
function roundRatios(target: Target, index: number): number[] {
  return target.rates[index]!.map((rate, round) => rate / target.rates[0]![round]!);
}

/**
 * Every server kind is started at once and driven in turn, round by round (the order of kinds and
 * of phases alternating), so a drift in machine speed favours no server and no phase.
 */
async function benchEngine(
  engine: 'pglite' | 'postgres',
  kinds: ServerKind[],
  databaseUrl?: string,
): Promise<void> {
  const targets: Target[] = [];
  const dropDatabases: Array<() => Promise<void>> = [];
  try {
    for (const kind of kinds) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-webhooks-'));
      const database = databaseUrl ? await createFreshPostgres(databaseUrl) : undefined;
      if (database) dropDatabases.push(database.drop);
      log(`\n== ${engine}, ${label(kind)}: starting (DATA_DIR ${dataDir}) ==`);
      // Nothing upstream is needed: webhooks never call the API, and health checks fail fast.
      const server = await startPortalProcess({
        dataDir,
        databaseUrl: database?.url,
        ...(kind === 'baseline'
          ? { server: 'next start' as const, root: BASELINE }
          : { server: kind }),
        env: { OPENFINANCE_PARTNER_SECRET: SECRET },
      });
      targets.push(makeTarget(kind, dataDir, server, database?.url));
    }
    for (const target of targets) {
      log(`warming up ${label(target.kind)} (2 s bare route, 3 s webhooks) …`);
      await drive('warm-up', 2, target.phases[0]!.next, target.server.port);
      await run(target, 'warm-up', 3, target.phases[1]!.next);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
      const kindOrder = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of kindOrder) {
        for (const index of order) {
          const phase = target.phases[index]!;
          const result = await run(target, phase.name, ROUND_SECONDS, phase.next);
          target.rates[index]!.push(result.ok / result.seconds);
          merge(target.totals[index]!, result);
        }
      }
    }
    for (const target of targets) {
      log(`\n== ${engine}, ${label(target.kind)} ==`);
      const bareRate = target.totals[0]!.ok / target.totals[0]!.seconds;
      log(summarize(target.totals[0]!, undefined, undefined));
      for (let index = 1; index < target.phases.length; index++) {
        log(summarize(target.totals[index]!, bareRate, roundRatios(target, index)));
      }
    }
    if (targets.length === 2) {
      const [before, after] = targets as [Target, Target];
      log(
        `\n== ${engine}: ${label(after.kind)} against ${label(before.kind)} (median per-round % of bare) ==`,
      );
      for (let index = 1; index < before.phases.length; index++) {
        const a = 100 * median(roundRatios(before, index));
        const b = 100 * median(roundRatios(after, index));
        log(
          `${before.phases[index]!.name.padEnd(26)}  ${label(before.kind)} ${a.toFixed(0)} %, ` +
            `${label(after.kind)} ${b.toFixed(0)} %: ${(b - a >= 0 ? '+' : '') + (b - a).toFixed(0)} points`,
        );
      }
    }
  } finally {
    // SIGKILL, not a clean stop: a 200 must mean the row was already committed.
    for (const target of targets) await target.server.kill();
    agent.destroy();
    agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  }

  for (const target of targets) {
    const handle = await openDatabase({
      databaseUrl: target.databaseUrl,
      pgliteDir: target.databaseUrl ? undefined : path.join(target.dataDir, 'pglite'),
    });
    try {
      const [counts] = rowsOf<{ rows: number | string; deliveries: number | string | null }>(
        await handle.db.execute(
          sql`select count(*) as rows, sum(delivery_count) as deliveries from webhook_events where customer_id = ${target.runTag}`,
        ),
      );
      const rows = Number(counts?.rows ?? 0);
      const deliveries = Number(counts?.deliveries ?? 0);
      const acknowledged = target.acknowledged.size;
      log(
        `${label(target.kind)} after SIGKILL: ${rows} rows stored, ${acknowledged} distinct events answered 200 ` +
          `(${rows === acknowledged ? 'equal' : `DIFFERENT by ${rows - acknowledged}`}); ` +
          `${deliveries} deliveries counted, ${target.acknowledgedDeliveries} answered 200`,
      );
    } finally {
      await handle.close();
      rmSync(target.dataDir, { recursive: true, force: true });
    }
  }
  for (const drop of dropDatabases) await drop();
}

async function main(): Promise<void> {
  ensureBuild();
  log(
    `${os.cpus().length} cores, Node ${process.version}, ${CONNECTIONS} connections, ` +
      `${ROUNDS} rounds of ${ROUND_SECONDS} s per phase; the load generator shares the machine with ` +
      'the server.',
  );
  const kinds: ServerKind[] = BASELINE
    ? ['baseline', 'entry server']
    : COMPARE
      ? ['next start', 'entry server']
      : ['entry server'];
  await benchEngine('pglite', kinds);
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) await benchEngine('postgres', kinds, postgresUrl);
  else log('\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to include it.)');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
