import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_TTL_MS } from './constants';
import { receiveSdkEvent } from './sdk-events';
import { captureOutput } from '../../scripts/test-support/capture-output';
import { insertCustomer } from '../customers/queries';
import type { DatabaseHandle } from '../db/client';
import { connectLinks, sdkEvents } from '../db/schema';
import { testEngines } from '../webhooks/test-engines';

describe.each(testEngines)('receiveSdkEvent on $name', (engine) => {
  let handle: DatabaseHandle;
  let linkId: string;

  beforeAll(async () => {
    handle = await engine.open();
    const customer = await insertCustomer(handle.db, {
      customerId: `sdk-${randomUUID()}`,
      username: 'sdk-events-test',
      firstName: 'Sdk',
      lastName: 'Events',
      type: 'testing',
    });
    const [link] = await handle.db
      .insert(connectLinks)
      .values({
        kind: 'full',
        customerId: customer.id,
        link: 'https://connect.example/?customerId=1',
        expiresAt: new Date(Date.now() + LINK_TTL_MS),
        status: 'generated',
      })
      .returning({ id: connectLinks.id });
    linkId = link!.id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const stored = () =>
    handle.db.select().from(sdkEvents).where(eq(sdkEvents.linkId, linkId)).orderBy(sdkEvents.id);

  it('stores an event with NUL and lone surrogates cleaned, and moves the link', async () => {
    const text =
      '{"type":"route","data":{"screen":"search\\u0000","params":{"q\\ud800":"a\\udfffb"}}}';
    const receipt = await receiveSdkEvent(handle.db, linkId, text);
    expect(receipt).toEqual({ ok: true, status: 'in_progress' });
    const [row] = await stored();
    expect(row!.data).toEqual({ screen: 'search\uFFFD', params: { 'q\uFFFD': 'a\uFFFDb' } });
  });

  it.each([
    [
      'nested 5,000 levels deep',
      `{"type":"user","data":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
      400,
    ],
    [
      'nested 33 levels deep',
      `{"type":"user","data":${'{"a":'.repeat(32)}1${'}'.repeat(32)}}`,
      400,
    ],
    ['not JSON', '{"type":"load"', 400],
    ['not an SDK event', '{"type":"explode"}', 400],
    ['JSON null', 'null', 400],
    ['over 16 KB', JSON.stringify({ type: 'user', data: { pad: 'x'.repeat(17_000) } }), 413],
  ])('refuses a body %s with a clear error and stores nothing', async (_n, text, httpStatus) => {
    const before = (await stored()).length;
    const receipt = await receiveSdkEvent(handle.db, linkId, text);
    expect(receipt).toMatchObject({ ok: false, httpStatus, error: expect.any(String) });
    expect((await stored()).length).toBe(before);
  });

  it('a database failure is a 503 whose log line carries neither the body nor the statement', async () => {
    const closed = await engine.open();
    await closed.close();
    const marker = `secret-body-${randomUUID()}`;
    const output = captureOutput();
    let receipt;
    try {
      receipt = await receiveSdkEvent(
        closed.db,
        linkId,
        JSON.stringify({ type: 'user', data: { action: marker } }),
      );
    } finally {
      output.stop();
    }
    expect(receipt).toMatchObject({ ok: false, httpStatus: 503 });
    const text = output.text();
    expect(text).toContain('sdk event not stored');
    expect(text).not.toContain(marker);
    expect(text).not.toMatch(/insert into|params/i);
  });
});
