import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Auth library tables (better-auth core schema plus our `role` field on users).
// ---------------------------------------------------------------------------------------------
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role', { enum: ['admin', 'staff'] })
    .notNull()
    .default('staff'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('accounts_user_id_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Portal tables.
// ---------------------------------------------------------------------------------------------
export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Open Finance customer id (upstream). */
  customerId: text('customer_id').notNull().unique(),
  consumerId: text('consumer_id'),
  username: text('username').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email'),
  type: text('type', { enum: ['testing', 'active'] }).notNull(),
  createdByUserId: text('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const linkKinds = ['full', 'lite', 'fix', 'joint', 'email', 'email_joint'] as const;
export const linkStatuses = [
  /** the intent, recorded before the generate/send call */
  'requested',
  /** the call timed out or lost its connection: the link may exist upstream (or the email gone) */
  'unknown',
  'generated',
  'opened',
  'in_progress',
  'completed',
  'cancelled',
  'failed',
  'expired',
] as const;

export const connectLinks = pgTable(
  'connect_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: linkKinds }).notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    jointCustomerId: uuid('joint_customer_id').references(() => customers.id, {
      onDelete: 'set null',
    }),
    institutionId: text('institution_id'),
    institutionLoginId: text('institution_login_id'),
    experience: text('experience'),
    language: text('language'),
    singleUse: boolean('single_use').notNull().default(false),
    redirectUri: text('redirect_uri'),
    emailTo: text('email_to'),
    /** null until Mastercard answered the generate/send call */
    link: text('link'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: linkStatuses }).notNull().default('requested'),
    /**
     * When Mastercard's `done` webhook arrived. A link the browser alone reported done is
     * `completed` with this still null: staff see it as reported, not confirmed.
     */
    webhookConfirmedAt: timestamp('webhook_confirmed_at', { withTimezone: true }),
    /**
     * A digest of what makes two requests the same link or email (kind, customers, institution,
     * login, recipient): one `requested` row per intent at a time, so a double click sends once.
     */
    intentKey: text('intent_key'),
    createdByUserId: text('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('connect_links_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('connect_links_requested_intent_idx')
      .on(t.intentKey)
      .where(sql`${t.status} = 'requested'`),
  ],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: text('event_id').notNull().unique(),
    eventType: text('event_type').notNull(),
    customerId: text('customer_id'),
    consumerId: text('consumer_id'),
    linkId: uuid('link_id'),
    /** The body as parsed; null for a quarantined event, which is kept only as its raw body. */
    payload: jsonb('payload'),
    rawBody: text('raw_body'),
    /** `utf8`: the body's text as received; `base64`: its bytes, when they are not storable text. */
    rawBodyEncoding: text('raw_body_encoding', { enum: ['utf8', 'base64'] })
      .notNull()
      .default('utf8'),
    /**
     * Set for an authentic body the portal could not act on (unparsable, nested too deep, refused
     * by the database): kept and answered 200 so Mastercard stops retrying, with no status change.
     */
    quarantineReason: text('quarantine_reason'),
    contentType: text('content_type').notNull(),
    signatureHeader: text('signature_header'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    lastReceivedAt: timestamp('last_received_at', { withTimezone: true }).notNull().defaultNow(),
    deliveryCount: integer('delivery_count').notNull().default(1),
  },
  (t) => [
    index('webhook_events_received_idx').on(t.receivedAt, t.id),
    index('webhook_events_link_idx').on(t.linkId),
    index('webhook_events_customer_idx').on(t.customerId),
  ],
);

export const webhookRejections = pgTable('webhook_rejections', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  reason: text('reason').notNull(),
  size: integer('size').notNull(),
  contentType: text('content_type'),
});

export const sdkEvents = pgTable(
  'sdk_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => connectLinks.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['load', 'route', 'user', 'done', 'cancel', 'error'] }).notNull(),
    data: jsonb('data'),
    createdAt: createdAt(),
  },
  (t) => [index('sdk_events_link_idx').on(t.linkId, t.id)],
);

export const customerTokens = pgTable('customer_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** SHA-256 of the token; the token itself is only ever in the link. */
  tokenHash: text('token_hash').notNull().unique(),
  customerId: uuid('customer_id')
    .notNull()
    .references(() => customers.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  createdByUserId: text('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/**
 * Customer sessions, kept server-side so that signing out, or revoking the personal link that
 * opened one, ends it everywhere (the cookie names the session by a token stored here as SHA-256).
 */
export const customerSessionEndReasons = ['sign_out', 'link_revoked', 'replaced'] as const;

export const customerSessions = pgTable(
  'customer_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The personal link that opened it (null after self-signup): its revocation or expiry ends it. */
    customerTokenId: uuid('customer_token_id').references(() => customerTokens.id, {
      onDelete: 'cascade',
    }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedReason: text('ended_reason', { enum: customerSessionEndReasons }),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_sessions_customer_token_idx').on(t.customerTokenId),
    index('customer_sessions_customer_idx').on(t.customerId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorUserId: text('actor_user_id'),
    actorCustomerId: uuid('actor_customer_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt)],
);

/** Fixed-window counters for sign-in throttling and self-signup limits. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull().default(0),
});

export const upstreamOperationKinds = ['customer.create', 'consumer.create'] as const;
export const upstreamOperationStates = ['pending', 'succeeded', 'failed', 'unknown'] as const;

/**
 * The intent of a create at Mastercard, written before the call and settled after it, so a
 * timeout is known as unknown and a second submission of the same intent resumes it instead of
 * creating again. Never the consumer's SSN or birth date: `intent_key` is a digest.
 * (Links and emails keep their intent in `connect_links`, status `requested`.)
 */
export const upstreamOperations = pgTable(
  'upstream_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: upstreamOperationKinds }).notNull(),
    actorUserId: text('actor_user_id'),
    actorCustomerId: uuid('actor_customer_id'),
    /** the same operation on the same target by the same actor: a SHA-256 hex digest */
    intentKey: text('intent_key').notNull(),
    /** the portal customer the operation is about (consumer) or made (customer), once known */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** customer creates: the username chosen once for this intent and reused by every retry */
    username: text('username'),
    state: text('state', { enum: upstreamOperationStates }).notNull().default('pending'),
    /** Mastercard's id of what was created (customer id, consumer id) */
    upstreamId: text('upstream_id'),
    /** Mastercard's code, or the failure kind, of the last failed attempt */
    errorCode: text('error_code'),
    attempts: integer('attempts').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('upstream_operations_intent_idx').on(t.kind, t.intentKey, t.createdAt),
    // One attempt in flight per intent: a second submission at the same moment is refused.
    uniqueIndex('upstream_operations_pending_idx')
      .on(t.kind, t.intentKey)
      .where(sql`${t.state} = 'pending'`),
  ],
);
