import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../lib/db/client';
import { rowsOf } from '../../lib/db/rows';
import { createFreshPostgres } from '../test-support/databases';
import { type PortalProcess, startPortalProcess } from '../test-support/portal-process';
import { createSandboxControl, type SandboxDeliverySummary } from '../test-support/sandbox-control';
import { startSandboxProcess } from '../test-support/sandbox-process';

/**
 * The crash harness: the built portal takes signed webhooks from the sandbox (distinct events,
 * 32 at a time), is killed with SIGKILL in the middle, and started again on the same port and
 * data; the sandbox clock then moves on so its retries fire. Afterwards the database must hold
 * exactly the events the sandbox sent, each once: nothing answered 200 lost, nothing doubled,
 * nothing invented. Run on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */

const EVENTS = 2_000;
const CONNECTIONS = 32;
const KILL_AFTER_OK = 500;
const SECRET = 'CrashHarnessSecret2026';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await delay(100);
  }
}

const engines = [
  { name: 'pglite' as const, url: undefined },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: process.env.TEST_DATABASE_URL }]
    : []),
];

describe.each(engines)('SIGKILL under signed webhook load on $name', ({ name, url: adminUrl }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('every event the sandbox sent is stored exactly once after a crash, a restart and its retries', async () => {
    const sandbox = await startSandboxProcess({ env: { OPENFINANCE_PARTNER_SECRET: SECRET } });
    cleanups.push(() => sandbox.stop());
    const control = createSandboxControl(sandbox.controlUrl);
    const dataDir = mkdtempSync(path.join(tmpdir(), `crash-${name}-`));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const database = adminUrl ? await createFreshPostgres(adminUrl) : undefined;
    if (database) cleanups.push(() => database.drop());
    const options = {
      dataDir,
      databaseUrl: database?.url,
      env: { OPENFINANCE_PARTNER_SECRET: SECRET, OPENFINANCE_API_URL: sandbox.url },
    };

    let portal: PortalProcess = await startPortalProcess(options);
    cleanups.push(() => portal.stop());
    const live = await fetch(`${portal.url}/api/health/live`);
    expect(live.status).toBe(200);

    const { customerId } = await control.burst({
      url: `${portal.url}/api/webhooks/connect`,
      count: EVENTS,
      concurrency: CONNECTIONS,
    });
    const summary = () => control.deliverySummary(customerId);
    await waitFor('deliveries before the kill', summary, (s) => s.okAttempts >= KILL_AFTER_OK);
    await portal.kill();
    const atKill = await summary();
    // Every first attempt made; those the dead portal did not answer wait for a retry.
    const afterKill = await waitFor(
      'first attempts',
      summary,
      (s) => s.count === EVENTS && s.unattempted === 0,
    );
    expect(atKill.okAttempts).toBeLessThan(EVENTS);
    expect(afterKill.pending).toBeGreaterThan(0);

    portal = await startPortalProcess({ ...options, port: portal.port });
    let final: SandboxDeliverySummary = afterKill;
    for (let round = 0; round < 10 && final.pending > 0; round++) {
      await control.advanceClock('2h');
      // Every retry that came due is made and answered (or timed out) before the next jump.
      final = await waitFor('retries', summary, (s) => s.due === 0).catch(
        async (error: unknown) => {
          const now = (await fetch(`${sandbox.controlUrl}/clock`).then((r) => r.json())) as unknown;
          const stuck = (await control.deliveries({ customerId })).deliveries
            .filter((d) => d.state === 'pending')
            .slice(0, 3)
            .map((d) => ({ next: d.nextAttemptAt, attempts: d.attempts }));
          throw new Error(
            `${String(error)}\nclock ${JSON.stringify(now)}\n${JSON.stringify(stuck)}\n${sandbox.output().slice(-2000)}`,
          );
        },
      );
    }
    if (final.pending > 0) {
      const stuck = (await control.deliveries({ customerId })).deliveries
        .filter((d) => d.state !== 'delivered')
        .slice(0, 3);
      throw new Error(
        `${final.pending} deliveries still pending:\n${JSON.stringify(stuck.map((d) => d.attempts))}\n${portal.output().slice(-3000)}`,
      );
    }
    expect(final).toMatchObject({ count: EVENTS, delivered: EVENTS, pending: 0, failed: 0 });
    const sent = (await control.deliveries({ customerId })).deliveries.map(
      (d) => d.eventId as string,
    );
    expect(new Set(sent).size).toBe(EVENTS);

    // A Mastercard (here: sandbox) outage leaves the instance in rotation.
    await sandbox.stop();
    const [health, liveness] = await Promise.all([
      fetch(`${portal.url}/api/health`),
      fetch(`${portal.url}/api/health/live`),
    ]);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: { ok: true }, api: { ok: false } });
    expect(liveness.status).toBe(200);

    if (database && adminUrl) {
      // The database refuses the portal: both reports answer (a hang would end the fetch with a
      // TimeoutError), mark it down and take the instance out of rotation; then it recovers.
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      const name = new URL(database.url).pathname.slice(1);
      const ask = (route: string) =>
        fetch(`${portal.url}${route}`, { signal: AbortSignal.timeout(10_000) });
      try {
        await admin.unsafe(`alter database ${name} with allow_connections false`);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
        const [down, downLive] = await Promise.all([ask('/api/health'), ask('/api/health/live')]);
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ ok: false, database: { ok: false } });
        expect(downLive.status).toBe(503);
        expect(await downLive.json()).toEqual({
          ok: false,
          database: { ok: false, kind: 'postgres' },
        });
      } finally {
        await admin.unsafe(`alter database ${name} with allow_connections true`);
        await admin.end();
      }
      const back = await waitFor(
        'the database back',
        () => ask('/api/health/live').then((r) => r.status),
        (status) => status === 200,
        20_000,
      );
      expect(back).toBe(200);
    }

    // Only one process may open a PGlite folder: stop the portal before reading it.
    if (!database) await portal.kill();
    const handle = await openDatabase({
      databaseUrl: database?.url,
      pgliteDir: database ? undefined : path.join(dataDir, 'pglite'),
    });
    try {
      const rows = rowsOf<{ event_id: string; delivery_count: number }>(
        await handle.db.execute(
          sql`select event_id, delivery_count from webhook_events where customer_id = ${customerId}`,
        ),
      );
      const stored = rows.map((row) => row.event_id);
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored.length).toBe(EVENTS);
      const sentSet = new Set(sent);
      expect(stored.filter((id) => !sentSet.has(id))).toEqual([]);
      // Each 200 counted its delivery; a delivery cut by the kill may have been stored too.
      const deliveries = rows.reduce((sum, row) => sum + Number(row.delivery_count), 0);
      expect(deliveries).toBeGreaterThanOrEqual(final.okAttempts);
      expect(deliveries).toBeLessThanOrEqual(final.attempts);
    } finally {
      await handle.close();
    }
  }, 180_000);
});
