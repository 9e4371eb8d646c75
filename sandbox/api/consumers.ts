// Consumers (decisioning service): one per customer, with the fields of the spec's NewConsumer.
import type { SandboxContext } from '../context';
import { apiError, json, jsonBody, noContent, type Res, type Router } from '../http';
import { newConsumerId } from '../store';
import { consumerToWire } from '../wire';
import { missing, requireCustomer } from './shared';

export function registerConsumers(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;
  const consumerNotFound = (id: string) =>
    apiError(404, 10100, `Cannot find consumer with id ${id}.`);

  function validateConsumerFields(
    body: Record<string, unknown>,
    partial: boolean,
  ): Res | undefined {
    for (const key of ['firstName', 'lastName', 'state']) {
      const value = body[key];
      if (!partial && (typeof value !== 'string' || value.trim() === '')) return missing(key);
      if (value !== undefined && typeof value !== 'string')
        return apiError(400, 10100, `Invalid ${key}.`);
    }
    const ssn = body.ssn;
    if (
      ssn !== undefined &&
      (typeof ssn !== 'string' || !/^(\d{9}|\d{3}-\d{2}-\d{4})$/.test(ssn))
    ) {
      return apiError(400, 10100, 'Invalid SSN.');
    }
    const birthday = body.birthday as Record<string, unknown> | undefined;
    if (birthday !== undefined) {
      const ok =
        birthday !== null &&
        typeof birthday === 'object' &&
        Number.isInteger(birthday.year) &&
        Number.isInteger(birthday.month) &&
        Number.isInteger(birthday.dayOfMonth) &&
        (birthday.month as number) >= 1 &&
        (birthday.month as number) <= 12 &&
        (birthday.dayOfMonth as number) >= 1 &&
        (birthday.dayOfMonth as number) <= 31;
      if (!ok) return apiError(400, 10100, 'Invalid birthday.');
    }
    const phone = body.phone;
    if (
      phone !== undefined &&
      (typeof phone !== 'string' || !/^\+?[0-9 ()\-.]{7,20}$/.test(phone))
    ) {
      return apiError(400, 10100, 'Invalid phone number.');
    }
    const email = body.email;
    if (
      email !== undefined &&
      (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    ) {
      return apiError(400, 10100, 'Invalid email address.');
    }
    if (!partial) {
      if (ssn === undefined && birthday === undefined) return missing('ssn or birthday');
      if (phone === undefined && email === undefined) return missing('phone or email');
    }
    return undefined;
  }

  router.add('POST', '/decisioning/v1/customers/{customerId}/consumer', (req) => {
    const customerId = req.params.customerId ?? '';
    requireCustomer(ctx, customerId);
    const body = jsonBody(req);
    if (Object.values(state().consumers).some((c) => c.customerId === customerId)) {
      return apiError(409, 11000, `A consumer already exists for customer ${customerId}`);
    }
    const invalid = validateConsumerFields(body, false);
    if (invalid) return invalid;
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const id = newConsumerId();
    state().consumers[id] = {
      id,
      customerId,
      firstName: body.firstName as string,
      lastName: body.lastName as string,
      address: body.address as string | undefined,
      city: body.city as string | undefined,
      state: body.state as string,
      zip: body.zip as string | undefined,
      phone: body.phone as string | undefined,
      email: body.email as string | undefined,
      ssn: typeof body.ssn === 'string' ? body.ssn.replace(/-/g, '') : undefined,
      birthday: body.birthday as { year: number; month: number; dayOfMonth: number } | undefined,
      suffix: body.suffix as string | undefined,
      endUser: body.endUser as Record<string, unknown> | undefined,
      createdDate: seconds,
    };
    ctx.store.save();
    return json(201, { id, createdDate: seconds, customerId: Number(customerId) });
  });

  router.add('GET', '/decisioning/v1/customers/{customerId}/consumer', (req) => {
    const customerId = req.params.customerId ?? '';
    requireCustomer(ctx, customerId, () => apiError(404, 14001, 'Resource not found.'));
    const consumer = Object.values(state().consumers).find((c) => c.customerId === customerId);
    if (!consumer)
      return apiError(404, 10100, `Cannot find consumer for customer with id ${customerId}.`);
    return json(200, consumerToWire(consumer));
  });

  router.add('GET', '/decisioning/v1/consumers/{consumerId}', (req) => {
    const id = req.params.consumerId ?? '';
    const consumer = state().consumers[id];
    if (!consumer) return consumerNotFound(id);
    return json(200, consumerToWire(consumer));
  });

  router.add('PUT', '/decisioning/v1/consumers/{consumerId}', (req) => {
    const id = req.params.consumerId ?? '';
    const consumer = state().consumers[id];
    if (!consumer) return consumerNotFound(id);
    const body = jsonBody(req);
    const invalid = validateConsumerFields(body, true);
    if (invalid) return invalid;
    const writable = [
      'firstName',
      'lastName',
      'address',
      'city',
      'state',
      'zip',
      'phone',
      'email',
      'suffix',
    ] as const;
    for (const key of writable)
      if (typeof body[key] === 'string') consumer[key] = body[key] as string;
    if (typeof body.ssn === 'string') consumer.ssn = body.ssn.replace(/-/g, '');
    if (body.birthday)
      consumer.birthday = body.birthday as { year: number; month: number; dayOfMonth: number };
    if (body.endUser && typeof body.endUser === 'object')
      consumer.endUser = body.endUser as Record<string, unknown>;
    ctx.store.save();
    return noContent();
  });
}
