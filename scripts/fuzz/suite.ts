import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import fc from 'fast-check';
import postgres from 'postgres';
import {
  ACTION_SHAPES,
  actionRequests,
  CALLERS,
  type Caller,
  type FuzzRequest,
  type GeneratorContext,
  ROUTE_GENERATORS,
} from './generators';
import { readTargets, type Target, targetKey } from './targets';
import { FUZZ_BIRTHDAY, FUZZ_SSN } from './values';
import { SANDBOX_DEMO } from '../../lib/env-schema';
import { chromiumLaunchOptions } from '../../playwright.config';
import { createFreshPostgres } from '../test-support/databases';
import { type PortalProcess, startPortalProcess } from '../test-support/portal-process';
import { startSandboxProcess } from '../test-support/sandbox-process';

/**
 * The fuzz suite: the built portal on PostgreSQL, its sandbox, real sessions for every caller,
 * and generated bad input for every route handler and server action. Properties, for each case:
 * no 5xx, an answer within 10 s, no stack trace, secret, SSN or statement text in the answer or
 * in what the portal logged meanwhile. For the whole run: no table grew except those that record
 * refusals. Prints counts by target, caller and status, and the seed.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ANSWER_WITHIN_MS = 10_000;
const AUTH_SECRET = `fuzz-auth-secret-${randomBytes(16).toString('hex')}`;
const STAFF_PASSWORD = `fuzz-staff-${randomBytes(8).toString('hex')}-1`;
// The demo admin's password is no secret here: the sandbox's sign-in page shows it.
const SECRETS = [SANDBOX_DEMO.partnerSecret, SANDBOX_DEMO.appKey, AUTH_SECRET, STAFF_PASSWORD];

/** Tables that record refusals and may grow under bad input; every other table must not. */
export const REFUSAL_TABLES = ['rate_limits', 'audit_log', 'webhook_rejections'];
/** webhook_events may grow by quarantined rows only (authentic bodies that cannot be read). */
const QUARANTINED_ONLY = 'webhook_events';

export interface FuzzOptions {
  /** cases per target (route or action) */
  casesPerTarget: number;
  seed?: number;
  /** PostgreSQL server to create the run's database on */
  adminDatabaseUrl: string;
  /** only this target (a route or action key), e.g. to replay one failure */
  only?: string;
  log?: (line: string) => void;
}

export interface FuzzFailure {
  target: string;
  message: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  /** `target caller status` → count */
  counts: Map<string, number>;
  failures: FuzzFailure[];
  /** targets in the build without a generator */
  missingGenerators: string[];
  /** tables that grew though they must not: name → [before, after] */
  grown: Record<string, [number, number]>;
}

// A stack frame as Node prints it: `at fn (/path:1:2)`, `at JSON.parse (<anonymous>)`, `at /path:1:2`,
// after a real line break or after one escaped inside a JSON log line (`\n`).
const STACK = /(?:\n|\\n)\s+at (?:\S+ \(|<anonymous>|ignore-listed frames|\/|file:|node:)/;
const STATEMENT =
  /Failed query|\bparams: |insert into "|select "[a-z_]+"\.|update "[a-z_]+" set|delete from "[a-z_]+"/i;

/** What must never be in an answer or a log line; the reason, or null. */
export function leakIn(text: string): string | null {
  if (STACK.test(text)) return 'a stack trace';
  if (STATEMENT.test(text)) return 'a database statement';
  if (text.includes(FUZZ_SSN) || text.includes(FUZZ_SSN.replaceAll('-', ''))) return 'an SSN';
  if (text.includes(FUZZ_BIRTHDAY)) return 'a birth date';
  for (const secret of SECRETS) if (text.includes(secret)) return 'a secret';
  return null;
}

async function tableCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] =
      name === QUARANTINED_ONLY
        ? await sql<
            { n: string }[]
          >`select count(*) as n from webhook_events where quarantine_reason is null`
        : await sql<{ n: string }[]>`select count(*) as n from ${sql(name)}`;
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Real sessions, made the way people make them: in the browser. */
async function signInEveryone(portal: PortalProcess): Promise<Record<Caller, string>> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const cookieHeader = async (context: Awaited<ReturnType<typeof browser.newContext>>) =>
      (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const signIn = async (email: string, password: string) => {
      const context = await browser.newContext({ baseURL: portal.url });
      const page = await context.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return { context, page };
    };
    const admin = await signIn(SANDBOX_DEMO.adminEmail, SANDBOX_DEMO.adminPassword);
    const staffEmail = `fuzz-staff-${randomBytes(4).toString('hex')}@example.com`;
    await admin.page.goto('/staff/team');
    await admin.page.getByLabel('Name').fill('Fuzz Staff');
    await admin.page.getByLabel('Email').fill(staffEmail);
    await admin.page.getByLabel('Temporary password').fill(STAFF_PASSWORD);
    await admin.page.getByLabel('Role').selectOption('staff');
    await admin.page.getByRole('button', { name: 'Add staff member' }).click();
    await admin.page
      .getByRole('status')
      .filter({ hasText: `Added ${staffEmail}.` })
      .waitFor();
    const staff = await signIn(staffEmail, STAFF_PASSWORD);

    const customer = await browser.newContext({ baseURL: portal.url });
    const page = await customer.newPage();
    await page.goto('/link');
    await page.getByLabel('First name').fill('Fuzz');
    await page.getByLabel('Last name').fill('Customer');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText('Signed in as Fuzz Customer.').waitFor();

    return {
      anonymous: '',
      customer: await cookieHeader(customer),
      staff: await cookieHeader(staff.context),
      admin: await cookieHeader(admin.context),
    };
  } finally {
    await browser.close();
  }
}

interface Answer {
  status: number;
  text: string;
  timedOut: boolean;
}

async function send(base: string, request: FuzzRequest, cookie: string): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (cookie) headers.Cookie = cookie;
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      body:
        typeof request.body === 'string' || request.body === undefined
          ? request.body
          : Buffer.from(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const text = request.method === 'HEAD' ? '' : await response.text();
    return { status: response.status, text: text.slice(0, 200_000), timedOut: false };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    // A refusal to build the request (e.g. a header fetch will not send) is no answer at all.
    if (
      !timedOut &&
      (error as Error).name === 'TypeError' &&
      !(error as { cause?: unknown }).cause
    ) {
      return { status: 0, text: '', timedOut: false };
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : '';
    return { status: -1, text: `${String((error as Error).message)}${why}`, timedOut };
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const replay = `FUZZ_SEED=${seed} FUZZ_CASES_PER_TARGET=${options.casesPerTarget}`;
  log(`fuzz seed ${seed}, ${options.casesPerTarget} cases per target (replay with ${replay})`);

  const database = await createFreshPostgres(options.adminDatabaseUrl);
  const sandbox = await startSandboxProcess();
  let portal: PortalProcess | undefined;
  const counter = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    portal = await startPortalProcess({
      databaseUrl: database.url,
      env: {
        OPENFINANCE_API_URL: sandbox.url,
        AUTH_SECRET,
        CUSTOMER_SIGNUP_LIMIT: '100000',
      },
    });
    const cookies = await signInEveryone(portal);
    // The self-signed-up customer: bound ids and customer fields name it at times.
    const [customer] = await counter<{ id: string }[]>`select id from customers limit 1`;
    const { routes, actions } = readTargets(path.join(ROOT, process.env.NEXT_DIST_DIR || '.next'));
    const targets: Target[] = [...routes, ...actions];
    const missingGenerators = targets
      .map(targetKey)
      .filter((key) => !(key in ROUTE_GENERATORS) && !(key in ACTION_SHAPES));

    const ctx: GeneratorContext = {
      origin: portal.url,
      partnerSecret: SANDBOX_DEMO.partnerSecret,
      customerId: customer?.id,
    };
    const counts = new Map<string, number>();
    const failures: FuzzFailure[] = [];
    let cases = 0;
    let logged = '';
    const unsubscribe = portal.onOutput((text) => {
      logged += text;
    });
    const before = await tableCounts(counter);

    for (const target of targets) {
      const key = targetKey(target);
      if (options.only && key !== options.only) continue;
      let requests: fc.Arbitrary<FuzzRequest>;
      let callers: readonly Caller[] = CALLERS;
      if (target.kind === 'route') {
        const generator = ROUTE_GENERATORS[key];
        if (!generator) continue;
        requests = generator(ctx);
      } else {
        const shape = ACTION_SHAPES[key];
        if (!shape) continue;
        requests = actionRequests(target, shape, ctx);
        // Sign-out actions would end the sessions the other cases need.
        if (shape.endsSession) callers = ['anonymous'];
      }
      const result = await fc.check(
        fc.asyncProperty(fc.constantFrom(...callers), requests, async (caller, request) => {
          cases++;
          logged = '';
          const answer = await send(portal!.url, request, cookies[caller]);
          // A request head over Node's 16 KB limit is answered 431 by the entry server itself.
          const outcome = answer.timedOut ? 'timeout' : answer.status;
          const bucket = `${key}  ${caller}  ${outcome}`;
          counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
          if (answer.timedOut) throw new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s`);
          if (answer.status === -1) throw new Error(`connection failed: ${answer.text}`);
          // Let the log lines of this request arrive before reading them.
          await new Promise((resolve) => setTimeout(resolve, 5));
          const leak = leakIn(answer.text) ?? leakIn(logged);
          if (leak) {
            const where = leakIn(answer.text) ? answer.text : logged;
            throw new Error(
              `${leak} in the ${leakIn(answer.text) ? 'answer' : 'log'}: ${where.slice(0, 600)}`,
            );
          }
          // Next's own refusals of malformed action encodings are 400s from the entry server
          // (lib/net/request-guards.ts), so every 5xx here is a failure.
          if (answer.status >= 500) {
            throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 300)}`);
          }
        }),
        { seed, numRuns: options.casesPerTarget, endOnFailure: true },
      );
      if (result.failed) {
        const example = result.counterexample?.[1] as FuzzRequest | undefined;
        const shown = example
          ? `${example.method} ${example.path.slice(0, 200)} ${JSON.stringify(example.headers).slice(0, 300)} body=${JSON.stringify(typeof example.body === 'string' ? example.body.slice(0, 300) : example.body ? '[bytes]' : undefined)}`
          : '';
        failures.push({
          target: key,
          message: `${String((result.errorInstance as Error | undefined)?.message ?? 'failed')} (as ${String(result.counterexample?.[0])}; replay: seed ${result.seed}, path "${result.counterexamplePath}")\n    ${shown}`,
        });
      }
    }
    unsubscribe();
    if (options.only && !targets.some((target) => targetKey(target) === options.only)) {
      failures.push({ target: options.only, message: 'no such route handler or server action' });
    }
    const after = await tableCounts(counter);
    const grown: Record<string, [number, number]> = {};
    for (const [table, count] of Object.entries(after)) {
      if (REFUSAL_TABLES.includes(table)) continue;
      if (count > (before[table] ?? 0)) grown[table] = [before[table] ?? 0, count];
    }

    log(`\n${cases} cases on ${targets.length} targets`);
    for (const [bucket, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      log(`  ${bucket.padEnd(72)} ${count}`);
    }
    const refusals = REFUSAL_TABLES.map((t) => `${t} +${(after[t] ?? 0) - (before[t] ?? 0)}`);
    log(`refusal rows: ${refusals.join(', ')}`);
    if (missingGenerators.length > 0) log(`no generator for: ${missingGenerators.join(', ')}`);
    for (const [table, [b, a]] of Object.entries(grown)) log(`GREW: ${table} ${b} → ${a}`);
    for (const failure of failures) log(`FAILED ${failure.target}: ${failure.message}`);
    log(`seed ${seed} (replay with ${replay})`);
    return { seed, cases, counts, failures, missingGenerators, grown };
  } finally {
    await counter.end({ timeout: 5 });
    await portal?.stop();
    await sandbox.stop();
    await database.drop();
  }
}
