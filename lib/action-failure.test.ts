import { describe, expect, it, vi } from 'vitest';
import { actionFailure, UNEXPECTED_FAILURE_MESSAGE } from './action-failure';
import type { Logger } from './log';

// Next bundles a module into several chunks: an error made by one chunk's copy of a class is not
// `instanceof` another chunk's copy. Two fresh imports of the same module reproduce that here.
async function freshCopies() {
  vi.resetModules();
  const errors = await import('./openfinance/errors');
  const results = await import('./action-result');
  vi.resetModules();
  return { errors, results };
}

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields: unknown }> = [];
  const at =
    (level: string) =>
    (msg: string, fields?: unknown): void => {
      lines.push({ level, msg, fields });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { logger, lines };
}

describe('actionFailure', () => {
  it('recognises an ApiError made by another copy of the module, by its brand', async () => {
    const { errors } = await freshCopies();
    const other = errors.apiErrorFromResponse({
      status: 409,
      endpoint: 'POST /aggregation/v2/customers/testing',
      code: '110002',
      upstreamMessage: 'Username already taken',
    });
    const { ApiError } = await import('./openfinance/errors');
    expect(other instanceof ApiError).toBe(false);

    const { logger, lines } = recordingLogger();
    expect(actionFailure(other, logger)).toEqual({
      ok: false,
      error: errors.USER_MESSAGES.usernameTaken,
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'action.upstream_failure',
        fields: expect.objectContaining({
          endpoint: 'POST /aggregation/v2/customers/testing',
          status: 409,
          code: '110002',
        }),
      },
    ]);
  });

  it('recognises a UserError made by another copy, with its field errors and confirmation', async () => {
    const { results } = await freshCopies();
    const confirm = {
      intentId: '8a0f5a52-3a50-4c0e-9a55-0b3f0c0f4d10',
      label: 'Send another email',
    };
    const error = new results.UserError('The email may have been sent.', { to: 'x' }, { confirm });
    expect(actionFailure(error)).toEqual({
      ok: false,
      error: 'The email may have been sent.',
      fieldErrors: { to: 'x' },
      confirm,
    });
  });

  it('answers anything else without claiming nothing changed, and logs no message or body', () => {
    const { logger, lines } = recordingLogger();
    const error = Object.assign(new Error('body: {"ssn":"123456789"}'), {
      endpoint: 'POST /connect/v2/send/email',
      status: null,
    });
    const result = actionFailure(error, logger);
    expect(result).toEqual({ ok: false, error: UNEXPECTED_FAILURE_MESSAGE });
    expect(UNEXPECTED_FAILURE_MESSAGE).not.toMatch(/nothing was changed/i);
    expect(lines).toEqual([
      {
        level: 'error',
        msg: 'action.unexpected_failure',
        fields: { name: 'Error', endpoint: 'POST /connect/v2/send/email', status: null },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('123456789');
  });
});
