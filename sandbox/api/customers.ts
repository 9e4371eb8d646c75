// Customers (aggregation service): add a testing customer, list, get, modify, delete.
import type { SandboxContext } from '../context';
import { apiError, HttpError, json, jsonBody, noContent, type Req, type Router } from '../http';
import { customerToWire } from '../wire';
import { missing, parsePositiveInt, requireCustomer } from './shared';

const USERNAME_POLICY = /^[A-Za-z0-9!@.#$%&*_\-+]{6,255}$/;
const NAME_CHARS = /^[\p{L}\p{M}0-9 '.,_\-]*$/u;

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(apiError(400, 14020, 'Bad request.'));
  return value;
}

export function registerCustomers(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;

  const addCustomer = (type: 'testing' | 'active') => (req: Req) => {
    const body = jsonBody(req);
    if (type === 'active') {
      // Billable customers cannot be created from Test Drive; the sandbox behaves the same way.
      return apiError(401, 10021, 'You are not authorized.', {
        user_message:
          'Active (billable) customers are not available in the sandbox, as in Test Drive.',
      });
    }
    const username = body.username;
    if (username === undefined || username === null || username === '') return missing('username');
    if (typeof username !== 'string' || !USERNAME_POLICY.test(username)) {
      return apiError(400, 110039, 'Username is not as per the policy.');
    }
    const firstName = optionalString(body, 'firstName');
    const lastName = optionalString(body, 'lastName');
    if (!NAME_CHARS.test(firstName ?? '') || !NAME_CHARS.test(lastName ?? '')) {
      return apiError(400, 45003, 'Invalid character in name fields.');
    }
    const taken = Object.values(state().customers).some(
      (c) => c.username.toLowerCase() === username.toLowerCase(),
    );
    if (taken) return apiError(409, 110002, 'Username is not available.');
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const id = String(state().counters.customer++);
    state().customers[id] = {
      id,
      username,
      firstName,
      lastName,
      phone: optionalString(body, 'phone'),
      email: optionalString(body, 'email'),
      applicationId: optionalString(body, 'applicationId'),
      type,
      createdDate: seconds,
      lastModifiedDate: seconds,
    };
    ctx.store.save();
    return json(201, { id, username, createdDate: seconds });
  };

  router.add('POST', '/aggregation/v2/customers/testing', addCustomer('testing'));
  router.add('POST', '/aggregation/v2/customers/active', addCustomer('active'));

  router.add('GET', '/aggregation/v1/customers', (req) => {
    const start = parsePositiveInt(req.query.get('start'), 1);
    const limit = parsePositiveInt(req.query.get('limit'), 25);
    if (start === undefined || start < 1)
      return apiError(400, 41003, 'Start index cannot be less than one.');
    if (limit === undefined || limit < 1)
      return apiError(400, 41004, 'Limit cannot be less than one.');
    const username = req.query.get('username');
    const type = req.query.get('type');
    const search = req.query.get('search')?.trim().toLowerCase();
    let list = Object.values(state().customers);
    if (username) list = list.filter((c) => c.username === username);
    if (type) list = list.filter((c) => c.type === type);
    if (search) {
      list = list.filter((c) => {
        const names = [
          c.username,
          c.firstName ?? '',
          c.lastName ?? '',
          `${c.firstName ?? ''} ${c.lastName ?? ''}`,
        ];
        return names.some((n) => n.toLowerCase().includes(search));
      });
    }
    list.sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id));
    const page = list.slice(start - 1, start - 1 + Math.min(limit, 1000));
    return json(200, {
      found: list.length,
      displaying: page.length,
      moreAvailable: start - 1 + page.length < list.length,
      customers: page.map((c) => customerToWire(c)),
    });
  });

  router.add('GET', '/aggregation/v1/customers/{customerId}', (req) => {
    const customer = requireCustomer(ctx, req.params.customerId ?? '');
    return json(200, customerToWire(customer, true));
  });

  router.add('GET', '/aggregation/v1/customers/{customerId}/application', (req) => {
    const customer = requireCustomer(ctx, req.params.customerId ?? '');
    if (!customer.applicationId)
      return apiError(404, 50051, 'No registered partner applications found.');
    return json(200, {
      ...customerToWire(customer, true),
      firstName: customer.firstName ?? '',
      lastName: customer.lastName ?? '',
      applicationName: 'Sandbox Test Application',
    });
  });

  router.add('PUT', '/aggregation/v1/customers/{customerId}', (req) => {
    const customer = requireCustomer(ctx, req.params.customerId ?? '');
    const body = jsonBody(req);
    const firstName = optionalString(body, 'firstName');
    const lastName = optionalString(body, 'lastName');
    if (!NAME_CHARS.test(firstName ?? '') || !NAME_CHARS.test(lastName ?? '')) {
      return apiError(400, 45003, 'Invalid character in name fields.');
    }
    if (firstName !== undefined) customer.firstName = firstName;
    if (lastName !== undefined) customer.lastName = lastName;
    customer.lastModifiedDate = Math.floor(ctx.clock.now() / 1000);
    ctx.store.save();
    return noContent();
  });

  router.add('DELETE', '/aggregation/v1/customers/{customerId}', async (req) => {
    const id = req.params.customerId ?? '';
    requireCustomer(ctx, id);
    for (const login of Object.values(state().institutionLogins)) {
      if (login.customerId === id) delete state().institutionLogins[String(login.id)];
    }
    for (const account of Object.values(state().accounts)) {
      if (account.customerId === id) delete state().accounts[account.id];
    }
    for (const consumer of Object.values(state().consumers)) {
      if (consumer.customerId === id) delete state().consumers[consumer.id];
    }
    delete state().customers[id];
    ctx.store.save();
    return noContent();
  });
}
