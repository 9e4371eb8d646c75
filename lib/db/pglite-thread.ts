import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * PGlite on a worker thread, with the part of PGlite's interface that Drizzle's pglite driver uses
 * (`query` with `rowMode` and `parsers`, `transaction`). Postgres in WASM and its file writes then
 * no longer share the request thread: under a webhook flood the thread that parses and verifies
 * requests keeps going while the previous batch commits.
 *
 * Every statement has a deadline (see deadlines.ts). PGlite cannot cancel a statement, so one that
 * runs past its deadline ends the thread: the statement and every statement queued behind it fail
 * with SQLSTATE 57014 (query_canceled, as PostgreSQL's statement_timeout), and a new thread opens
 * the same data folder for the statements asked after. Only a data folder survives this: an
 * in-memory database (tests) starts empty again.
 *
 * Parsers cannot cross threads. Drizzle passes parsers only to keep date, time and interval
 * columns as the text Postgres sent; the worker does exactly that for the type ids it is given.
 */

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

export interface QueryResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

interface Transaction {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult>;
}

/** The client Drizzle's pglite driver is given: statements with one deadline. */
export interface PGliteClient extends Transaction {
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'failed'; error: Record<string, unknown> }
  | { type: 'result'; id: number; result: QueryResult }
  | { type: 'error'; id: number; error: Record<string, unknown> };

interface Pending {
  resolve: (result: QueryResult) => void;
  reject: (error: Error) => void;
  deadlineMs: number;
}

const workerPath = path.join(process.cwd(), 'lib/db/pglite-worker.mjs');

/** A statement without a deadline of its own waits at most this long. */
const DEFAULT_DEADLINE_MS = 5_000;

/** An Error carrying the database's fields (code, detail, …) as PGlite's DatabaseError does. */
function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? 'Database error'));
  Object.assign(error, fields);
  return error;
}

/**
 * The thread could not answer at all (it stopped, or is closed): an error with the SQLSTATE
 * PostgreSQL gives a connection it cannot serve now, so callers treat both engines alike.
 */
function unavailable(message: string, code = '57P03'): Error {
  return Object.assign(new Error(message), { code });
}

/** Thrown to the statements of a thread ended for running past a deadline. */
export class StatementDeadlineError extends Error {
  readonly code = '57014';
  constructor(message: string) {
    super(message);
    this.name = 'StatementDeadlineError';
  }
}

/** Starts a worker and waits until its database is open (created on first use). */
async function startWorker(dataDir: string | undefined): Promise<Worker> {
  const worker = new Worker(workerPath, { workerData: { dataDir } });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(unavailable(`The database thread stopped while opening (exit code ${code}).`));
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(rebuildError(message.error));
      else return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', reject);
    worker.on('exit', onExit);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.unref();
  return worker;
}

export class PGliteThread {
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Statements sent to the worker, in the order it runs them (the first one is running). */
  private pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set while a transaction holds the one connection; other statements wait for it. */
  private held: Promise<void> | null = null;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;
  /** Set while a new worker replaces one ended at a deadline; statements wait for it. */
  private replacing: Promise<void> | null = null;
  /** The running statement's deadline. */
  private timer: NodeJS.Timeout | null = null;
  private timedId = 0;
  /** Workers ended on purpose, whose exit is no failure. */
  private readonly retired = new WeakSet<Worker>();
  /** How many times a thread was replaced (ended at a deadline, or stopped by itself). */
  restarts = 0;

  private constructor(
    private worker: Worker,
    private readonly dataDir: string | undefined,
  ) {
    this.attach(worker);
  }

  static async open(dataDir?: string): Promise<PGliteThread> {
    return new PGliteThread(await startWorker(dataDir), dataDir);
  }

  private attach(worker: Worker): void {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      this.armDeadline();
      if (message.type === 'result') waiter.resolve(message.result);
      else waiter.reject(rebuildError(message.error));
    });
    // A thread that stops by itself (PGlite aborts when WASM runs out of memory) fails what it
    // was asked and is replaced like one ended at a deadline; after close it stays stopped.
    const stopped = (error: Error) => {
      if (this.retired.has(worker) || this.closing) return; // ended on purpose
      this.replace(error);
    };
    worker.on('error', stopped);
    worker.on('exit', (code) =>
      stopped(
        unavailable(`The database thread stopped (exit code ${code}); a new one was started.`),
      ),
    );
  }

  private rejectPending(error: Error): void {
    const waiters = [...this.pending.values()];
    this.pending = new Map();
    this.clearDeadline();
    for (const waiter of waiters) waiter.reject(error);
  }

  private clearDeadline(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timedId = 0;
  }

  /** Times the statement the worker is running now: the first one it has not answered. */
  private armDeadline(): void {
    const first = this.pending.entries().next();
    if (first.done) {
      this.clearDeadline();
      return;
    }
    const [id, waiter] = first.value;
    if (id === this.timedId) return;
    if (this.timer) clearTimeout(this.timer);
    this.timedId = id;
    this.timer = setTimeout(() => this.expire(waiter.deadlineMs), waiter.deadlineMs);
    this.timer.unref();
  }

  /** Ends the worker running a statement past its deadline and opens a new one. */
  private expire(deadlineMs: number): void {
    this.replace(
      new StatementDeadlineError(
        `A database statement ran past its deadline of ${deadlineMs} ms; the database thread was restarted.`,
      ),
    );
  }

  /** Fails every statement sent to the current worker with `error`, ends it, starts another. */
  private replace(error: Error): void {
    const old = this.worker;
    this.retired.add(old);
    this.restarts++;
    this.rejectPending(error);
    const replaced = (async () => {
      await old.terminate();
      const worker = await startWorker(this.dataDir);
      this.worker = worker;
      this.attach(worker);
    })();
    this.replacing = replaced.then(
      () => {
        this.replacing = null;
      },
      (failure: unknown) => {
        this.replacing = null;
        this.failure ??= failure instanceof Error ? failure : new Error(String(failure));
      },
    );
  }

  private async send(
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
    deadlineMs = DEFAULT_DEADLINE_MS,
  ): Promise<QueryResult> {
    while (this.replacing) await this.replacing;
    if (this.closing) throw unavailable('The database is closed.', '57P01');
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const textTypes = options.parsers ? Object.keys(options.parsers).map(Number) : [];
    const promise = new Promise<QueryResult>((resolve, reject) => {
      // The thread keeps the process alive only while it has a statement to answer.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, deadlineMs });
      this.worker.postMessage({ id, sql, params, rowMode: options.rowMode, textTypes });
      this.armDeadline();
    });
    const settled: Promise<unknown> = promise.then(
      () => this.inFlight.delete(settled),
      () => this.inFlight.delete(settled),
    );
    this.inFlight.add(settled);
    return promise;
  }

  private async waitUntilFree(): Promise<void> {
    while (this.held) await this.held;
  }

  async query(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
    deadlineMs?: number,
  ): Promise<QueryResult> {
    await this.waitUntilFree();
    return this.send(sql, params, options, deadlineMs);
  }

  async transaction<T>(callback: (tx: Transaction) => Promise<T>, deadlineMs?: number): Promise<T> {
    await this.waitUntilFree();
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      await this.send('begin', [], {}, deadlineMs);
      let result: T;
      try {
        result = await callback({
          query: (sql, params, options) => this.send(sql, params, options, deadlineMs),
        });
      } catch (error) {
        await this.send('rollback', [], {}, deadlineMs).catch(() => undefined);
        throw error;
      }
      await this.send('commit', [], {}, deadlineMs);
      return result;
    } finally {
      this.held = null;
      release();
    }
  }

  /** The same thread with every statement (transactions too) given `deadlineMs`. */
  withDeadline(deadlineMs: number): PGliteClient {
    return {
      query: (sql, params, options) => this.query(sql, params, options, deadlineMs),
      transaction: (callback) => this.transaction(callback, deadlineMs),
    };
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.replacing) await this.replacing;
      // Statements already asked for finish first.
      await this.waitUntilFree();
      await Promise.all(this.inFlight);
      const worker = this.worker;
      if (!this.failure) {
        await new Promise<void>((resolve) => {
          const onMessage = (message: WorkerMessage) => {
            if (message.type === 'closed') resolve();
          };
          worker.on('message', onMessage);
          worker.once('exit', () => resolve());
          // Kept alive until the database has closed its files.
          worker.ref();
          worker.postMessage({ type: 'close' });
        });
      }
      this.clearDeadline();
      this.retired.add(worker);
      await worker.terminate();
    })();
    return this.closing;
  }
}
