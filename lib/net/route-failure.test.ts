import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFailures } from './route-failure';
import { captureOutput } from '../../scripts/test-support/capture-output';
import { testEngines } from '../../scripts/test-support/databases';
import type { DatabaseHandle } from '../db/client';
import { isDatabaseUnavailable } from '../db/errors';

async function answered(handler: () => Promise<Response>) {
  const output = captureOutput();
  try {
    const response = await answerFailures('test', handler)();
    return { response, body: await response.text(), logged: output.text() };
  } finally {
    output.stop();
  }
}

describe.each(testEngines())('route handlers answer their own failures on $name', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a statement past its deadline is a 503 to retry, logged without the statement or its parameters', async () => {
    const marker = `request-body-${randomUUID()}`;
    const { response, body, logged } = await answered(async () => {
      await handle.db.execute(sql`select pg_sleep(8), ${marker}::text as echoed`);
      return new Response('unreachable');
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(body)).toEqual({
      error: 'The portal could not reach its records just now. Try again in a moment.',
    });
    expect(logged).toContain('"code":"57014"');
    for (const text of [body, logged]) {
      expect(text).not.toContain(marker);
      expect(text).not.toMatch(/pg_sleep|params/i);
    }
  }, 20_000);
});

describe('route handlers answer their own failures', () => {
  it('passes an answer through untouched', async () => {
    const { response, body } = await answered(async () => new Response('fine', { status: 201 }));
    expect(response.status).toBe(201);
    expect(body).toBe('fine');
  });

  it('tells a database that cannot answer from data errors, bugs and Node errno codes', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    const wrapped = (code: string) => new Error('Failed query', { cause: coded(code) });
    expect(isDatabaseUnavailable(wrapped('57014'))).toBe(true);
    expect(isDatabaseUnavailable(coded('57P03'))).toBe(true);
    expect(isDatabaseUnavailable(coded('08006'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped('CONNECTION_CLOSED'))).toBe(true);
    expect(isDatabaseUnavailable(coded('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped('23505'))).toBe(false);
    expect(isDatabaseUnavailable(coded('22P02'))).toBe(false);
    expect(isDatabaseUnavailable(coded('EPIPE'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('bug'))).toBe(false);
  });

  it('a data error is a 500, not a 503 to retry', async () => {
    const { response } = await answered(async () => {
      throw new Error('Failed query', {
        cause: Object.assign(new Error('dup'), { code: '23505' }),
      });
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('lets Next’s own control flow through', async () => {
    await expect(
      answerFailures('test', async () => redirect('/elsewhere'))(),
    ).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
  });

  it('anything else is a 500 in words, its message never logged', async () => {
    const marker = `secret-${randomUUID()}`;
    const { response, body, logged } = await answered(async () => {
      throw new TypeError(`cannot read ${marker}`);
    });
    expect(response.status).toBe(500);
    expect(JSON.parse(body)).toEqual({
      error: 'Something went wrong on our side. Try again in a moment.',
    });
    expect(logged).toContain('"error":"TypeError"');
    expect(logged).not.toContain(marker);
  });
});
