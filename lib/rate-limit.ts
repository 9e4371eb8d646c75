import { sql } from 'drizzle-orm';
import type { Database } from './db/client';
import { rowsOf } from './db/rows';

/** Fixed-window counters in the database, so limits hold across restarts and instances. */

export interface RateLimitState {
  count: number;
  /** When the current window ends. */
  resetAt: Date;
}

/** Counts one hit against `key` and returns the count in the current window. */
export async function hitRateLimit(
  db: Database,
  key: string,
  windowMs: number,
): Promise<RateLimitState> {
  const interval = `${Math.round(windowMs)} milliseconds`;
  const rows = await db.execute<{ count: number; window_start: string | Date }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start < now() - ${interval}::interval
                   then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start < now() - ${interval}::interval
                   then now() else rate_limits.window_start end
    returning count, window_start`);
  return toState(firstRow(rows), windowMs);
}

/** The count in the current window, without counting a hit. */
export async function peekRateLimit(
  db: Database,
  key: string,
  windowMs: number,
): Promise<RateLimitState> {
  const interval = `${Math.round(windowMs)} milliseconds`;
  const rows = await db.execute<{ count: number; window_start: string | Date }>(sql`
    select count, window_start from rate_limits
    where key = ${key} and window_start >= now() - ${interval}::interval`);
  const row = firstRow(rows);
  return row ? toState(row, windowMs) : { count: 0, resetAt: new Date(Date.now() + windowMs) };
}

export async function clearRateLimit(db: Database, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}

type Row = { count: number; window_start: string | Date };

function firstRow(result: unknown): Row | undefined {
  return rowsOf<Row>(result)[0];
}

function toState(row: Row | undefined, windowMs: number): RateLimitState {
  if (!row) return { count: 0, resetAt: new Date(Date.now() + windowMs) };
  return {
    count: Number(row.count),
    resetAt: new Date(new Date(row.window_start).getTime() + windowMs),
  };
}
