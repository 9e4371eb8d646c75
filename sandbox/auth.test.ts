import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_KEY,
  PARTNER_ID,
  PARTNER_SECRET,
  startTestSandbox,
  type TestSandbox,
} from './test-helpers';

const AUTH = '/aggregation/v2/partners/authentication';
let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.control('POST', '/reset');
  t.dropToken();
});

const authenticate = (body: unknown, appKey: string | null = APP_KEY) =>
  t.request('POST', AUTH, { body, headers: appKey === null ? {} : { 'Finicity-App-Key': appKey } });

describe('partner authentication', () => {
  it('issues a token for the demo credentials', async () => {
    const res = await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
  });

  it('answers the documented errors', async () => {
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET }, null)).body,
    ).toEqual({
      code: 10026,
      message: 'Missing parameter (Finicity-App-Key)',
    });
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET }, 'wrongkey123'))
        .status,
    ).toBe(401);
    const noId = await authenticate({ partnerSecret: PARTNER_SECRET });
    expect(noId.status).toBe(400);
    expect(noId.body).toEqual({ code: 10005, message: 'Missing parameter (partnerId)' });
    const wrong = await authenticate({ partnerId: PARTNER_ID, partnerSecret: 'NotTheSecret123' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 10001, message: 'Invalid credentials' });
    const unknown = await authenticate({ partnerId: '1234', partnerSecret: PARTNER_SECRET });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 12401, message: 'partner not found' });
    expect(unknown.body.Errors.Error[0].ReasonCode).toBe('12401');
  });

  it('answers malformed JSON with a 400 error body, not a stack trace', async () => {
    const res = await t.request('POST', AUTH, {
      rawBody: '{"partnerId": ',
      headers: { 'Finicity-App-Key': APP_KEY, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 14020, message: 'Bad request.' });
  });

  it('locks the partner after 5 failed attempts until reset', async () => {
    for (let i = 0; i < 4; i++) {
      expect(
        (await authenticate({ partnerId: PARTNER_ID, partnerSecret: `WrongSecret${i}x` })).status,
      ).toBe(401);
    }
    // a success before the fifth failure clears the count
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET })).status,
    ).toBe(200);
    for (let i = 0; i < 5; i++) {
      const res = await authenticate({ partnerId: PARTNER_ID, partnerSecret: `WrongSecret${i}x` });
      expect(res.body.code).toBe(10001);
    }
    const locked = await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET });
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe(10021);
    expect(locked.body.message).toBe('You are not authorized.');
    await t.control('POST', '/reset');
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET })).status,
    ).toBe(200);
  });

  it('rotates the secret with PUT (immediately by default, or with a 30-day grace)', async () => {
    const put = (body: unknown) =>
      t.request('PUT', AUTH, { body, headers: { 'Finicity-App-Key': APP_KEY } });
    const updated = `${PARTNER_SECRET}_updated`;
    const res = await put({
      partnerId: PARTNER_ID,
      partnerSecret: PARTNER_SECRET,
      newPartnerSecret: updated,
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: PARTNER_SECRET })).body.code,
    ).toBe(10001);
    expect((await authenticate({ partnerId: PARTNER_ID, partnerSecret: updated })).status).toBe(
      200,
    );
    const bad = await put({
      partnerId: PARTNER_ID,
      partnerSecret: updated,
      newPartnerSecret: 'short1',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 24437, message: 'New password is not as per policy' });
    const noDigit = await put({
      partnerId: PARTNER_ID,
      partnerSecret: updated,
      newPartnerSecret: 'OnlyLettersHere',
    });
    expect(noDigit.body.code).toBe(24437);
    const graceful = await put({
      partnerId: PARTNER_ID,
      partnerSecret: updated,
      newPartnerSecret: 'ThirdSecret2026',
      immediate: false,
    });
    expect(graceful.status).toBe(204);
    expect((await authenticate({ partnerId: PARTNER_ID, partnerSecret: updated })).status).toBe(
      200,
    );
    await t.control('POST', '/clock/advance', { duration: '31d' });
    expect((await authenticate({ partnerId: PARTNER_ID, partnerSecret: updated })).status).toBe(
      401,
    );
    expect(
      (await authenticate({ partnerId: PARTNER_ID, partnerSecret: 'ThirdSecret2026' })).status,
    ).toBe(200);
  });
});

describe('token checks', () => {
  const customers = '/aggregation/v1/customers';

  it('refuses a missing or invalid token and a missing app key', async () => {
    const token = await t.token();
    const noToken = await t.request('GET', customers, { headers: { 'Finicity-App-Key': APP_KEY } });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({
      code: 10024,
      message: 'Missing parameter (Finicity-App-Token)',
    });
    const badToken = await t.request('GET', customers, {
      headers: { 'Finicity-App-Key': APP_KEY, 'Finicity-App-Token': 'notAToken' },
    });
    expect(badToken.body).toEqual({ code: 10022, message: 'Invalid (Finicity-App-Token)' });
    const noKey = await t.request('GET', customers, { headers: { 'Finicity-App-Token': token } });
    expect(noKey.body).toEqual({ code: 10026, message: 'Missing parameter (Finicity-App-Key)' });
  });

  it('expires tokens after 2 hours on the sandbox clock', async () => {
    await t.token();
    expect((await t.api('GET', customers)).status).toBe(200);
    await t.control('POST', '/clock/advance', { duration: '1h59m' });
    expect((await t.api('GET', customers)).status).toBe(200);
    await t.control('POST', '/clock/advance', { duration: '1m' });
    const expired = await t.api('GET', customers);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 10023, message: 'Expired (Finicity-App-Token)' });
  });
});
