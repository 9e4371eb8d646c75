/**
 * A thin typed wrapper over the sandbox control API (`/__sandbox/…`, see sandbox/control.ts and
 * sandbox/README.md) for tests that run the sandbox as a process. It only speaks HTTP.
 */

export interface SandboxFault {
  /** "METHOD /template" as in the request log, or "*" for every API endpoint */
  endpoint: string;
  latencyMs?: number;
  /** 429 or 5xx */
  status?: number;
  /** destroy the connection without an answer */
  drop?: boolean;
  /** how many requests it applies to; unlimited when absent */
  times?: number;
}

export interface SandboxRequestLogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  endpoint: string;
  status?: number;
}

export interface SandboxRequestLog {
  count: number;
  byEndpoint: Record<string, number>;
  requests: SandboxRequestLogEntry[];
}

export interface SandboxSessionResult {
  linkId: string;
  status: string;
  institutionLoginId?: number | string;
  accounts?: Array<Record<string, unknown>>;
  events: unknown[];
}

export interface SandboxDeliverySummary {
  count: number;
  delivered: number;
  pending: number;
  failed: number;
  attempts: number;
  okAttempts: number;
  /** deliveries whose first attempt has not been made yet */
  unattempted: number;
  /** pending deliveries whose next attempt is due: being made now, or about to be */
  due: number;
  /** deliveries with an attempt being made now */
  attempting: number;
}

export const AUTHENTICATION_ENDPOINT = 'POST /aggregation/v2/partners/authentication';

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`sandbox control ${what} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'SandboxControlError';
  }
}

export interface SandboxControl {
  reset(): Promise<void>;
  advanceClock(duration: string | number): Promise<{ now: number }>;
  addFault(fault: SandboxFault): Promise<{ id: number }>;
  clearFaults(): Promise<void>;
  expireTokens(): Promise<void>;
  unlockPartner(): Promise<void>;
  requests(filter?: {
    endpoint?: string;
    method?: string;
    path?: string;
  }): Promise<SandboxRequestLog>;
  /** requests logged for one endpoint ("METHOD /template") */
  countRequests(endpoint: string): Promise<number>;
  clearRequests(): Promise<void>;
  deliveries(filter?: {
    eventType?: string;
    linkId?: string;
    customerId?: string;
  }): Promise<{ count: number; deliveries: Array<Record<string, unknown>> }>;
  /** distinct signed events to `url`, delivered and retried like a session's */
  burst(options: {
    url: string;
    count: number;
    concurrency?: number;
    eventType?: string;
    contentType?: 'application/json' | 'application/xml';
  }): Promise<{ customerId: string; count: number }>;
  deliverySummary(customerId?: string): Promise<SandboxDeliverySummary>;
  completeSession(
    link: string,
    options?: {
      profile?: string;
      password?: string;
      institutionId?: number;
      mfaAnswers?: string[];
    },
  ): Promise<SandboxSessionResult>;
  cancelSession(link: string): Promise<SandboxSessionResult>;
  failSession(
    link: string,
    options?: { code?: number; institutionId?: number },
  ): Promise<SandboxSessionResult>;
  setAggregationStatus(
    institutionLoginId: string | number,
    aggregationStatusCode: number,
  ): Promise<{ accounts: Array<Record<string, unknown>> }>;
  mailbox(): Promise<{ count: number; messages: Array<Record<string, unknown>> }>;
  /** the sandbox's record of a generated link (by id = signature, or by its URL) */
  link(idOrUrl: string): Promise<Record<string, unknown>>;
  /** demo ids and partner state */
  info(): Promise<{
    demo: { customerId: string; consumerId: string };
    partner: { partnerId: string; locked: boolean; failedAttempts: number };
  }>;
}

export function createSandboxControl(controlUrl: string): SandboxControl {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new SandboxControlError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    reset: () => call('POST', '/reset'),
    advanceClock: (duration) =>
      call(
        'POST',
        '/clock/advance',
        typeof duration === 'number' ? { ms: duration } : { duration },
      ),
    addFault: (fault) => call('POST', '/faults', fault),
    clearFaults: () => call('DELETE', '/faults'),
    expireTokens: () => call('POST', '/tokens/expire'),
    unlockPartner: () => call('POST', '/partner/unlock'),
    requests: (filter = {}) => call('GET', `/requests${query(filter)}`),
    countRequests: async (endpoint) =>
      (await call<SandboxRequestLog>('GET', `/requests${query({ endpoint })}`)).count,
    clearRequests: () => call('DELETE', '/requests'),
    deliveries: (filter = {}) => call('GET', `/deliveries${query(filter)}`),
    burst: (options) => call('POST', '/webhooks/burst', options),
    deliverySummary: (customerId) => call('GET', `/deliveries/summary${query({ customerId })}`),
    completeSession: (link, options = {}) =>
      call('POST', '/sessions/complete', { link, ...options }),
    cancelSession: (link) => call('POST', '/sessions/cancel', { link }),
    failSession: (link, options = {}) => call('POST', '/sessions/fail', { link, ...options }),
    setAggregationStatus: (institutionLoginId, aggregationStatusCode) =>
      call('POST', `/institution-logins/${institutionLoginId}/aggregation-status`, {
        aggregationStatusCode,
      }),
    mailbox: () => call('GET', '/mailbox'),
    link: (idOrUrl) => {
      const id = idOrUrl.includes('?')
        ? (new URL(idOrUrl).searchParams.get('signature') ?? idOrUrl)
        : idOrUrl;
      return call('GET', `/links/${encodeURIComponent(id)}`);
    },
    info: () => call('GET', '/'),
  };
}
