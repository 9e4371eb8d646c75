import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMAILED_LINK_TTL_MS,
  FIXABLE_AGGREGATION_CODES,
  isFixableAggregationCode,
  LINK_TTL_MS,
} from './constants';
import {
  applyLinkEvent,
  effectiveLinkStatus,
  type LinkEvent,
  type LinkStatus,
  nextLinkStatus,
} from './status';
import { insertCustomer } from '../customers/queries';
import type { DatabaseHandle } from '../db/client';
import { connectLinks } from '../db/schema';
import { testEngines } from '../webhooks/test-engines';

const sdk = (type: 'load' | 'user' | 'done' | 'cancel' | 'error'): LinkEvent => ({
  source: 'sdk',
  type,
});
const route = (screen?: string): LinkEvent => ({ source: 'sdk', type: 'route', screen });
const webhook = (type: string): LinkEvent => ({ source: 'webhook', type });

const progressWebhooks = [
  'adding',
  'discovered',
  'invalidCredentials',
  'institutionSupported',
  'institutionNotFound',
  'institutionNotSupported',
];
const nonTerminal: LinkStatus[] = ['generated', 'opened', 'in_progress'];
const terminal: LinkStatus[] = ['completed', 'cancelled', 'failed', 'expired'];

describe('nextLinkStatus: the architecture table', () => {
  it('a requested link moves only when its call is settled, never by a webhook or the SDK', () => {
    for (const event of [webhook('ping'), webhook('started'), webhook('added'), sdk('load')]) {
      expect(nextLinkStatus('requested', event)).toBe('requested');
    }
  });

  it('a webhook for a link whose outcome was unknown proves it exists and moves it on', () => {
    expect(nextLinkStatus('unknown', webhook('started'))).toBe('opened');
    expect(nextLinkStatus('unknown', webhook('adding'))).toBe('in_progress');
    expect(nextLinkStatus('unknown', webhook('done'))).toBe('completed');
    expect(nextLinkStatus('unknown', webhook('ping'))).toBe('unknown');
  });

  it('requested and unknown links expire like open ones', () => {
    const past = new Date(Date.now() - 1);
    for (const status of ['requested', 'unknown'] as const) {
      expect(effectiveLinkStatus({ status, expiresAt: past })).toBe('expired');
    }
  });

  it('SDK onLoad and webhook started open a generated link', () => {
    expect(nextLinkStatus('generated', sdk('load'))).toBe('opened');
    expect(nextLinkStatus('generated', webhook('started'))).toBe('opened');
    expect(nextLinkStatus('generated', route('landing'))).toBe('opened');
  });

  it('onLoad and started never move a link backwards', () => {
    expect(nextLinkStatus('opened', sdk('load'))).toBe('opened');
    expect(nextLinkStatus('in_progress', sdk('load'))).toBe('in_progress');
    expect(nextLinkStatus('in_progress', webhook('started'))).toBe('in_progress');
    expect(nextLinkStatus('in_progress', route('landing'))).toBe('in_progress');
  });

  it('an SDK route beyond the landing screen means in progress', () => {
    for (const from of ['generated', 'opened'] as const) {
      expect(nextLinkStatus(from, route('search'))).toBe('in_progress');
      expect(nextLinkStatus(from, route('Search'))).toBe('in_progress');
      expect(nextLinkStatus(from, route('sign-in'))).toBe('in_progress');
    }
    expect(nextLinkStatus('opened', route('landing'))).toBe('opened');
    expect(nextLinkStatus('opened', route(undefined))).toBe('opened');
  });

  it.each(progressWebhooks)(
    'webhook %s moves generated and opened links to in progress',
    (type) => {
      expect(nextLinkStatus('generated', webhook(type))).toBe('in_progress');
      expect(nextLinkStatus('opened', webhook(type))).toBe('in_progress');
      expect(nextLinkStatus('in_progress', webhook(type))).toBe('in_progress');
    },
  );

  it.each(nonTerminal)(
    'from %s: done (webhook or SDK) completes, cancel cancels, error fails',
    (from) => {
      expect(nextLinkStatus(from, webhook('done'))).toBe('completed');
      expect(nextLinkStatus(from, sdk('done'))).toBe('completed');
      expect(nextLinkStatus(from, sdk('cancel'))).toBe('cancelled');
      expect(nextLinkStatus(from, sdk('error'))).toBe('failed');
    },
  );

  it.each(terminal)('terminal %s ignores every SDK event and every progress webhook', (from) => {
    const events: LinkEvent[] = [
      sdk('load'),
      route('search'),
      sdk('user'),
      sdk('done'),
      sdk('cancel'),
      sdk('error'),
      webhook('started'),
      ...progressWebhooks.map(webhook),
      webhook('added'),
    ];
    for (const event of events) expect(nextLinkStatus(from, event)).toBe(from);
  });

  it('a done webhook turns cancelled and failed into completed (the webhook wins)', () => {
    expect(nextLinkStatus('cancelled', webhook('done'))).toBe('completed');
    expect(nextLinkStatus('failed', webhook('done'))).toBe('completed');
    expect(nextLinkStatus('completed', webhook('done'))).toBe('completed');
    expect(nextLinkStatus('expired', webhook('done'))).toBe('expired');
  });

  it('a late done webhook after an SDK cancel ends completed', () => {
    const events: LinkEvent[] = [
      sdk('load'),
      route('search'),
      webhook('adding'),
      sdk('cancel'),
      webhook('done'),
    ];
    const statuses = events.reduce<LinkStatus[]>(
      (acc, event) => [...acc, nextLinkStatus(acc.at(-1) ?? 'generated', event)],
      [],
    );
    expect(statuses).toEqual(['opened', 'in_progress', 'in_progress', 'cancelled', 'completed']);
  });

  it('ping, user events and unknown webhooks change nothing', () => {
    for (const from of [...nonTerminal, ...terminal]) {
      expect(nextLinkStatus(from, webhook('ping'))).toBe(from);
      expect(nextLinkStatus(from, sdk('user'))).toBe(from);
      expect(nextLinkStatus(from, webhook('employerFound'))).toBe(from);
      expect(nextLinkStatus(from, webhook('somethingNew'))).toBe(from);
    }
  });
});

describe('effectiveLinkStatus: expiry computed on read', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const past = new Date(now.getTime() - 1);
  const future = new Date(now.getTime() + 1);

  it.each(nonTerminal)('%s past expires_at reads as expired', (status) => {
    expect(effectiveLinkStatus({ status, expiresAt: past }, now)).toBe('expired');
    expect(effectiveLinkStatus({ status, expiresAt: now }, now)).toBe('expired');
    expect(effectiveLinkStatus({ status, expiresAt: future }, now)).toBe(status);
  });

  it.each(['completed', 'cancelled', 'failed'] as const)('%s stays %s after expiry', (status) => {
    expect(effectiveLinkStatus({ status, expiresAt: past.toISOString() }, now)).toBe(status);
  });
});

describe('constants', () => {
  it('expiry durations: 2 hours for links, 3 days for emailed links', () => {
    expect(LINK_TTL_MS).toBe(7_200_000);
    expect(EMAILED_LINK_TTL_MS).toBe(259_200_000);
  });

  it('fixable aggregation codes, as number or string', () => {
    expect(FIXABLE_AGGREGATION_CODES).toEqual([103, 108, 109, 185, 187, 945, 946, 947, 948]);
    expect(isFixableAggregationCode(103)).toBe(true);
    expect(isFixableAggregationCode('946')).toBe(true);
    expect(isFixableAggregationCode(0)).toBe(false);
    expect(isFixableAggregationCode(102)).toBe(false);
    expect(isFixableAggregationCode(null)).toBe(false);
    expect(isFixableAggregationCode('')).toBe(false);
  });
});

describe.each(testEngines)('applyLinkEvent on $name', (engine) => {
  let handle: DatabaseHandle;
  let customerId: string;

  beforeAll(async () => {
    handle = await engine.open();
    const customer = await insertCustomer(handle.db, {
      customerId: `status-${randomUUID()}`,
      username: 'status-test',
      firstName: 'Status',
      lastName: 'Test',
      type: 'testing',
    });
    customerId = customer.id;
  });

  afterAll(async () => {
    await handle?.close();
  });

  async function createLink(status: LinkStatus = 'generated'): Promise<string> {
    const [row] = await handle.db
      .insert(connectLinks)
      .values({
        kind: 'full',
        customerId,
        link: 'https://connect.example/?customerId=1',
        expiresAt: new Date(Date.now() + LINK_TTL_MS),
        status,
      })
      .returning({ id: connectLinks.id });
    return row!.id;
  }

  async function statusOf(id: string): Promise<LinkStatus | undefined> {
    const [row] = await handle.db
      .select({ status: connectLinks.status })
      .from(connectLinks)
      .where(eq(connectLinks.id, id));
    return row?.status;
  }

  it('applies allowed transitions and returns the new status', async () => {
    const id = await createLink();
    expect(await applyLinkEvent(handle.db, id, sdk('load'))).toBe('opened');
    expect(await applyLinkEvent(handle.db, id, webhook('adding'))).toBe('in_progress');
    expect(await applyLinkEvent(handle.db, id, webhook('done'))).toBe('completed');
    expect(await statusOf(id)).toBe('completed');
  });

  it('refuses transitions the table does not allow, returning null', async () => {
    const id = await createLink('in_progress');
    expect(await applyLinkEvent(handle.db, id, sdk('load'))).toBeNull();
    expect(await applyLinkEvent(handle.db, id, webhook('ping'))).toBeNull();
    expect(await statusOf(id)).toBe('in_progress');
    expect(await applyLinkEvent(handle.db, randomUUID(), sdk('done'))).toBeNull();
    expect(await applyLinkEvent(handle.db, 'not-a-uuid', sdk('done'))).toBeNull();
  });

  it('a late done webhook after an SDK cancel completes the stored link', async () => {
    const id = await createLink('in_progress');
    expect(await applyLinkEvent(handle.db, id, sdk('cancel'))).toBe('cancelled');
    expect(await applyLinkEvent(handle.db, id, sdk('load'))).toBeNull();
    expect(await applyLinkEvent(handle.db, id, webhook('done'))).toBe('completed');
    expect(await applyLinkEvent(handle.db, id, sdk('error'))).toBeNull();
    expect(await statusOf(id)).toBe('completed');
  });

  it('records whether Mastercard confirmed a completion', async () => {
    const confirmedAt = async (id: string) =>
      (
        await handle.db
          .select({ at: connectLinks.webhookConfirmedAt })
          .from(connectLinks)
          .where(eq(connectLinks.id, id))
      )[0]?.at;
    const reported = await createLink('opened');
    expect(await applyLinkEvent(handle.db, reported, sdk('done'))).toBe('completed');
    expect(await confirmedAt(reported)).toBeNull();
    expect(await applyLinkEvent(handle.db, reported, webhook('done'))).toBe('completed');
    expect(await confirmedAt(reported)).toBeInstanceOf(Date);
    expect(await applyLinkEvent(handle.db, reported, webhook('done'))).toBeNull();

    const confirmed = await createLink('in_progress');
    expect(await applyLinkEvent(handle.db, confirmed, webhook('done'))).toBe('completed');
    expect(await confirmedAt(confirmed)).toBeInstanceOf(Date);
    expect(await applyLinkEvent(handle.db, confirmed, sdk('done'))).toBeNull();
  });

  it('an SDK cancel racing a done webhook ends completed in either order', async () => {
    for (let i = 0; i < 10; i++) {
      const id = await createLink('in_progress');
      const events =
        i % 2 === 0 ? [sdk('cancel'), webhook('done')] : [webhook('done'), sdk('cancel')];
      await Promise.all(events.map((event) => applyLinkEvent(handle.db, id, event)));
      expect(await statusOf(id)).toBe('completed');
    }
  });
});
