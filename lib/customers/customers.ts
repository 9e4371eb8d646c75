import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { UserError } from '../action-result';
import { type Customer, getCustomer } from './queries';
import { writeAudit } from '../audit';
import { birthdayParts, type ConsumerDetails } from '../connect/schemas';
import type { Database } from '../db/client';
import { customers, upstreamOperations } from '../db/schema';
import {
  type ApiError,
  isApiError,
  isOutcomeUnknown,
  type OpenFinanceClient,
} from '../openfinance';

/**
 * Customers and consumers: created upstream first, then recorded here, so the portal never holds
 * a customer that Mastercard does not know. Each create first writes its intent
 * (`upstream_operations`), then calls, then records the outcome, so an answer that never came is
 * known as unknown and a second submission of the same intent resumes it rather than creating
 * again. SSNs and birth dates pass through to Mastercard and are never stored or logged here.
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

/** The same names and email by the same actor within this window are the same intent. */
export const CUSTOMER_INTENT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * A `pending` intent older than this has outlived any write deadline (at most ten minutes): its
 * call ended without settling it (a crash, a restart), so it is resumed like an unknown one.
 */
const STALE_PENDING_MS = 11 * 60 * 1000;

export const CUSTOMER_MESSAGES = {
  customerUnknown:
    'Mastercard did not answer in time, so the customer may have been created. Submit the same details again: the portal looks for that customer first and will not create a second one.',
  customerPending:
    'This customer is being created right now. Wait for the answer before submitting again.',
  usernameTaken:
    'Mastercard already has a customer under the username the portal chose, and nothing was created. Submit again: the portal chooses a new username.',
  consumerUnknown:
    'Mastercard did not answer in time, so the consumer details may have been saved. Submit them again: the portal checks first and will not save them twice.',
  consumerPending:
    'These consumer details are being saved right now. Wait for the answer before submitting again.',
} as const;

type Operation = typeof upstreamOperations.$inferSelect;
type OperationKind = Operation['kind'];

/** A username within Mastercard's rules (6–255 of letters, digits, `-`), unique by its suffix. */
export function newUsername(firstName: string, lastName: string): string {
  const base = `${firstName}${lastName}`
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()
    .slice(0, 40);
  return `${base || 'customer'}-${randomBytes(5).toString('hex')}`;
}

/** A digest of what makes two submissions the same intent (no personal data in clear). */
function intentKey(parts: Array<string | null | undefined>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const normalise = (value: string | undefined) => (value ?? '').trim().toLowerCase();

function actorKey(actor: Actor): string {
  return actor.type === 'staff' ? `staff:${actor.userId}` : `customer:${actor.customerId}`;
}

/** The newest intent with this key within the window, if any. */
async function latestIntent(
  db: Database,
  kind: OperationKind,
  key: string,
): Promise<Operation | undefined> {
  const [row] = await db
    .select()
    .from(upstreamOperations)
    .where(
      and(
        eq(upstreamOperations.kind, kind),
        eq(upstreamOperations.intentKey, key),
        gt(upstreamOperations.createdAt, new Date(Date.now() - CUSTOMER_INTENT_WINDOW_MS)),
      ),
    )
    .orderBy(desc(upstreamOperations.createdAt))
    .limit(1);
  return row;
}

const isStale = (op: Operation) => Date.now() - op.updatedAt.getTime() > STALE_PENDING_MS;

/**
 * Takes over an unknown (or abandoned pending) intent for one more attempt. Conditional on the
 * row being as read, so two submissions at once cannot both resume it; null when another did.
 */
async function resumeIntent(db: Database, op: Operation): Promise<Operation | null> {
  const rows = await db
    .update(upstreamOperations)
    .set({
      state: 'pending',
      attempts: sql`${upstreamOperations.attempts} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(upstreamOperations.id, op.id),
        eq(upstreamOperations.state, op.state),
        eq(upstreamOperations.attempts, op.attempts),
      ),
    )
    .returning()
    .catch((error: unknown) => {
      // Another attempt of the same intent is in flight (the one-pending-per-intent index).
      if (isUniqueViolation(error)) return [];
      throw error;
    });
  return rows[0] ?? null;
}

/** PostgreSQL's unique_violation, from postgres.js or PGlite, bare or wrapped by drizzle. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 3; depth += 1) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

async function settle(
  db: Database,
  op: Operation,
  outcome:
    | { state: 'succeeded'; upstreamId: string; customerId: string }
    | { state: 'failed' | 'unknown'; error?: unknown },
): Promise<void> {
  const errorCode =
    outcome.state === 'succeeded'
      ? null
      : isApiError(outcome.error)
        ? (outcome.error.code ?? outcome.error.kind)
        : 'unexpected';
  await db
    .update(upstreamOperations)
    .set({
      state: outcome.state,
      errorCode,
      updatedAt: new Date(),
      ...(outcome.state === 'succeeded'
        ? { upstreamId: outcome.upstreamId, customerId: outcome.customerId }
        : {}),
    })
    .where(eq(upstreamOperations.id, op.id));
}

/** Unknown when no answer came; also when the failure is not Mastercard's answer at all. */
const outcomeUnknown = (error: unknown) => !isApiError(error) || isOutcomeUnknown(error);

const isUsernameTaken = (error: ApiError) => error.kind === 'conflict' && error.code === '110002';

async function findByUsername(
  client: OpenFinanceClient,
  username: string,
): Promise<{ id: string; username: string } | undefined> {
  const page = await client.listCustomers({ username });
  return page.customers.find((c) => c.username === username);
}

/** The portal row of an upstream customer, inserted once (a resumed intent may find it made). */
async function recordCustomer(
  db: Database,
  values: typeof customers.$inferInsert,
): Promise<{ customer: Customer; inserted: boolean }> {
  const [row] = await db.insert(customers).values(values).onConflictDoNothing().returning();
  if (row) return { customer: row, inserted: true };
  const [existing] = await db
    .select()
    .from(customers)
    .where(eq(customers.customerId, values.customerId));
  return { customer: existing!, inserted: false };
}

export interface CreateCustomerOptions {
  /** Self-signup (no actor): the key of the browser that asks, so only it resumes its intent. */
  browserKey?: string | undefined;
  /**
   * Give back the customer an earlier identical intent of the same actor created within the
   * window (the joint form's co-borrower: a refused and resubmitted form makes no second one).
   */
  reuseSucceeded?: boolean;
}

/**
 * Creates a customer at Mastercard and records it. The username is chosen once per intent and
 * stored on it: a resumed intent sends the same one, and `409 110002` for it, or an answer that
 * never came, is resolved by looking the username up and adopting the customer found.
 * A self-signup (no actor) is resumed only from the same browser (`browserKey`); without one,
 * each is its own intent: nobody else's customer is ever adopted.
 */
export async function createCustomer(
  deps: CustomerDeps,
  input: {
    firstName: string;
    lastName: string;
    email?: string | undefined;
    type: 'testing' | 'active';
  },
  actor: Actor | null,
  options: CreateCustomerOptions = {},
): Promise<Customer> {
  const { db, client } = deps;
  const who = actor ? actorKey(actor) : options.browserKey ? `browser:${options.browserKey}` : null;
  const key = who
    ? intentKey([
        'customer.create',
        who,
        input.type,
        normalise(input.firstName),
        normalise(input.lastName),
        normalise(input.email),
      ])
    : intentKey(['customer.create', randomBytes(16).toString('hex')]);

  let op: Operation | null | undefined = null;
  const earlier = who ? await latestIntent(db, 'customer.create', key) : undefined;
  if (earlier?.state === 'succeeded' && options.reuseSucceeded && earlier.customerId) {
    const existing = await getCustomer(db, earlier.customerId);
    if (existing) return existing;
  }
  if (earlier?.state === 'pending' && !isStale(earlier)) {
    throw new UserError(CUSTOMER_MESSAGES.customerPending);
  }
  if (earlier && (earlier.state === 'unknown' || earlier.state === 'pending')) {
    op = await resumeIntent(db, earlier);
    if (!op) throw new UserError(CUSTOMER_MESSAGES.customerPending);
  }
  if (!op) {
    [op] = await db
      .insert(upstreamOperations)
      .values({
        kind: 'customer.create',
        ...(actor ? actorColumns(actor) : {}),
        intentKey: key,
        username: newUsername(input.firstName, input.lastName),
      })
      // One pending attempt per intent (a unique index): the same form sent twice at once.
      .onConflictDoNothing()
      .returning();
    if (!op) throw new UserError(CUSTOMER_MESSAGES.customerPending);
  }
  const intent = op!;
  const username = intent.username!;

  const sendCreate = async (): Promise<{ id: string; username: string }> => {
    const upstream = {
      username,
      firstName: input.firstName,
      lastName: input.lastName,
      ...(input.email ? { email: input.email } : {}),
    };
    try {
      return input.type === 'active'
        ? await client.addActiveCustomer(upstream)
        : await client.addTestingCustomer(upstream);
    } catch (error) {
      const taken = isApiError(error) && isUsernameTaken(error);
      // Our own username: the customer is there if an earlier attempt (or this one) made it.
      let lookupFailed = false;
      const found =
        taken || outcomeUnknown(error)
          ? await findByUsername(client, username).catch(() => {
              lookupFailed = true;
              return undefined;
            })
          : undefined;
      if (found) return found;
      // Taken, and the look-up could not say by whom: most likely by an earlier attempt.
      const unknown = taken ? lookupFailed : outcomeUnknown(error);
      // A resumed intent stays unknown whatever this attempt heard (an earlier one may still
      // have made the customer, and the next submission must look for it under this username),
      // except when its username is taken by nobody the look-up can find: another customer's,
      // so the next submission starts a new intent with a new username.
      const state = unknown ? 'unknown' : taken || intent.attempts === 1 ? 'failed' : 'unknown';
      await settle(db, intent, { state, error });
      if (unknown && isApiError(error)) throw new UserError(CUSTOMER_MESSAGES.customerUnknown);
      // The person never chose the username: a refused one is the portal's to replace.
      if (taken) throw new UserError(CUSTOMER_MESSAGES.usernameTaken);
      throw error;
    }
  };

  // A resumed intent may have made its customer already: look for it before creating.
  const created =
    (intent.attempts > 1
      ? await findByUsername(client, username).catch(() => undefined)
      : undefined) ?? (await sendCreate());

  const { customer, inserted } = await recordCustomer(db, {
    customerId: created.id,
    username: created.username,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email ?? null,
    type: input.type,
    createdByUserId: actor?.type === 'staff' ? actor.userId : null,
  });
  await settle(db, intent, {
    state: 'succeeded',
    upstreamId: created.id,
    customerId: customer.id,
  });
  if (inserted) {
    await writeAudit(db, {
      ...(actor ? actorColumns(actor) : {}),
      action: 'customer.create',
      targetType: 'customer',
      targetId: customer.id,
      details: {
        customerId: created.id,
        type: input.type,
        ...(intent.attempts > 1 ? { attempts: intent.attempts } : {}),
      },
    });
  }
  return customer;
}

/**
 * The customer's consumer id, creating the consumer upstream the first time. A customer has at
 * most one consumer, so a resumed or repeated attempt is safe: Mastercard answers 409 11000 and
 * the existing one is adopted; after an answer that never came, it is looked up first.
 */
export async function ensureConsumer(
  deps: CustomerDeps,
  customer: Customer,
  details: ConsumerDetails,
  actor: Actor | null,
): Promise<string> {
  if (customer.consumerId) return customer.consumerId;
  const { db, client } = deps;
  // The target alone makes the intent: one consumer per customer, whoever asks.
  const key = intentKey(['consumer.create', customer.id]);
  const earlier = await latestIntent(db, 'consumer.create', key);
  if (earlier?.state === 'pending' && !isStale(earlier)) {
    throw new UserError(CUSTOMER_MESSAGES.consumerPending);
  }
  let op: Operation | null | undefined = null;
  if (earlier && (earlier.state === 'unknown' || earlier.state === 'pending')) {
    op = await resumeIntent(db, earlier);
    if (!op) throw new UserError(CUSTOMER_MESSAGES.consumerPending);
  }
  if (!op) {
    [op] = await db
      .insert(upstreamOperations)
      .values({
        kind: 'consumer.create',
        ...(actor ? actorColumns(actor) : {}),
        intentKey: key,
        customerId: customer.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!op) throw new UserError(CUSTOMER_MESSAGES.consumerPending);
  }
  const intent = op!;

  let consumerId: string | undefined;
  try {
    const created = await client.createConsumer(customer.customerId, {
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
    const exists = isApiError(error) && error.kind === 'conflict';
    if (exists || outcomeUnknown(error)) {
      consumerId = await client
        .getConsumerForCustomer(customer.customerId)
        .then((consumer) => consumer.id)
        .catch((lookup: unknown) => {
          if (exists) throw lookup;
          return undefined;
        });
    }
    if (!consumerId) {
      const unknown = outcomeUnknown(error);
      await settle(db, intent, { state: unknown ? 'unknown' : 'failed', error });
      if (unknown && isApiError(error)) throw new UserError(CUSTOMER_MESSAGES.consumerUnknown);
      throw error;
    }
  }
  await db.update(customers).set({ consumerId }).where(eq(customers.id, customer.id));
  await settle(db, intent, { state: 'succeeded', upstreamId: consumerId, customerId: customer.id });
  await writeAudit(db, {
    ...(actor ? actorColumns(actor) : {}),
    action: 'consumer.create',
    targetType: 'customer',
    targetId: customer.id,
    details: { consumerId },
  });
  return consumerId;
}
