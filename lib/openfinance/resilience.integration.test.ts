import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from '@/scripts/test-support/capture-output';
import {
  AUTHENTICATION_ENDPOINT,
  createSandboxControl,
  type SandboxControl,
} from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { createOpenFinanceClient, type OpenFinanceClientDeps } from './client';
import type { OpenFinanceConfigInput } from './config';
import { ApiError, USER_MESSAGES } from './errors';
import { sendRequest, type Transport } from './transport';

// Faults injected through the sandbox control API: retries of reads, no retries of writes,
// timeouts, token expiry, refused credentials and the single-flight token. The sandbox runs as its
// own process; its request log is the witness of what the client actually sent.

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};
const WRONG_SECRET = 'WrongSecret2026xyz';
const WRONG_APP_KEY = '0000aaaa1111bbbb2222cccc3333dddd';
const DEMO_CUSTOMER_ID = '1005061234';
const DEMO_CONSUMER_ID = '0bf46322c167b562e6cbed9d40e19a4c';
const MINUTE = 60_000;

const GET_CUSTOMER = 'GET /aggregation/v1/customers/{customerId}';
const SEARCH = 'GET /institution/v2/institutions';
const AUTHENTICATE = 'POST /aggregation/v2/partners/authentication';
const GENERATE = 'POST /connect/v2/generate';
const SEND_EMAIL = 'POST /connect/v2/send/email';
const ADD_TESTING = 'POST /aggregation/v2/customers/testing';
const DELETE_LOGIN =
  'DELETE /aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}';

let sandbox: SandboxProcess;
let control: SandboxControl;
let output: OutputCapture;
const tokensSent = new Set<string>();

const observingTransport: Transport = (url, init) => {
  const token = init.headers['Finicity-App-Token'];
  if (token) tokensSent.add(token);
  return sendRequest(url, init);
};

function newClient(
  overrides: Partial<OpenFinanceConfigInput> = {},
  deps: OpenFinanceClientDeps = {},
) {
  return createOpenFinanceClient(
    {
      apiUrl: sandbox.url,
      ...DEMO,
      timeoutMs: 10_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    },
    { transport: observingTransport, ...deps },
  );
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected an ApiError, the call succeeded');
}

async function statuses(endpoint: string): Promise<Array<number | undefined>> {
  return (await control.requests({ endpoint })).requests.map((r) => r.status);
}

beforeAll(async () => {
  output = captureOutput();
  sandbox = await startSandboxProcess();
  control = createSandboxControl(sandbox.controlUrl);
});

afterAll(async () => {
  output?.stop();
  await sandbox?.stop();
});

beforeEach(async () => {
  await control.reset();
});

describe('idempotent GETs are retried with backoff', () => {
  it('recovers from 500s', async () => {
    const client = newClient();
    await control.addFault({ endpoint: GET_CUSTOMER, status: 500, times: 2 });
    const customer = await client.getCustomer(DEMO_CUSTOMER_ID);
    expect(customer.id).toBe(DEMO_CUSTOMER_ID);
    expect(await statuses(GET_CUSTOMER)).toEqual([500, 500, 200]);
  });

  it('recovers from a 429', async () => {
    const client = newClient();
    await control.addFault({ endpoint: SEARCH, status: 429, times: 1 });
    const page = await client.searchInstitutions({ search: 'finbank' });
    expect(page.institutions.length).toBeGreaterThan(0);
    expect(await statuses(SEARCH)).toEqual([429, 200]);
  });

  it('recovers from a dropped connection', async () => {
    const client = newClient();
    await control.addFault({ endpoint: GET_CUSTOMER, drop: true, times: 1 });
    expect((await client.getCustomer(DEMO_CUSTOMER_ID)).id).toBe(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(GET_CUSTOMER)).toBe(2);
  });

  it('gives up after the configured number of attempts with a clear error', async () => {
    const client = newClient();
    await control.addFault({ endpoint: GET_CUSTOMER, status: 503 });
    const error = await failure(client.getCustomer(DEMO_CUSTOMER_ID));
    expect(error).toMatchObject({
      kind: 'unavailable',
      status: 503,
      endpoint: GET_CUSTOMER,
      safeMessage: USER_MESSAGES.unavailable,
    });
    expect(await control.countRequests(GET_CUSTOMER)).toBe(3);

    await control.clearFaults();
    await control.clearRequests();
    await control.addFault({ endpoint: SEARCH, status: 429 });
    expect(await failure(client.searchInstitutions({}))).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      safeMessage: USER_MESSAGES.rateLimited,
    });
    expect(await control.countRequests(SEARCH)).toBe(3);
  });

  it('does not retry a GET that failed for good (404)', async () => {
    const client = newClient();
    await failure(client.getCustomer('999999999999'));
    expect(await control.countRequests(GET_CUSTOMER)).toBe(1);
  });
});

describe('POSTs and DELETEs are never retried automatically', () => {
  it('generate: one 500 is one request and one error', async () => {
    const client = newClient();
    await control.addFault({ endpoint: GENERATE, status: 500, times: 1 });
    const error = await failure(client.generateFullLink({ customerId: DEMO_CUSTOMER_ID }));
    expect(error).toMatchObject({ kind: 'unavailable', status: 500, endpoint: GENERATE });
    expect(await control.countRequests(GENERATE)).toBe(1);
    // the fault was single-use: the next, deliberate call succeeds
    await client.generateFullLink({ customerId: DEMO_CUSTOMER_ID });
    expect(await control.countRequests(GENERATE)).toBe(2);
  });

  it('send email: a 429 and a dropped connection are not retried, no email is sent', async () => {
    const client = newClient();
    const input = {
      customerId: DEMO_CUSTOMER_ID,
      consumerId: DEMO_CONSUMER_ID,
      email: { to: 'homer@example.com' },
    };
    await control.addFault({ endpoint: SEND_EMAIL, status: 429, times: 1 });
    expect(await failure(client.sendConnectEmail(input))).toMatchObject({
      kind: 'rate_limited',
      status: 429,
    });
    await control.addFault({ endpoint: SEND_EMAIL, drop: true, times: 1 });
    expect(await failure(client.sendConnectEmail(input))).toMatchObject({
      kind: 'network',
      status: null,
      safeMessage: USER_MESSAGES.network,
    });
    expect(await control.countRequests(SEND_EMAIL)).toBe(2);
    expect((await control.mailbox()).count).toBe(0);
  });

  it('add customer and delete login: one 503 each, one request each', async () => {
    const client = newClient();
    await control.addFault({ endpoint: ADD_TESTING, status: 503, times: 1 });
    await control.addFault({ endpoint: DELETE_LOGIN, status: 503, times: 1 });
    await failure(client.addTestingCustomer({ username: 'retry_never_01' }));
    await failure(client.deleteInstitutionLogin(DEMO_CUSTOMER_ID, '1007302745'));
    expect(await control.countRequests(ADD_TESTING)).toBe(1);
    expect(await control.countRequests(DELETE_LOGIN)).toBe(1);
  });
});

describe('timeouts', () => {
  it('turn into ApiError kind timeout', async () => {
    const client = newClient({ timeoutMs: 250, retry: { attempts: 1 } });
    await control.addFault({ endpoint: SEARCH, latencyMs: 2_000, times: 1 });
    const error = await failure(client.searchInstitutions({ search: 'finbank' }));
    expect(error).toMatchObject({
      kind: 'timeout',
      status: null,
      endpoint: SEARCH,
      safeMessage: USER_MESSAGES.timeout,
    });
  });

  it('are retried on GETs', async () => {
    // generous: the retried request itself must answer within the timeout on a loaded machine
    const client = newClient({ timeoutMs: 1_500 });
    await client.authenticate();
    await control.addFault({ endpoint: SEARCH, latencyMs: 6_000, times: 1 });
    const page = await client.searchInstitutions({ search: 'finbank' });
    expect(page.institutions.length).toBeGreaterThan(0);
    expect(await control.countRequests(SEARCH)).toBe(2);
  });

  it('are not retried on POSTs', async () => {
    const client = newClient({ writeTimeoutMs: 250 });
    await client.authenticate();
    await control.addFault({ endpoint: GENERATE, latencyMs: 2_000, times: 1 });
    expect(await failure(client.generateFullLink({ customerId: DEMO_CUSTOMER_ID }))).toMatchObject({
      kind: 'timeout',
      endpoint: GENERATE,
    });
    expect(await control.countRequests(GENERATE)).toBe(1);
  });
});

describe('deadlines', () => {
  it('end a slow read within its budget across retries, with the clear message', async () => {
    // Each attempt alone could wait 10 s; the budget of the whole read is what ends it.
    const client = newClient({ timeoutMs: 10_000, readBudgetMs: 800 });
    await client.authenticate();
    await control.addFault({ endpoint: SEARCH, latencyMs: 3_000 });
    const error = await failure(client.searchInstitutions({ search: 'finbank' }));
    expect(error).toMatchObject({ kind: 'timeout', safeMessage: USER_MESSAGES.timeout });
    expect(error.upstreamMessage).toBe('no answer within 800 ms');
    expect(await control.countRequests(SEARCH)).toBe(1);
  });

  it('end a read whose authentication is slow within the same budget', async () => {
    const client = newClient({ timeoutMs: 10_000, readBudgetMs: 800 });
    await control.addFault({ endpoint: AUTHENTICATE, latencyMs: 3_000, times: 1 });
    const error = await failure(client.searchInstitutions({ search: 'finbank' }));
    expect(error).toMatchObject({ kind: 'timeout', safeMessage: USER_MESSAGES.timeout });
    expect(error.upstreamMessage).toBe('no token within the read budget of 800 ms');
    expect(await control.countRequests(SEARCH)).toBe(0);
  });

  it('give a write its own deadline, not the read timeout', async () => {
    const client = newClient({ timeoutMs: 200, writeTimeoutMs: 10_000 });
    await client.authenticate();
    await control.addFault({ endpoint: GENERATE, latencyMs: 600, times: 1 });
    const link = await client.generateFullLink({ customerId: DEMO_CUSTOMER_ID });
    expect(link.link).toMatch(/^http/);
    expect(await control.countRequests(GENERATE)).toBe(1);
  });

  it('end a write at the write deadline, sent once', async () => {
    const client = newClient({ timeoutMs: 10_000, writeTimeoutMs: 300 });
    await client.authenticate();
    await control.addFault({ endpoint: SEND_EMAIL, latencyMs: 2_000, times: 1 });
    const error = await failure(
      client.sendConnectEmail({
        customerId: DEMO_CUSTOMER_ID,
        consumerId: DEMO_CONSUMER_ID,
        email: { to: 'deadline@example.com' },
      }),
    );
    expect(error).toMatchObject({ kind: 'timeout', upstreamMessage: 'no answer within 300 ms' });
    expect(await control.countRequests(SEND_EMAIL)).toBe(1);
  });
});

describe('the token', () => {
  it('is fetched once by 50 concurrent calls with a cold cache', async () => {
    const client = newClient();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? client.getCustomer(DEMO_CUSTOMER_ID).then((c) => c.id)
          : client.searchInstitutions({ search: 'finbank', limit: 1 }).then((p) => p.found),
      ),
    );
    expect(results).toHaveLength(50);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);
  });

  it('is renewed exactly once when all tokens expire mid-run', async () => {
    const client = newClient();
    await client.getCustomer(DEMO_CUSTOMER_ID);
    await control.expireTokens();
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => client.getCustomer(DEMO_CUSTOMER_ID)),
      client.generateFullLink({ customerId: DEMO_CUSTOMER_ID }),
    ]);
    expect(results).toHaveLength(21);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(2);
    // the API did refuse the old token (401 10023) before the renewal
    expect(await statuses(GET_CUSTOMER)).toContain(401);
    // the refused POST was sent again once after renewal: one 401, one 200
    expect((await statuses(GENERATE)).sort()).toEqual([200, 401]);
  });

  it('is renewed once when the sandbox clock passes its 2 hours', async () => {
    const client = newClient();
    await client.getCustomer(DEMO_CUSTOMER_ID);
    await control.advanceClock('2h1m');
    await client.getCustomer(DEMO_CUSTOMER_ID);
    await client.getCustomer(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(2);
  });

  it('is renewed after 90 minutes, before the API refuses it', async () => {
    let offset = 0;
    const client = newClient({}, { now: () => Date.now() + offset });
    await client.getCustomer(DEMO_CUSTOMER_ID);
    offset = 89 * MINUTE;
    await client.getCustomer(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);
    offset = 91 * MINUTE;
    await client.getCustomer(DEMO_CUSTOMER_ID);
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(2);
    expect(await statuses(GET_CUSTOMER)).toEqual([200, 200, 200]);
  });

  it('is fetched again when the authentication endpoint had an outage (not a refusal)', async () => {
    const client = newClient();
    await control.addFault({ endpoint: AUTHENTICATION_ENDPOINT, status: 503, times: 1 });
    expect((await client.getCustomer(DEMO_CUSTOMER_ID)).id).toBe(DEMO_CUSTOMER_ID);
    expect(await statuses(AUTHENTICATION_ENDPOINT)).toEqual([503, 200]);
  });
});

describe('refused credentials are never retried', () => {
  it('a wrong secret costs exactly one authentication attempt, however many calls follow', async () => {
    const client = newClient({ partnerSecret: WRONG_SECRET });
    const first = await failure(client.getCustomer(DEMO_CUSTOMER_ID));
    expect(first).toMatchObject({
      kind: 'auth',
      status: 401,
      code: '10001',
      endpoint: AUTHENTICATION_ENDPOINT,
      safeMessage: USER_MESSAGES.authentication,
    });
    await failure(client.searchInstitutions({}));
    await failure(client.generateFullLink({ customerId: DEMO_CUSTOMER_ID }));
    const concurrent = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.getCustomer(DEMO_CUSTOMER_ID)),
    );
    expect(concurrent.every((r) => r.status === 'rejected')).toBe(true);

    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(1);
    expect((await control.requests()).count).toBe(1);
    const info = await control.info();
    expect(info.partner).toMatchObject({ failedAttempts: 1, locked: false });
    expect(client.getTokenCacheState()).toMatchObject({
      state: 'failed',
      lastError: { kind: 'auth', status: 401, code: '10001' },
    });
  });

  it('a wrong app key and an unknown partner: one attempt each', async () => {
    const badKey = newClient({ appKey: WRONG_APP_KEY });
    expect(await failure(badKey.getCustomer(DEMO_CUSTOMER_ID))).toMatchObject({
      kind: 'auth',
      code: '10021',
      safeMessage: USER_MESSAGES.authentication,
    });
    await failure(badKey.getCustomer(DEMO_CUSTOMER_ID));

    const unknownPartner = newClient({ partnerId: '9999999999999' });
    expect(await failure(unknownPartner.getCustomer(DEMO_CUSTOMER_ID))).toMatchObject({
      kind: 'not_found',
      status: 404,
      code: '12401',
      safeMessage: USER_MESSAGES.authentication,
    });
    await failure(unknownPartner.searchInstitutions({}));
    expect(await control.countRequests(AUTHENTICATION_ENDPOINT)).toBe(2);
  });
});

describe('answers the sandbox cannot produce', () => {
  // A scripted upstream for bodies no well-behaved server sends: garbage on 200, a wrong shape,
  // text/plain errors. It stands in for Mastercard, not for any of our code.
  let odd: Server;
  let oddUrl: string;
  let tokenCalls = 0;
  let refusedOnce = false;
  let eightCalls = 0;
  let connections = 0;

  beforeAll(async () => {
    odd = createServer((req, res) => {
      const path = req.url ?? '';
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      };
      if (path === '/aggregation/v2/partners/authentication') {
        tokenCalls += 1;
        return send(200, 'application/json', JSON.stringify({ token: `odd-token-${tokenCalls}` }));
      }
      if (path === '/institution/v2/institutions/1') return send(200, 'text/html', '<html>oops');
      if (path === '/institution/v2/institutions/2') {
        return send(200, 'application/json', '{"institution":{"name":"no id"}}');
      }
      if (path === '/institution/v2/institutions/3') {
        return send(401, 'text/plain', 'Invalid credentials. Check your Finicity-App-Token.');
      }
      if (path === '/institution/v2/institutions/4') {
        if (!refusedOnce) {
          refusedOnce = true;
          return send(401, 'text/plain', '10022 Invalid (Finicity-App-Token)');
        }
        return send(200, 'application/json', '{"institution":{"id":4,"name":"Four"}}');
      }
      if (path === '/institution/v2/institutions/6') {
        res.writeHead(302, { Location: `${oddUrl}/institution/v2/institutions/8` });
        return res.end();
      }
      if (path === '/institution/v2/institutions/7') {
        // Headers and half a body, then nothing: the timeout must cover the body too.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.write('{"institution":{"id":7,');
      }
      if (path === '/institution/v2/institutions/8') {
        eightCalls += 1;
        return send(200, 'application/json', '{"institution":{"id":8,"name":"Eight"}}');
      }
      if (path === '/institution/v2/institutions/5') {
        return send(
          404,
          'application/json',
          '{"Errors":{"Error":[{"ReasonCode":"14006","Description":"Institution not found."}]}}',
        );
      }
      return send(404, 'application/json', '{"code":404,"message":"not here"}');
    });
    odd.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    odd.closeAllConnections();
    await new Promise<void>((resolve) => odd.close(() => resolve()));
  });

  it('an unparsable or wrongly shaped 200 is a bad_response, not retried', async () => {
    const client = newClient({ apiUrl: oddUrl });
    expect(await failure(client.getInstitution(1))).toMatchObject({
      kind: 'bad_response',
      status: 200,
      safeMessage: USER_MESSAGES.badResponse,
    });
    const shape = await failure(client.getInstitution(2));
    expect(shape).toMatchObject({ kind: 'bad_response', status: 200 });
    expect(shape.upstreamMessage).toContain('institution.id');
  });

  it('a text/plain token error is read, and renews the token once', async () => {
    const client = newClient({ apiUrl: oddUrl });
    const before = tokenCalls;
    expect(await client.getInstitution(4)).toMatchObject({ id: 4, name: 'Four' });
    expect(tokenCalls - before).toBe(2);
    const plain = await failure(client.getInstitution(3));
    expect(plain).toMatchObject({ kind: 'auth', status: 401, code: undefined });
    expect(plain.upstreamMessage).toContain('Invalid credentials');
  });

  it('an ErrorWrapper body gives its code', async () => {
    const client = newClient({ apiUrl: oddUrl });
    expect(await failure(client.getInstitution(5))).toMatchObject({
      kind: 'not_found',
      code: '14006',
      safeMessage: USER_MESSAGES.unknownInstitution,
    });
  });

  it('a redirect is refused, not followed: the token never goes to another address', async () => {
    const client = newClient({ apiUrl: oddUrl, retry: { attempts: 1 } });
    const error = await failure(client.getInstitution(6));
    expect(error).toMatchObject({ kind: 'network', status: null });
    expect(error.upstreamMessage).toContain('redirect refused (302)');
    expect(eightCalls).toBe(0);
  });

  it('a body that stops arriving is a timeout, not a wait', async () => {
    const client = newClient({ apiUrl: oddUrl, timeoutMs: 300, retry: { attempts: 1 } });
    expect(await failure(client.getInstitution(7))).toMatchObject({
      kind: 'timeout',
      safeMessage: USER_MESSAGES.timeout,
    });
  });

  it('keeps its connection open between calls', async () => {
    const client = newClient({ apiUrl: oddUrl });
    await client.authenticate();
    const before = connections;
    for (let i = 0; i < 5; i += 1) {
      expect(await client.getInstitution(8)).toMatchObject({ id: 8, name: 'Eight' });
    }
    expect(eightCalls).toBe(5);
    expect(connections - before).toBe(0);
  });

  it('a host that does not answer at all is a network error after the retries', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const client = newClient({ apiUrl: `http://127.0.0.1:${closed}` });
    expect(await failure(client.getCustomer(DEMO_CUSTOMER_ID))).toMatchObject({
      kind: 'network',
      status: null,
      endpoint: AUTHENTICATION_ENDPOINT,
    });
  });
});

describe('secrets', () => {
  it('never logged the partner secrets, app keys, or any token', () => {
    const logged = output.text();
    expect(logged).toContain('"msg":"openfinance request failed"');
    expect(tokensSent.size).toBeGreaterThan(0);
    for (const secret of [
      DEMO.partnerSecret,
      DEMO.appKey,
      WRONG_SECRET,
      WRONG_APP_KEY,
      ...tokensSent,
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});
