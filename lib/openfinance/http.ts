import 'server-only';
import type { z } from 'zod';
import type { Logger } from '../log';
import type { OpenFinanceConfig } from './config';
import { TOKEN_LIFETIME_MS } from './config';
import {
  ApiError,
  apiErrorFromResponse,
  apiErrorWithoutAnswer,
  isApiError,
  TOKEN_RENEWAL_CODES,
  USER_MESSAGES,
} from './errors';
import { createTokenCache, type TokenCache } from './token-cache';
import type { Transport, TransportResponse } from './transport';
import { createTokenResponseSchema, parseErrorBody } from './wire';

/**
 * The one request wrapper of the Open Finance client. It owns the base URL, the Finicity headers,
 * the timeout, the token (through the token cache), retries of idempotent reads, zod parsing of
 * every answer and the translation of every failure into an ApiError. Nothing else calls the
 * transport (`transport.ts`).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest<T> {
  method: HttpMethod;
  /** path template, e.g. "/aggregation/v1/customers/{customerId}" (also the log/endpoint name) */
  path: string;
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** schema of a 2xx body; without one the body is ignored (204 answers) */
  schema?: z.ZodType<T>;
}

export interface HttpDeps {
  /** the network (sendRequest from ./transport; tests wrap it to observe what is sent) */
  transport: Transport;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1), for backoff jitter */
  random: () => number;
  /** epoch ms, for token age and durations */
  now: () => number;
  logger: Logger;
}

export interface Http {
  /** A request with a token, renewed once on a token error; GETs retried on transient failures. */
  request<T>(req: ApiRequest<T>): Promise<T>;
  tokens: TokenCache;
}

export const AUTHENTICATION_PATH = '/aggregation/v2/partners/authentication';

/** A retry is not started with less of the read budget left than this. */
const MIN_ATTEMPT_MS = 250;

const monotonicNow = () => performance.now();

/** Longest wait a Retry-After header may impose on a retry. */
const MAX_RETRY_AFTER_MS = 10_000;

export function endpointOf(method: HttpMethod, path: string): string {
  return `${method} ${path}`;
}

function buildUrl(base: string, req: ApiRequest<unknown>): string {
  const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = req.params?.[name];
    if (value === undefined || String(value) === '') {
      throw new TypeError(`missing path parameter ${name} for ${req.path}`);
    }
    return encodeURIComponent(String(value));
  });
  const url = new URL(base + path);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
  return undefined;
}

/** Paths of the issues only: a body may hold personal data, so no received values. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

export function createHttp(config: OpenFinanceConfig, deps: HttpDeps): Http {
  const { logger, now } = deps;

  /** Exactly one HTTP exchange: no token logic, no retry. */
  async function send<T>(
    req: ApiRequest<T>,
    token: string | undefined,
    attempt = 1,
    timeoutMs = config.timeoutMs,
  ): Promise<T> {
    const endpoint = endpointOf(req.method, req.path);
    let url: string;
    try {
      url = buildUrl(config.apiUrl, req);
    } catch (caught) {
      // An empty id from a caller: refuse it here rather than call a different endpoint.
      throw new ApiError({
        kind: 'validation',
        status: null,
        endpoint,
        safeMessage: USER_MESSAGES.invalidRequest,
        upstreamMessage: caught instanceof Error ? caught.message : undefined,
      });
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'Finicity-App-Key': config.appKey,
    };
    if (token !== undefined) headers['Finicity-App-Token'] = token;
    const signal = AbortSignal.timeout(timeoutMs);
    const started = now();
    const failWithoutAnswer = (caught: unknown, status?: number): ApiError => {
      const timedOut = signal.aborted;
      const error = apiErrorWithoutAnswer(timedOut ? 'timeout' : 'network', endpoint, {
        status,
        cause: caught,
        detail: timedOut
          ? `no answer within ${timeoutMs} ms`
          : caught instanceof Error
            ? causeText(caught)
            : undefined,
      });
      logger.warn('openfinance request failed', {
        method: req.method,
        endpoint,
        attempt,
        durationMs: now() - started,
        ...error.toLogFields(),
      });
      return error;
    };

    let response: TransportResponse;
    let text: string;
    try {
      response = await deps.transport(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
      });
    } catch (caught) {
      throw failWithoutAnswer(caught);
    }
    try {
      text = await response.text();
    } catch (caught) {
      throw failWithoutAnswer(caught, response.status);
    }
    const durationMs = now() - started;

    if (response.status < 200 || response.status > 299) {
      const body = parseErrorBody(text);
      const error = apiErrorFromResponse({
        status: response.status,
        endpoint,
        code: body.code,
        upstreamMessage: body.message,
        retryAfterMs: parseRetryAfter(response.header('retry-after'), now()),
      });
      logger.warn('openfinance request failed', {
        method: req.method,
        attempt,
        durationMs,
        ...error.toLogFields(),
      });
      throw error;
    }

    logger.info('openfinance request', {
      method: req.method,
      endpoint,
      status: response.status,
      attempt,
      durationMs,
    });
    if (!req.schema) return undefined as T;

    const badResponse = (detail: string) => {
      const error = apiErrorWithoutAnswer('bad_response', endpoint, {
        status: response.status,
        detail,
      });
      logger.error('openfinance unreadable answer', error.toLogFields());
      return error;
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badResponse(`not JSON (${response.header('content-type') ?? 'no content type'})`);
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) throw badResponse(`unexpected shape: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  function authenticate(): Promise<string> {
    return send(
      {
        method: 'POST',
        path: AUTHENTICATION_PATH,
        body: { partnerId: config.partnerId, partnerSecret: config.partnerSecret },
        schema: createTokenResponseSchema,
      },
      undefined,
    ).then((body) => body.token);
  }

  const tokens = createTokenCache({
    authenticate,
    now,
    renewAfterMs: config.tokenRenewAfterMs,
    lifetimeMs: TOKEN_LIFETIME_MS,
    failureCooldownMs: config.authFailureCooldownMs,
    logger,
  });

  /** The wait of one exchange: the write deadline, or what is left of the read budget. */
  function timeoutFor(req: ApiRequest<unknown>, deadline: number): number {
    if (req.method !== 'GET') return config.writeTimeoutMs;
    return Math.max(1, Math.min(config.timeoutMs, Math.ceil(deadline - monotonicNow())));
  }

  /**
   * The token, waited for within what is left of a read's budget: a slow authentication (shared by
   * every caller, so it goes on for them) ends this read at its deadline like a slow answer would.
   */
  async function tokenFor(req: ApiRequest<unknown>, deadline: number): Promise<string> {
    if (req.method !== 'GET') return tokens.getToken();
    const waitMs = Math.ceil(deadline - monotonicNow());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            apiErrorWithoutAnswer('timeout', endpointOf(req.method, req.path), {
              detail: `no token within the read budget of ${config.readBudgetMs} ms`,
            }),
          ),
        Math.max(1, waitMs),
      );
    });
    try {
      return await Promise.race([tokens.getToken(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function sendWithToken<T>(
    req: ApiRequest<T>,
    attempt: number,
    deadline: number,
  ): Promise<T> {
    const token = await tokenFor(req, deadline);
    try {
      return await send(req, token, attempt, timeoutFor(req, deadline));
    } catch (error) {
      const tokenRefused =
        isApiError(error) &&
        error.status === 401 &&
        error.code !== undefined &&
        TOKEN_RENEWAL_CODES.has(error.code);
      if (!tokenRefused) throw error;
      // The request was refused before any effect, so sending it once more is safe for POSTs too.
      logger.info('openfinance token refused, renewing once', error.toLogFields());
      tokens.invalidate(token);
      const fresh = await tokenFor(req, deadline);
      return send(req, fresh, attempt, timeoutFor(req, deadline));
    }
  }

  function backoffMs(attempt: number, retryAfterMs: number | undefined): number {
    const { baseDelayMs, maxDelayMs } = config.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the exponential step, so retries never bunch up at zero.
    const jittered = ceiling / 2 + deps.random() * (ceiling / 2);
    return Math.max(jittered, retryAfterMs ?? 0);
  }

  async function request<T>(req: ApiRequest<T>): Promise<T> {
    // Only reads are retried: a POST that timed out may have created a customer or sent an email.
    const attempts = req.method === 'GET' ? config.retry.attempts : 1;
    // Reads share one budget across attempts and backoff (a monotonic clock: `now` may be moved).
    const deadline = monotonicNow() + config.readBudgetMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await sendWithToken(req, attempt, deadline);
      } catch (error) {
        if (!isApiError(error) || !error.transient || attempt >= attempts) throw error;
        const delay = backoffMs(attempt, error.retryAfterMs);
        if (monotonicNow() + delay + MIN_ATTEMPT_MS > deadline) {
          logger.info('openfinance read budget spent', {
            endpoint: error.endpoint,
            attempt,
            budgetMs: config.readBudgetMs,
          });
          throw error;
        }
        logger.info('openfinance retrying', {
          endpoint: error.endpoint,
          attempt,
          kind: error.kind,
          status: error.status,
          delayMs: Math.round(delay),
        });
        await deps.sleep(delay);
      }
    }
  }

  return { request, tokens };
}

function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string'
      ? `${error.message}: ${code}`
      : `${error.message}: ${cause.message}`;
  }
  return error.message;
}
