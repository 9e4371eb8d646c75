/**
 * How long one database statement may run, by kind, in one place. PostgreSQL enforces them with
 * `statement_timeout` on the connections of each kind; PGlite by ending its thread (see
 * pglite-thread.ts). A statement past its deadline fails with SQLSTATE 57014, which request paths
 * answer as 503: a jammed statement then costs one request, not the whole portal.
 */
export const STATEMENT_DEADLINES_MS = {
  /** Pages, route handlers and server actions. */
  request: 5_000,
  /** One group-commit batch of webhook events (up to 500 rows with their link updates). */
  webhookBatch: 10_000,
  /** Schema migrations at start, which may rewrite a table. */
  migration: 10 * 60_000,
  /** Backfills and retention sweeps, which work through many rows at a time. */
  sweep: 2 * 60_000,
} as const;

export type StatementKind = keyof typeof STATEMENT_DEADLINES_MS;
