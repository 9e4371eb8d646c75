// The control API (/__sandbox/…) for tests and demos. Refused (404) when SANDBOX_CONTROL_API=false,
// except /__sandbox/health which start scripts poll.
import { randomBytes } from 'node:crypto';
import { parseDuration } from './clock';
import type { SandboxContext } from './context';
import { apiError, json, jsonBody, type Req, type Res, type Router } from './http';
import {
  cancelSession,
  completeSession,
  failSession,
  findLink,
  SessionError,
  setAggregationStatus,
} from './sessions';
import { DEMO_CONSUMER_ID, DEMO_CUSTOMER_ID } from './store';
import type { DeliveryTarget } from './webhooks';
import { accountToWire } from './wire';

export interface Fault {
  id: number;
  /** "METHOD /template" as in the request log, or "*" for every API endpoint */
  endpoint: string;
  latencyMs?: number;
  /** answer with this status (5xx or 429) and an error body */
  status?: number;
  /** destroy the connection without an answer */
  drop?: boolean;
  /** how many requests it applies to; unlimited when absent */
  remaining?: number;
}

export interface RequestLogEntry {
  seq: number;
  /** sandbox-clock epoch ms */
  at: number;
  method: string;
  path: string;
  endpoint: string;
  status?: number;
}

export interface ControlState {
  faults: Fault[];
  requests: RequestLogEntry[];
  nextFaultId: number;
  nextSeq: number;
}

export function createControlState(): ControlState {
  return { faults: [], requests: [], nextFaultId: 1, nextSeq: 1 };
}

/** Faults that apply to this endpoint (consumes one use of each). */
export function takeFaults(control: ControlState, endpoint: string): Fault[] {
  const hits = control.faults.filter((f) => f.endpoint === '*' || f.endpoint === endpoint);
  for (const fault of hits) {
    if (fault.remaining !== undefined) fault.remaining -= 1;
  }
  control.faults = control.faults.filter((f) => f.remaining === undefined || f.remaining > 0);
  return hits;
}

const MAX_LOG = 10_000;

export function logRequest(
  control: ControlState,
  entry: Omit<RequestLogEntry, 'seq'>,
): RequestLogEntry {
  const full = { seq: control.nextSeq++, ...entry };
  control.requests.push(full);
  if (control.requests.length > MAX_LOG)
    control.requests.splice(0, control.requests.length - MAX_LOG);
  return full;
}

export interface ControlHooks {
  reset(): void;
}

function linkFromBody(ctx: SandboxContext, body: Record<string, unknown>) {
  const ref =
    typeof body.link === 'string'
      ? body.link
      : typeof body.linkId === 'string'
        ? body.linkId
        : undefined;
  if (!ref) return { error: apiError(400, 10005, 'Missing parameter (link)') };
  const link = findLink(ctx, ref);
  if (!link) return { error: apiError(404, 14001, 'Link not found.') };
  return { link };
}

function sessionFailure(error: unknown): Res {
  if (error instanceof SessionError) {
    const status = error.reason === 'expired' || error.reason === 'used' ? 410 : 409;
    return json(status, { code: error.reason, message: error.message });
  }
  throw error;
}

export function registerControl(
  router: Router,
  ctx: SandboxContext,
  control: ControlState,
  hooks: ControlHooks,
): void {
  const add = (method: string, path: string, handler: (req: Req) => Res | Promise<Res>) =>
    router.add(method, `/__sandbox${path}`, handler, { group: 'control' });

  add('GET', '/health', () => json(200, { ok: true }));

  add('GET', '', () =>
    json(200, {
      demo: { customerId: DEMO_CUSTOMER_ID, consumerId: DEMO_CONSUMER_ID },
      partner: {
        partnerId: ctx.store.state.partner.id,
        locked: ctx.store.state.partner.locked,
        failedAttempts: ctx.store.state.partner.failedAttempts,
      },
      now: ctx.clock.now(),
      endpoints: router.routes
        .filter((r) => r.group === 'api')
        .map((r) => `${r.method} ${r.template}`),
    }),
  );

  add('POST', '/reset', () => {
    hooks.reset();
    return json(200, { ok: true });
  });

  add('POST', '/partner/unlock', () => {
    ctx.store.state.partner.locked = false;
    ctx.store.state.partner.failedAttempts = 0;
    ctx.store.save();
    return json(200, { ok: true });
  });

  const clockBody = () => ({
    now: ctx.clock.now(),
    iso: new Date(ctx.clock.now()).toISOString(),
    offsetMs: ctx.clock.offset(),
  });
  add('GET', '/clock', () => json(200, clockBody()));
  add('POST', '/clock/advance', (req) => {
    const body = jsonBody(req);
    const ms = parseDuration(body.ms ?? body.duration);
    if (ms === undefined)
      return apiError(400, 10010, 'Give "ms" (number) or "duration" such as "90m", "2h", "3d".');
    ctx.clock.advance(ms);
    return json(200, clockBody());
  });

  // A slow OAuth institution: with the SDK in an iframe, Connect sends `url` this long (sandbox
  // clock) after "Continue to …", from a poll, so the partner opens the window with no click.
  add('GET', '/oauth-delay', () => json(200, { ms: ctx.store.state.oauthUrlDelayMs ?? 0 }));
  add('POST', '/oauth-delay', (req) => {
    const body = jsonBody(req);
    const ms = parseDuration(body.ms ?? body.duration);
    if (ms === undefined) {
      return apiError(400, 10010, 'Give "ms" (number) or "duration" such as "6s"; 0 turns it off.');
    }
    if (ms > 0) ctx.store.state.oauthUrlDelayMs = ms;
    else delete ctx.store.state.oauthUrlDelayMs;
    ctx.store.save();
    return json(200, { ms });
  });

  add('GET', '/faults', () => json(200, { faults: control.faults }));
  add('POST', '/faults', (req) => {
    const body = jsonBody(req);
    if (typeof body.endpoint !== 'string' || body.endpoint === '') {
      return apiError(
        400,
        10005,
        'Missing parameter (endpoint), e.g. "POST /aggregation/v2/partners/authentication" or "*"',
      );
    }
    const fault: Fault = { id: control.nextFaultId++, endpoint: body.endpoint };
    if (body.latencyMs !== undefined) {
      const ms = parseDuration(body.latencyMs);
      if (ms === undefined) return apiError(400, 10010, '"latencyMs" must be a duration');
      fault.latencyMs = ms;
    }
    if (body.status !== undefined) {
      if (
        typeof body.status !== 'number' ||
        !(body.status === 429 || (body.status >= 500 && body.status <= 599))
      ) {
        return apiError(400, 10010, '"status" must be 429 or 5xx');
      }
      fault.status = body.status;
    }
    if (body.drop !== undefined) fault.drop = body.drop === true;
    if (body.times !== undefined) {
      if (typeof body.times !== 'number' || !Number.isInteger(body.times) || body.times < 1) {
        return apiError(400, 10010, '"times" must be a positive integer');
      }
      fault.remaining = body.times;
    }
    if (fault.latencyMs === undefined && fault.status === undefined && !fault.drop) {
      return apiError(400, 10010, 'A fault needs "latencyMs", "status" or "drop"');
    }
    control.faults.push(fault);
    return json(201, fault);
  });
  add('DELETE', '/faults', () => {
    control.faults = [];
    return json(200, { ok: true });
  });

  add('POST', '/tokens/expire', () => {
    const now = ctx.clock.now();
    const tokens = ctx.store.state.tokens;
    for (const record of Object.values(tokens)) record.expiresAt = Math.min(record.expiresAt, now);
    ctx.store.save();
    return json(200, { expired: Object.keys(tokens).length });
  });

  add('GET', '/requests', (req) => {
    const endpoint = req.query.get('endpoint');
    const method = req.query.get('method');
    const path = req.query.get('path');
    const list = control.requests.filter(
      (r) =>
        (!endpoint || r.endpoint === endpoint) &&
        (!method || r.method === method) &&
        (!path || r.path === path),
    );
    const byEndpoint: Record<string, number> = {};
    for (const r of list) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
    return json(200, { count: list.length, byEndpoint, requests: list });
  });
  add('DELETE', '/requests', () => {
    control.requests = [];
    return json(200, { ok: true });
  });

  add('GET', '/deliveries', (req) => {
    const eventType = req.query.get('eventType');
    const linkId = req.query.get('linkId');
    const customerId = req.query.get('customerId');
    const list = ctx.store.state.deliveries.filter(
      (d) =>
        (!eventType || d.eventType === eventType) &&
        (!linkId || d.linkId === linkId) &&
        (!customerId || d.customerId === customerId),
    );
    return json(200, { count: list.length, deliveries: list });
  });

  // A load of distinct signed events to any URL, delivered (and retried) like a session's, for
  // crash and load tests of a receiver.
  add('POST', '/webhooks/burst', (req) => {
    const body = jsonBody(req);
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) {
      return apiError(400, 10005, 'Missing parameter (url), e.g. "http://127.0.0.1:3000/hook"');
    }
    const count = body.count ?? 100;
    const concurrency = body.concurrency ?? 8;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 4000) {
      return apiError(400, 10010, '"count" must be an integer from 1 to 4000');
    }
    if (
      typeof concurrency !== 'number' ||
      !Number.isInteger(concurrency) ||
      concurrency < 1 ||
      concurrency > 64
    ) {
      return apiError(400, 10010, '"concurrency" must be an integer from 1 to 64');
    }
    const eventType = typeof body.eventType === 'string' ? body.eventType : 'added';
    const contentType =
      body.contentType === 'application/xml' ? 'application/xml' : 'application/json';
    const customerId = `burst-${randomBytes(6).toString('hex')}`;
    const target: DeliveryTarget = {
      id: customerId,
      customerId,
      webhook: body.url,
      webhookContentType: contentType,
      webhookData: { burst: customerId },
    };
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        await ctx.webhooks.send(target, eventType, {
          institutionId: '101732',
          accounts: [
            {
              id: String(6_000_000_000 + index),
              number: 'xxxx4321',
              name: 'Checking',
              type: 'checking',
              status: 'active',
              balance: 1234.56,
              institutionId: '101732',
            },
          ],
        });
      }
    };
    void Promise.all(Array.from({ length: concurrency }, worker));
    return json(202, { customerId, count, concurrency });
  });
  // Counts only, so a test can follow a burst without fetching every body.
  add('GET', '/deliveries/summary', (req) => {
    const customerId = req.query.get('customerId');
    const list = ctx.store.state.deliveries.filter(
      (d) => !customerId || d.customerId === customerId,
    );
    const now = ctx.clock.now();
    const summary = {
      count: list.length,
      delivered: 0,
      pending: 0,
      failed: 0,
      attempts: 0,
      okAttempts: 0,
      unattempted: 0,
      /** pending deliveries whose next attempt is due: being made now, or about to be */
      due: 0,
      /** deliveries with an attempt being made now */
      attempting: 0,
    };
    for (const d of list) {
      summary[d.state] += 1;
      summary.attempts += d.attempts.length;
      summary.okAttempts += d.attempts.filter((a) => a.ok).length;
      if (d.attempts.length === 0) summary.unattempted += 1;
      if (d.state === 'pending' && d.nextAttemptAt !== undefined && d.nextAttemptAt <= now) {
        summary.due += 1;
      }
      if (ctx.webhooks.attempting(d.id)) summary.attempting += 1;
    }
    return json(200, summary);
  });

  add('GET', '/links', (req) => {
    const customerId = req.query.get('customerId');
    const list = Object.values(ctx.store.state.links).filter(
      (l) => !customerId || l.customerId === customerId,
    );
    return json(200, { count: list.length, links: list });
  });
  add('GET', '/links/{linkId}', (req) => {
    const link = findLink(ctx, req.params.linkId ?? '');
    return link ? json(200, link) : apiError(404, 14001, 'Link not found.');
  });

  add('POST', '/sessions/complete', async (req) => {
    const body = jsonBody(req);
    const found = linkFromBody(ctx, body);
    if (!found.link) return found.error;
    try {
      const result = await completeSession(ctx, found.link, {
        profile: typeof body.profile === 'string' ? body.profile : undefined,
        password: typeof body.password === 'string' ? body.password : undefined,
        institutionId: typeof body.institutionId === 'number' ? body.institutionId : undefined,
        mfaAnswers: Array.isArray(body.mfaAnswers) ? body.mfaAnswers.map(String) : undefined,
      });
      return json(200, {
        linkId: result.link.id,
        status: result.link.status,
        institutionLoginId: result.institutionLoginId,
        accounts: result.accounts.map(accountToWire),
        events: result.events,
      });
    } catch (error) {
      return sessionFailure(error);
    }
  });

  add('POST', '/sessions/cancel', (req) => {
    const body = jsonBody(req);
    const found = linkFromBody(ctx, body);
    if (!found.link) return found.error;
    cancelSession(ctx, found.link);
    return json(200, { linkId: found.link.id, status: found.link.status, events: [] });
  });

  add('POST', '/sessions/fail', async (req) => {
    const body = jsonBody(req);
    const found = linkFromBody(ctx, body);
    if (!found.link) return found.error;
    const before = found.link.events.length;
    try {
      await failSession(ctx, found.link, {
        code: typeof body.code === 'number' ? body.code : undefined,
        institutionId: typeof body.institutionId === 'number' ? body.institutionId : undefined,
      });
    } catch (error) {
      return sessionFailure(error);
    }
    return json(200, {
      linkId: found.link.id,
      status: found.link.status,
      events: found.link.events.slice(before),
    });
  });

  add('POST', '/institution-logins/{institutionLoginId}/aggregation-status', async (req) => {
    const body = jsonBody(req);
    const code = body.aggregationStatusCode;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0) {
      return apiError(400, 10010, '"aggregationStatusCode" must be a non-negative integer');
    }
    const id = Number(req.params.institutionLoginId);
    const accounts = setAggregationStatus(ctx, id, code);
    if (accounts.length === 0)
      return apiError(
        404,
        38007,
        `No accounts for institutionLoginId = (${req.params.institutionLoginId})`,
      );
    return json(200, { accounts: accounts.map(accountToWire) });
  });

  add('GET', '/mailbox', () =>
    json(200, { count: ctx.store.state.mailbox.length, messages: ctx.store.state.mailbox }),
  );
  add('GET', '/mailbox/{messageId}', (req) => {
    const message = ctx.store.state.mailbox.find((m) => m.id === req.params.messageId);
    return message ? json(200, message) : apiError(404, 14001, 'Message not found.');
  });
}
