import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * PGlite on a worker thread, with the part of PGlite's interface that Drizzle's pglite driver uses
 * (`query` with `rowMode` and `parsers`, `transaction`). Postgres in WASM and its file writes then
 * no longer share the request thread: under a webhook flood the thread that parses and verifies
 * requests keeps going while the previous batch commits.
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

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'failed'; error: Record<string, unknown> }
  | { type: 'result'; id: number; result: QueryResult }
  | { type: 'error'; id: number; error: Record<string, unknown> };

const workerPath = path.join(process.cwd(), 'lib/db/pglite-worker.mjs');

/** An Error carrying the database's fields (code, detail, …) as PGlite's DatabaseError does. */
function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? 'Database error'));
  Object.assign(error, fields);
  return error;
}

export class PGliteThread {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly pending = new Map<
    number,
    { resolve: (result: QueryResult) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  /** Set while a transaction holds the one connection; other statements wait for it. */
  private held: Promise<void> | null = null;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.type === 'result') waiter.resolve(message.result);
      else waiter.reject(rebuildError(message.error));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.pending.values()) waiter.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new Error(`The database thread stopped (exit code ${code}).`)),
    );
  }

  /** Starts the thread and waits until the database is open (created on first use). */
  static async open(dataDir?: string): Promise<PGliteThread> {
    const worker = new Worker(workerPath, { workerData: { dataDir } });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new Error(`The database thread stopped while opening (exit code ${code}).`));
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
    return new PGliteThread(worker);
  }

  private send(sql: string, params: unknown[] = [], options: QueryOptions = {}) {
    if (this.closing) return Promise.reject(new Error('The database is closed.'));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const textTypes = options.parsers ? Object.keys(options.parsers).map(Number) : [];
    const promise = new Promise<QueryResult>((resolve, reject) => {
      // The thread keeps the process alive only while it has a statement to answer.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, params, rowMode: options.rowMode, textTypes });
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

  async query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult> {
    await this.waitUntilFree();
    return this.send(sql, params, options);
  }

  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    await this.waitUntilFree();
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      await this.send('begin');
      let result: T;
      try {
        result = await callback({
          query: (sql, params, options) => this.send(sql, params, options),
        });
      } catch (error) {
        await this.send('rollback').catch(() => undefined);
        throw error;
      }
      await this.send('commit');
      return result;
    } finally {
      this.held = null;
      release();
    }
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      // Statements already asked for finish first.
      await this.waitUntilFree();
      await Promise.all(this.inFlight);
      if (!this.failure) {
        await new Promise<void>((resolve) => {
          const onMessage = (message: WorkerMessage) => {
            if (message.type === 'closed') resolve();
          };
          this.worker.on('message', onMessage);
          this.worker.once('exit', () => resolve());
          // Kept alive until the database has closed its files.
          this.worker.ref();
          this.worker.postMessage({ type: 'close' });
        });
      }
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
