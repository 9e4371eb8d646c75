/**
 * The one error type of the Open Finance boundary, and the sentences a person sees for each
 * failure. Pure: no I/O, safe to import anywhere (the portal shows `safeMessage`, logs the rest).
 */
import { maskSensitiveText } from '../log';

export type ApiErrorKind =
  /** credentials or token refused (401), or the partner account is locked */
  | 'auth'
  /** 403: Mastercard refuses the caller (geo block) */
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** 400: the request was refused as invalid */
  | 'validation'
  | 'rate_limited'
  /** 5xx */
  | 'unavailable'
  /** no answer within the configured timeout */
  | 'timeout'
  /** connection refused, reset or dropped before an answer */
  | 'network'
  /** an answer that is not what the API documents (unparsable, wrong shape) */
  | 'bad_response'
  /** any other HTTP status */
  | 'unexpected';

/** Token codes after which one renewal and one retry are allowed (invalid, expired, missing). */
export const TOKEN_RENEWAL_CODES: ReadonlySet<string> = new Set(['10022', '10023', '10024']);

/**
 * Authentication refusals. Never retried: five failed attempts lock the partner account.
 * 10001 invalid credentials, 10021 not authorized (also: locked), 10026 missing app key,
 * 12401 partner not found, 24302 bad credentials, 10005/14020 malformed authentication request.
 */
export const AUTHENTICATION_FAILURE_CODES: ReadonlySet<string> = new Set([
  '10001',
  '10021',
  '10026',
  '12401',
  '24302',
]);

export const USER_MESSAGES = {
  unknownCustomer: 'That customer does not exist at Mastercard (it may have been deleted).',
  unknownConsumer: 'That customer has no consumer record yet. Add the consumer details first.',
  unknownInstitution: 'That financial institution could not be found.',
  unknownAccount: 'That account could not be found for this customer.',
  fixNotPossible:
    'This bank connection cannot be repaired: the customer has no accounts left at that institution login. Send a new Connect link instead.',
  linkExpired: 'This Connect link has expired. Ask for a new one.',
  usernameTaken: 'That username is already taken. Choose another one.',
  usernamePolicy:
    'That username is not allowed. Use 6 to 255 letters, digits or the characters ! @ . # $ % & * _ - +.',
  nameCharacters: 'The first or last name contains characters that are not allowed.',
  consumerExists: 'This customer already has a consumer record.',
  consumerDetailsInvalid:
    'Some consumer details were not accepted (check the SSN, birth date, phone and email).',
  activeCustomerRefused:
    'Active (billable) customers cannot be created with the current Mastercard credentials.',
  invalidExperience: 'The experience setting is not valid: use "default" or an experience ID.',
  webhookUnreachable:
    'Mastercard could not reach the portal’s webhook address, so no link was created. Check PUBLIC_BASE_URL.',
  invalidRequest: 'Mastercard did not accept some of the details. Check them and try again.',
  authentication:
    'The portal could not sign in to Mastercard Open Finance. An administrator needs to check the partner credentials.',
  tokenRejected:
    'The connection to Mastercard Open Finance was refused. Try again in a moment; if it keeps happening, contact an administrator.',
  forbidden: 'Mastercard Open Finance refused the request from this location.',
  conflict: 'That record already exists at Mastercard.',
  notFound: 'Mastercard could not find what was asked for.',
  rateLimited: 'Mastercard is receiving too many requests right now. Wait a minute and try again.',
  unavailable: 'Mastercard Open Finance is unavailable right now. Try again in a few minutes.',
  timeout: 'Mastercard Open Finance did not answer in time. Try again in a few minutes.',
  network: 'The portal could not reach Mastercard Open Finance. Try again in a few minutes.',
  badResponse:
    'Mastercard Open Finance sent an answer the portal could not read. Try again; if it keeps happening, contact support.',
  unexpected: 'Something went wrong while talking to Mastercard Open Finance. Try again.',
} as const;

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** HTTP status, null when no answer arrived (timeout, network) */
  status: number | null;
  /** Mastercard code as a string, when the body carried one */
  code?: string;
  /** "METHOD /template", e.g. "POST /connect/v2/generate" */
  endpoint: string;
  safeMessage: string;
  /** Mastercard's own message, masked; for logs, never for people */
  upstreamMessage?: string;
  /** from a Retry-After header, for 429/503 */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The brand of an ApiError. Next bundles this module into several chunks, and the client is kept
 * on globalThis, so an error made by one chunk's class fails `instanceof` against another's; the
 * brand, registered process-wide by `Symbol.for`, is the same in every copy.
 */
const API_ERROR_BRAND = Symbol.for('data-connect-portal.ApiError');

export class ApiError extends Error {
  readonly [API_ERROR_BRAND] = true;
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: string | undefined;
  readonly endpoint: string;
  readonly safeMessage: string;
  readonly upstreamMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    const what = [init.status ?? init.kind, init.code].filter(Boolean).join(' ');
    super(`${init.endpoint} failed: ${what} (${init.kind})`, { cause: init.cause });
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.endpoint = init.endpoint;
    this.safeMessage = init.safeMessage;
    this.upstreamMessage =
      init.upstreamMessage === undefined ? undefined : maskSensitiveText(init.upstreamMessage);
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Whether an idempotent request may be sent again after this failure. */
  get transient(): boolean {
    return isTransientKind(this.kind);
  }

  /** What a log line carries: no body, no secret, no safe-message prose. */
  toLogFields(): Record<string, unknown> {
    return {
      endpoint: this.endpoint,
      kind: this.kind,
      status: this.status,
      code: this.code,
      upstreamMessage: this.upstreamMessage,
    };
  }
}

/** Recognises an ApiError made by any bundled copy of this module (never `instanceof`). */
export function isApiError(error: unknown): error is ApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[API_ERROR_BRAND] === true
  );
}

/**
 * Whether a failed write may still have taken effect upstream: no answer arrived (timeout,
 * dropped connection), a gateway gave up waiting (504), or a success answer could not be read.
 * Any other refusal is an answer: nothing was done.
 */
export function isOutcomeUnknown(error: ApiError): boolean {
  if (error.kind === 'timeout' || error.kind === 'network') {
    // Without an answer, or with a success status whose body never fully arrived.
    return error.status === null || error.status < 300;
  }
  if (error.status === 504) return true;
  return error.kind === 'bad_response' && error.status !== null && error.status < 300;
}

export function isTransientKind(kind: ApiErrorKind): boolean {
  return (
    kind === 'unavailable' || kind === 'rate_limited' || kind === 'timeout' || kind === 'network'
  );
}

/** Connect reports a missing customer, consumer or institution as 400 10010 naming the lookup. */
const UPSTREAM_404 =
  /status code 404 GET \/(aggregation\/v\d\/customers|decisioning\/v\d\/consumers|institution\/v\d\/institutions)\//;

type Lookup = 'customer' | 'consumer' | 'institution';

function missingLookup(message: string | undefined): Lookup | undefined {
  const match = message ? UPSTREAM_404.exec(message) : null;
  if (!match) return undefined;
  const path = match[1] ?? '';
  if (path.includes('customers')) return 'customer';
  if (path.includes('consumers')) return 'consumer';
  return 'institution';
}

/** The kind of a failed HTTP answer, from its status, code and message. */
export function classifyFailure(status: number, code?: string, message?: string): ApiErrorKind {
  if (missingLookup(message)) return 'not_found';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  if (status === 400 || status === 422) return 'validation';
  return code && AUTHENTICATION_FAILURE_CODES.has(code) ? 'auth' : 'unexpected';
}

const AUTHENTICATION_ENDPOINT = 'POST /aggregation/v2/partners/authentication';

/** The sentence shown to a person for a failure; it never repeats upstream text. */
export function safeMessageFor(
  kind: ApiErrorKind,
  code: string | undefined,
  endpoint: string,
  upstreamMessage?: string,
): string {
  // Whatever the authentication endpoint refuses, the fix is the same: check the credentials.
  if (endpoint === AUTHENTICATION_ENDPOINT && !isTransientKind(kind) && kind !== 'bad_response') {
    return USER_MESSAGES.authentication;
  }
  const lookup = missingLookup(upstreamMessage);
  if (lookup === 'customer') return USER_MESSAGES.unknownCustomer;
  if (lookup === 'consumer') return USER_MESSAGES.unknownConsumer;
  if (lookup === 'institution') return USER_MESSAGES.unknownInstitution;

  switch (code) {
    case '38007':
      return endpoint.includes('/connect/') ? USER_MESSAGES.fixNotPossible : USER_MESSAGES.notFound;
    case '14001':
      return endpoint.includes('/customers')
        ? USER_MESSAGES.unknownCustomer
        : USER_MESSAGES.notFound;
    case '14006':
      return USER_MESSAGES.unknownInstitution;
    case '38003':
      return USER_MESSAGES.unknownAccount;
    case '110002':
      return USER_MESSAGES.usernameTaken;
    case '110039':
      return USER_MESSAGES.usernamePolicy;
    case '45003':
      return USER_MESSAGES.nameCharacters;
    case '11000':
      return USER_MESSAGES.consumerExists;
    case '10100':
      return kind === 'not_found'
        ? USER_MESSAGES.unknownConsumer
        : USER_MESSAGES.consumerDetailsInvalid;
  }
  if (kind === 'validation' && upstreamMessage) {
    if (/"experience"/.test(upstreamMessage)) return USER_MESSAGES.invalidExperience;
    if (/webhook ping/i.test(upstreamMessage)) return USER_MESSAGES.webhookUnreachable;
    if (/"partnerId"/.test(upstreamMessage)) return USER_MESSAGES.authentication;
  }

  switch (kind) {
    case 'auth':
      if (endpoint === 'POST /aggregation/v2/customers/active') {
        return USER_MESSAGES.activeCustomerRefused;
      }
      if (code && AUTHENTICATION_FAILURE_CODES.has(code)) {
        return USER_MESSAGES.authentication;
      }
      return USER_MESSAGES.tokenRejected;
    case 'forbidden':
      return USER_MESSAGES.forbidden;
    case 'not_found':
      return USER_MESSAGES.notFound;
    case 'conflict':
      return USER_MESSAGES.conflict;
    case 'validation':
      return USER_MESSAGES.invalidRequest;
    case 'rate_limited':
      return USER_MESSAGES.rateLimited;
    case 'unavailable':
      return USER_MESSAGES.unavailable;
    case 'timeout':
      return USER_MESSAGES.timeout;
    case 'network':
      return USER_MESSAGES.network;
    case 'bad_response':
      return USER_MESSAGES.badResponse;
    case 'unexpected':
      return USER_MESSAGES.unexpected;
  }
}

/** An ApiError for a failed HTTP answer whose body has been read. */
export function apiErrorFromResponse(init: {
  status: number;
  endpoint: string;
  code?: string;
  upstreamMessage?: string;
  retryAfterMs?: number;
}): ApiError {
  const kind = classifyFailure(init.status, init.code, init.upstreamMessage);
  return new ApiError({
    kind,
    status: init.status,
    code: init.code,
    endpoint: init.endpoint,
    safeMessage: safeMessageFor(kind, init.code, init.endpoint, init.upstreamMessage),
    upstreamMessage: init.upstreamMessage,
    retryAfterMs: init.retryAfterMs,
  });
}

/** An ApiError for a failure without a usable HTTP answer (timeout, network, bad body). */
export function apiErrorWithoutAnswer(
  kind: 'timeout' | 'network' | 'bad_response',
  endpoint: string,
  options: { status?: number; cause?: unknown; detail?: string } = {},
): ApiError {
  return new ApiError({
    kind,
    status: options.status ?? null,
    endpoint,
    safeMessage: safeMessageFor(kind, undefined, endpoint),
    upstreamMessage: options.detail,
    cause: options.cause,
  });
}

export { connectSdkMessage } from './sdk-messages';
