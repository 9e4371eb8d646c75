import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { type Customer, insertCustomer, writeAudit } from '../db/queries';
import { customers } from '../db/schema';
import { birthdayParts, type ConsumerDetails } from '../connect/schemas';
import { isApiError, type OpenFinanceClient } from '../openfinance';

/**
 * Customers and consumers: created upstream first, then recorded here, so the portal never holds
 * a customer that Mastercard does not know. SSNs and birth dates pass through to Mastercard and
 * are never stored or logged here.
 */

export interface CustomerDeps {
  db: Database;
  client: OpenFinanceClient;
}

export type Actor = { type: 'staff'; userId: string } | { type: 'customer'; customerId: string };

export function actorColumns(actor: Actor) {
  return actor.type === 'staff'
    ? { actorUserId: actor.userId }
    : { actorCustomerId: actor.customerId };
}

/** A username within Mastercard's rules (6–255 of letters, digits, `-`), unique by its suffix. */
export function newUsername(firstName: string, lastName: string): string {
  const base = `${firstName}${lastName}`
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()
    .slice(0, 40);
  return `${base || 'customer'}-${randomBytes(5).toString('hex')}`;
}

export async function createCustomer(
  deps: CustomerDeps,
  input: {
    firstName: string;
    lastName: string;
    email?: string | undefined;
    type: 'testing' | 'active';
  },
  actor: Actor | null,
): Promise<Customer> {
  const username = newUsername(input.firstName, input.lastName);
  const upstream = {
    username,
    firstName: input.firstName,
    lastName: input.lastName,
    ...(input.email ? { email: input.email } : {}),
  };
  const created =
    input.type === 'active'
      ? await deps.client.addActiveCustomer(upstream)
      : await deps.client.addTestingCustomer(upstream);
  const customer = await insertCustomer(deps.db, {
    customerId: created.id,
    username: created.username,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email ?? null,
    type: input.type,
    createdByUserId: actor?.type === 'staff' ? actor.userId : null,
  });
  await writeAudit(deps.db, {
    ...(actor ? actorColumns(actor) : {}),
    action: 'customer.create',
    targetType: 'customer',
    targetId: customer.id,
    details: { customerId: created.id, type: input.type },
  });
  return customer;
}

/**
 * The customer's consumer id, creating the consumer upstream the first time. When Mastercard
 * already has one (409 11000), the existing one is adopted.
 */
export async function ensureConsumer(
  deps: CustomerDeps,
  customer: Customer,
  details: ConsumerDetails,
  actor: Actor | null,
): Promise<string> {
  if (customer.consumerId) return customer.consumerId;
  let consumerId: string;
  try {
    const created = await deps.client.createConsumer(customer.customerId, {
      firstName: details.firstName,
      lastName: details.lastName,
      state: details.state,
      ...(details.ssn ? { ssn: details.ssn } : {}),
      ...(details.birthday ? { birthday: birthdayParts(details.birthday) } : {}),
      ...(details.phone ? { phone: details.phone } : {}),
      ...(details.email ? { email: details.email } : {}),
      ...(details.address ? { address: details.address } : {}),
      ...(details.city ? { city: details.city } : {}),
      ...(details.zip ? { zip: details.zip } : {}),
    });
    consumerId = created.id;
  } catch (error) {
    if (!(isApiError(error) && error.kind === 'conflict')) throw error;
    consumerId = (await deps.client.getConsumerForCustomer(customer.customerId)).id;
  }
  await deps.db.update(customers).set({ consumerId }).where(eq(customers.id, customer.id));
  await writeAudit(deps.db, {
    ...(actor ? actorColumns(actor) : {}),
    action: 'consumer.create',
    targetType: 'customer',
    targetId: customer.id,
    details: { consumerId },
  });
  return consumerId;
}
