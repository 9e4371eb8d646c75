import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFailures } from './route-failure';
import { captureOutput } from '../../scripts/test-support/capture-output';
import { testEngines } from '../../scripts/test-support/databases';
import type { DatabaseHandle } from '../db/client';

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
