import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER_ID, DEMO_CUSTOMER_ID } from './store';
import { startTestSandbox, type TestSandbox } from './test-helpers';

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

const newConsumer = {
  firstName: 'Homer',
  lastName: 'Loanseeke',
  address: '434 W Ascension Way',
  city: 'Murray',
  state: 'UT',
  zip: '84123',
  phone: '6786786786',
  ssn: '999601111',
  email: 'finicity@test.com',
  birthday: { year: 1970, month: 7, dayOfMonth: 4 },
};

describe('customers', () => {
  it('adds a testing customer, gets, lists, modifies and deletes it', async () => {
    const created = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: 'customer_abcDEFghij',
      firstName: 'John_abc',
      lastName: 'Smith_def',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      username: 'customer_abcDEFghij',
      createdDate: expect.any(Number),
    });
    const id = created.body.id as string;

    const got = await t.api('GET', `/aggregation/v1/customers/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id,
      username: 'customer_abcDEFghij',
      type: 'testing',
      firstName: 'John_abc',
    });
    expect(typeof got.body.createdDate).toBe('string');

    expect(
      (
        await t.api('PUT', `/aggregation/v1/customers/${id}`, {
          firstName: 'Jane',
          lastName: 'Doe',
        })
      ).status,
    ).toBe(204);
    expect((await t.api('GET', `/aggregation/v1/customers/${id}`)).body.firstName).toBe('Jane');

    const byName = await t.api('GET', '/aggregation/v1/customers?username=customer_abcDEFghij');
    expect(byName.body).toMatchObject({ found: 1, displaying: 1, moreAvailable: false });
    const bySearch = await t.api('GET', '/aggregation/v1/customers?search=jane%20doe');
    expect(bySearch.body.customers.map((c: { id: string }) => c.id)).toEqual([id]);
    const unknown = await t.api('GET', '/aggregation/v1/customers?username=1234');
    expect(unknown.body).toEqual({ found: 0, displaying: 0, moreAvailable: false, customers: [] });

    expect((await t.api('DELETE', `/aggregation/v1/customers/${id}`)).status).toBe(204);
    const gone = await t.api('GET', `/aggregation/v1/customers/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 14001, message: 'Customer not found.' });
  });

  it('pages with a 1-based record index and validates start/limit', async () => {
    for (let i = 0; i < 4; i++) {
      await t.api('POST', '/aggregation/v2/customers/testing', { username: `paging_user_${i}` });
    }
    const all = await t.api('GET', '/aggregation/v1/customers?type=testing');
    expect(all.body.found).toBe(5); // 4 + the seeded demo customer
    const page = await t.api('GET', '/aggregation/v1/customers?start=2&limit=2');
    expect(page.body).toMatchObject({ found: 5, displaying: 2, moreAvailable: true });
    expect(page.body.customers[0].id).toBe(all.body.customers[1].id);
    expect((await t.api('GET', '/aggregation/v1/customers?start=0')).body).toEqual({
      code: 41003,
      message: 'Start index cannot be less than one.',
    });
    expect((await t.api('GET', '/aggregation/v1/customers?limit=0')).body.code).toBe(41004);
    expect((await t.api('GET', '/aggregation/v1/customers?type=active')).body.found).toBe(0);
  });

  it('enforces username rules and uniqueness, and refuses active customers', async () => {
    const short = await t.api('POST', '/aggregation/v2/customers/testing', { username: 'abc' });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ code: 110039, message: 'Username is not as per the policy.' });
    expect(
      (await t.api('POST', '/aggregation/v2/customers/testing', { username: 'has space' })).body
        .code,
    ).toBe(110039);
    expect((await t.api('POST', '/aggregation/v2/customers/testing', {})).body).toEqual({
      code: 10005,
      message: 'Missing parameter (username)',
    });
    const badName = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: 'valid_user1',
      firstName: '<b>',
    });
    expect(badName.body).toEqual({ code: 45003, message: 'Invalid character in name fields.' });
    expect(
      (await t.api('POST', '/aggregation/v2/customers/testing', { username: 'taken_user' })).status,
    ).toBe(201);
    const taken = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: 'taken_user',
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ code: 110002, message: 'Username is not available.' });
    expect(
      (await t.api('POST', '/aggregation/v2/customers/active', { username: 'billable_user' }))
        .status,
    ).toBe(401);
  });

  it('answers 14001 for unknown customers and 50051 without an application', async () => {
    expect((await t.api('DELETE', '/aggregation/v1/customers/1234')).body).toEqual({
      code: 14001,
      message: 'Customer not found.',
    });
    expect((await t.api('PUT', '/aggregation/v1/customers/1234', { firstName: 'x' })).status).toBe(
      404,
    );
    const app = await t.api('GET', `/aggregation/v1/customers/${DEMO_CUSTOMER_ID}/application`);
    expect(app.status).toBe(404);
    expect(app.body).toEqual({ code: 50051, message: 'No registered partner applications found.' });
  });
});

describe('consumers', () => {
  it('creates, reads and modifies a consumer', async () => {
    const customer = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: 'consumer_owner',
    });
    const created = await t.api(
      'POST',
      `/decisioning/v1/customers/${customer.body.id}/consumer`,
      newConsumer,
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      createdDate: expect.any(Number),
      customerId: Number(customer.body.id),
    });
    const byId = await t.api('GET', `/decisioning/v1/consumers/${created.body.id}`);
    expect(byId.body).toMatchObject({
      id: created.body.id,
      ssn: '1111',
      state: 'UT',
      birthday: { year: 1970 },
    });
    const forCustomer = await t.api(
      'GET',
      `/decisioning/v1/customers/${customer.body.id}/consumer`,
    );
    expect(forCustomer.body.id).toBe(created.body.id);
    expect(
      (
        await t.api('PUT', `/decisioning/v1/consumers/${created.body.id}`, {
          firstName: 'New first name',
        })
      ).status,
    ).toBe(204);
    expect(
      (await t.api('GET', `/decisioning/v1/consumers/${created.body.id}`)).body.firstName,
    ).toBe('New first name');
  });

  it('answers the documented consumer errors', async () => {
    const exists = await t.api(
      'POST',
      `/decisioning/v1/customers/${DEMO_CUSTOMER_ID}/consumer`,
      newConsumer,
    );
    expect(exists.status).toBe(409);
    expect(exists.body).toEqual({
      code: 11000,
      message: `A consumer already exists for customer ${DEMO_CUSTOMER_ID}`,
    });
    expect((await t.api('GET', '/decisioning/v1/consumers/1234')).body).toEqual({
      code: 10100,
      message: 'Cannot find consumer with id 1234.',
    });
    expect(
      (await t.api('PUT', '/decisioning/v1/consumers/1234', { firstName: 'x' })).body.code,
    ).toBe(10100);
    expect((await t.api('GET', '/decisioning/v1/customers/1234/consumer')).body).toEqual({
      code: 14001,
      message: 'Resource not found.',
    });
    const customer = await t.api('POST', '/aggregation/v2/customers/testing', {
      username: 'no_consumer_yet',
    });
    const none = await t.api('GET', `/decisioning/v1/customers/${customer.body.id}/consumer`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe(10100);
    const base = `/decisioning/v1/customers/${customer.body.id}/consumer`;
    const { state: _state, ...noState } = newConsumer;
    expect((await t.api('POST', base, noState)).body).toEqual({
      code: 10005,
      message: 'Missing parameter (state)',
    });
    const { ssn: _ssn, birthday: _b, ...noIdentity } = newConsumer;
    expect((await t.api('POST', base, noIdentity)).status).toBe(400);
    expect((await t.api('POST', base, { ...newConsumer, ssn: '12' })).body.code).toBe(10100);
    expect((await t.api('POST', base, { ...newConsumer, email: 'not-an-email' })).body.code).toBe(
      10100,
    );
    expect(
      (await t.api('POST', '/decisioning/v1/customers/1234/consumer', newConsumer)).status,
    ).toBe(404);
    expect(DEMO_CONSUMER_ID).toMatch(/^[0-9a-f]{32}$/);
  });
});
