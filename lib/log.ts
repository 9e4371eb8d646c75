/**
 * A tiny structured logger: one JSON line per entry, info and debug to stdout, warnings and
 * errors to stderr. Every field goes through `redact` first, so a secret, token, SSN or birth date
 * handed to the logger by mistake never reaches the output.
 *
 * No `server-only` here on purpose: scripts run under tsx (bench, start) log through it too, and it
 * holds no secret of its own.
 */

import { getRequestContext } from './request-context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every entry (e.g. `{ component: 'openfinance' }`). */
  child(bindings: LogFields): Logger;
}

export const REDACTED = '[redacted]';
export const MASKED_SSN = '***-**-****';

/**
 * Keys whose values are never logged, compared without case, dashes or underscores, so
 * `Finicity-App-Token`, `finicity_app_token` and `finicityAppToken` are the same key.
 */
const SENSITIVE_KEYS = new Set(
  [
    'partnerSecret',
    'newPartnerSecret',
    'secret',
    'token',
    'appKey',
    'Finicity-App-Key',
    'Finicity-App-Token',
    'authorization',
    'cookie',
    'set-cookie',
    'apiKey',
    'ssn',
    'dob',
    'birthday',
    'birthDate',
    'dateOfBirth',
    'password',
    'accountNumber',
    'realAccountNumber',
    'number',
  ].map(normalizeKey),
);

/** Suffixes that make any key sensitive (`authSecret`, `accessToken`, `adminPassword`). */
const SENSITIVE_SUFFIXES = ['secret', 'token', 'password', 'apikey', 'appkey', 'ssn'];

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return (
    SENSITIVE_KEYS.has(normalized) ||
    SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix))
  );
}

// 123-45-6789, 123 45 6789 and a bare run of nine digits (how the API takes an SSN). Nine-digit
// identifiers get masked too: a lost id in a log line is cheaper than a leaked SSN. A UUID (request,
// link and customer ids) is matched first and kept whole: nine digits inside one are no SSN.
const UUID_OR_SSN =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![\d-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d-])/gi;

/** Masks anything that looks like an SSN inside free text. */
export function maskSensitiveText(text: string): string {
  return text.replace(UUID_OR_SSN, (found) => (found.length === 36 ? found : MASKED_SSN));
}

/**
 * A copy of `value` that is safe to log: sensitive keys replaced by "[redacted]", SSN-like strings
 * masked, errors reduced to name, message and (own) fields, cycles cut.
 */
export function redact(value: unknown): unknown {
  return redactValue(value, new WeakSet(), 0);
}

const MAX_DEPTH = 8;

function redactValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return redactUrl(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      name: value.name,
      message: maskSensitiveText(value.message),
    };
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : redactValue(item, seen, depth + 1);
    }
    return out;
  }
  if (value instanceof Headers) {
    const out: Record<string, string> = {};
    value.forEach((item, key) => {
      out[key] = isSensitiveKey(key) ? REDACTED : maskSensitiveText(item);
    });
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redactValue(item, seen, depth + 1);
  }
  return out;
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  for (const key of [...copy.searchParams.keys()]) {
    if (isSensitiveKey(key)) copy.searchParams.set(key, REDACTED);
  }
  if (copy.password) copy.password = REDACTED;
  return maskSensitiveText(copy.href);
}

/** The lowest level written; `silent` writes nothing (the unit tests' default). */
export type LogThreshold = LogLevel | 'silent';

const LEVEL_ORDER: Record<LogThreshold, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

const globalForLog = globalThis as unknown as { portalLogLevel?: LogThreshold };

/** The lowest level written (default info). Set once at start-up, or by a test. */
export function setLogLevel(level: LogThreshold): void {
  globalForLog.portalLogLevel = level;
}

export function getLogLevel(): LogThreshold {
  return globalForLog.portalLogLevel ?? 'info';
}

function enabled(level: LogLevel): boolean {
  return LEVEL_ORDER[level] >= LEVEL_ORDER[globalForLog.portalLogLevel ?? 'info'];
}

function write(level: LogLevel, msg: string, bindings: LogFields, fields: LogFields | undefined) {
  if (!enabled(level)) return;
  // Every line written while a request is served names it (the entry server sets the context).
  const requestId = getRequestContext()?.requestId;
  const entry = redact({
    ...(requestId ? { requestId } : {}),
    ...bindings,
    ...fields,
  }) as LogFields;
  let line: string;
  try {
    line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      msg: maskSensitiveText(msg),
      ...entry,
    });
  } catch {
    line = JSON.stringify({ time: new Date().toISOString(), level, msg: maskSensitiveText(msg) });
  }
  // Looked up on each call (not captured once) so that tests can capture the streams.
  const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
}

function createLogger(bindings: LogFields): Logger {
  return {
    debug: (msg, fields) => write('debug', msg, bindings, fields),
    info: (msg, fields) => write('info', msg, bindings, fields),
    warn: (msg, fields) => write('warn', msg, bindings, fields),
    error: (msg, fields) => write('error', msg, bindings, fields),
    child: (more) => createLogger({ ...bindings, ...more }),
  };
}

export const log: Logger = createLogger({});
