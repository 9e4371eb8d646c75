import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFromResponse,
  apiErrorWithoutAnswer,
  classifyFailure,
  connectSdkMessage,
  USER_MESSAGES,
} from './errors';

const fromResponse = (status: number, endpoint: string, code?: string, upstreamMessage?: string) =>
  apiErrorFromResponse({ status, endpoint, code, upstreamMessage });

describe('error mapping', () => {
  it.each([
    [401, undefined, 'auth'],
    [403, undefined, 'forbidden'],
    [404, '14001', 'not_found'],
    [409, '110002', 'conflict'],
    [400, '10010', 'validation'],
    [429, undefined, 'rate_limited'],
    [500, '103', 'unavailable'],
    [503, undefined, 'unavailable'],
    [408, '331', 'timeout'],
    [302, undefined, 'unexpected'],
  ] as const)('HTTP %i (code %s) is %s', (status, code, kind) => {
    expect(classifyFailure(status, code)).toBe(kind);
  });

  it('reads an unknown customer inside a Connect 400 as not found', () => {
    const error = fromResponse(
      400,
      'POST /connect/v2/generate',
      '10010',
      'Request failed with status code 404 GET /aggregation/v1/customers/1234',
    );
    expect(error.kind).toBe('not_found');
    expect(error.safeMessage).toBe(USER_MESSAGES.unknownCustomer);
    expect(error.code).toBe('10010');
  });

  it('names unknown consumers and institutions behind Connect', () => {
    expect(
      fromResponse(
        400,
        'POST /connect/v2/send/email',
        '10010',
        'Request failed with status code 404 GET /decisioning/v1/consumers/abc',
      ).safeMessage,
    ).toBe(USER_MESSAGES.unknownConsumer);
    expect(
      fromResponse(
        400,
        'POST /connect/v2/generate/lite',
        '10010',
        'Request failed with status code 404 GET /institution/v2/institutions/9',
      ).safeMessage,
    ).toBe(USER_MESSAGES.unknownInstitution);
  });

  it.each([
    [404, 'POST /connect/v2/generate/fix', '38007', 'not_found', USER_MESSAGES.fixNotPossible],
    [
      404,
      'GET /aggregation/v1/customers/{customerId}',
      '14001',
      'not_found',
      USER_MESSAGES.unknownCustomer,
    ],
    [
      409,
      'POST /aggregation/v2/customers/testing',
      '110002',
      'conflict',
      USER_MESSAGES.usernameTaken,
    ],
    [
      400,
      'POST /aggregation/v2/customers/testing',
      '110039',
      'validation',
      USER_MESSAGES.usernamePolicy,
    ],
    [
      409,
      'POST /decisioning/v1/customers/{customerId}/consumer',
      '11000',
      'conflict',
      USER_MESSAGES.consumerExists,
    ],
    [
      400,
      'POST /decisioning/v1/customers/{customerId}/consumer',
      '10100',
      'validation',
      USER_MESSAGES.consumerDetailsInvalid,
    ],
    [
      404,
      'GET /decisioning/v1/consumers/{consumerId}',
      '10100',
      'not_found',
      USER_MESSAGES.unknownConsumer,
    ],
    [
      404,
      'GET /institution/v2/institutions/{institutionId}',
      '14006',
      'not_found',
      USER_MESSAGES.unknownInstitution,
    ],
    [
      401,
      'POST /aggregation/v2/partners/authentication',
      '10001',
      'auth',
      USER_MESSAGES.authentication,
    ],
    [
      404,
      'POST /aggregation/v2/partners/authentication',
      '12401',
      'not_found',
      USER_MESSAGES.authentication,
    ],
    [
      401,
      'POST /aggregation/v2/customers/active',
      '10021',
      'auth',
      USER_MESSAGES.activeCustomerRefused,
    ],
    [401, 'GET /aggregation/v1/customers', '10023', 'auth', USER_MESSAGES.tokenRejected],
    [429, 'GET /institution/v2/institutions', '429', 'rate_limited', USER_MESSAGES.rateLimited],
    [503, 'GET /institution/v2/institutions', undefined, 'unavailable', USER_MESSAGES.unavailable],
    [403, 'GET /institution/v2/institutions', undefined, 'forbidden', USER_MESSAGES.forbidden],
  ] as const)('%i %s %s → %s', (status, endpoint, code, kind, message) => {
    const error = fromResponse(status, endpoint, code);
    expect(error.kind).toBe(kind);
    expect(error.safeMessage).toBe(message);
    expect(error.status).toBe(status);
  });

  it('explains a refused experience and a failed webhook ping', () => {
    expect(
      fromResponse(400, 'POST /connect/v2/generate', '10010', '"experience" must be a valid GUID')
        .safeMessage,
    ).toBe(USER_MESSAGES.invalidExperience);
    expect(
      fromResponse(
        400,
        'POST /connect/v2/generate',
        '10010',
        'Webhook ping to "http://x" failed: the endpoint answered 500',
      ).safeMessage,
    ).toBe(USER_MESSAGES.webhookUnreachable);
  });

  it('gives timeouts, network failures and unreadable answers their own kind', () => {
    expect(apiErrorWithoutAnswer('timeout', 'GET /x').safeMessage).toBe(USER_MESSAGES.timeout);
    expect(apiErrorWithoutAnswer('timeout', 'GET /x').status).toBeNull();
    expect(apiErrorWithoutAnswer('network', 'GET /x').safeMessage).toBe(USER_MESSAGES.network);
    const bad = apiErrorWithoutAnswer('bad_response', 'GET /x', { status: 200 });
    expect(bad.kind).toBe('bad_response');
    expect(bad.status).toBe(200);
    expect(bad.transient).toBe(false);
    expect(apiErrorWithoutAnswer('timeout', 'GET /x').transient).toBe(true);
  });

  it('never repeats upstream text in the safe message, and masks SSNs in what it keeps', () => {
    const error = fromResponse(400, 'POST /x', '10100', 'Invalid SSN 123-45-6789');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.safeMessage).not.toContain('123');
    expect(error.upstreamMessage).toBe('Invalid SSN ***-**-****');
    expect(error.message).toBe('POST /x failed: 400 10100 (validation)');
    expect(error.toLogFields()).toEqual({
      endpoint: 'POST /x',
      kind: 'validation',
      status: 400,
      code: '10100',
      upstreamMessage: 'Invalid SSN ***-**-****',
    });
  });

  it('has a sentence for every Connect SDK outcome', () => {
    expect(connectSdkMessage(1440)).toMatch(/timed out/);
    expect(connectSdkMessage(100)).toMatch(/left/);
    expect(connectSdkMessage(1403)).toMatch(/pop-ups/);
    expect(connectSdkMessage(500)).toMatch(/did not work/);
  });
});
