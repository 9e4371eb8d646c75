import { afterEach, describe, expect, it } from 'vitest';
import { log } from './log';
import { getRequestContext, runWithRequestContext } from './request-context';
import { captureOutput, type OutputCapture } from '../scripts/test-support/capture-output';

describe('request context in log lines', () => {
  let capture: OutputCapture | undefined;
  afterEach(() => capture?.stop());

  it('stamps every line written while a request is served, across awaits, and no other', async () => {
    capture = captureOutput();
    log.info('before');
    await runWithRequestContext({ requestId: 'req-1', clientAddress: '203.0.113.7' }, async () => {
      log.info('first');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.child({ component: 'test' }).warn('second');
      expect(getRequestContext()?.clientAddress).toBe('203.0.113.7');
    });
    await runWithRequestContext({ requestId: 'req-2', clientAddress: '::1' }, async () => {
      await Promise.resolve();
      log.error('third');
    });
    log.info('after');
    const lines = capture
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['before', undefined],
      ['first', 'req-1'],
      ['second', 'req-1'],
      ['third', 'req-2'],
      ['after', undefined],
    ]);
  });
});
