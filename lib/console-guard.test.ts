import { describe, expect, it } from 'vitest';
import { scrubConsoleArgument } from './console-guard';

function queryError(message: string, code: string): Error {
  // Drizzle's shape: its own error, the driver's (with the SQLSTATE) as its cause.
  const cause = Object.assign(new Error('canceling statement due to statement timeout'), { code });
  return Object.assign(new Error(message, { cause }), {
    name: 'DrizzleQueryError',
    digest: '1234567',
  });
}

describe('what Next writes to the console', () => {
  it('a database error is reduced to its class, SQLSTATE and digest', () => {
    const error = queryError(
      'Failed query: insert into "sdk_events" ("data") values ($1)\nparams: {"ssn":"123-45-6789"}',
      '57014',
    );
    const written = scrubConsoleArgument(error);
    expect(written).toBe(
      'DrizzleQueryError (SQLSTATE 57014, digest 1234567): [statement and parameters withheld]',
    );
  });

  it('statement text in a plain string is withheld from "Failed query:" on', () => {
    expect(scrubConsoleArgument('⨯ Failed query: select "x"."a" from x\nparams: secret')).toBe(
      '⨯ Failed query: [statement and parameters withheld]',
    );
  });

  it('leaves other errors and text alone', () => {
    const error = new TypeError('not a function');
    expect(scrubConsoleArgument(error)).toBe(error);
    expect(scrubConsoleArgument('Ready in 200 ms')).toBe('Ready in 200 ms');
    expect(scrubConsoleArgument(42)).toBe(42);
  });
});
