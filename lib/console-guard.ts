import { sqlStateOf } from './db/errors';

/**
 * Next logs the errors it catches itself (a page or layout that failed to render) with
 * `console.error`, message and stack included; for a database error that message is the failed
 * statement with its parameters (request bodies, names). The portal's own code logs through
 * lib/log.ts, which never writes a message; this guard covers what Next writes, once per process.
 */

const STATEMENT_TEXT = /(Failed query:)[\s\S]*/;
const WITHHELD = '[statement and parameters withheld]';

/** One console argument as it may be written: a database error by class and SQLSTATE only. */
export function scrubConsoleArgument(value: unknown): unknown {
  if (value instanceof Error) {
    const code = sqlStateOf(value);
    if (code !== undefined || STATEMENT_TEXT.test(value.message)) {
      const digest = (value as { digest?: unknown }).digest;
      return `${value.name} (SQLSTATE ${code ?? 'unknown'}${typeof digest === 'string' ? `, digest ${digest}` : ''}): ${WITHHELD}`;
    }
    return value;
  }
  if (typeof value === 'string' && STATEMENT_TEXT.test(value)) {
    return value.replace(STATEMENT_TEXT, `$1 ${WITHHELD}`);
  }
  return value;
}

const guarded = Symbol.for('data-connect-portal.consoleGuard');

/** Routes console.error and console.warn through `scrubConsoleArgument` (idempotent). */
export function guardConsole(): void {
  const holder = console as unknown as Record<symbol, boolean>;
  if (holder[guarded]) return;
  holder[guarded] = true;
  for (const method of ['error', 'warn'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(...args.map(scrubConsoleArgument));
  }
}
