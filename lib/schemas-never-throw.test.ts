import { describe, expect, it } from 'vitest';
import * as connectSchemas from './connect/schemas';
import * as sdkEventSchemas from './connect/sdk-event-schema';
import * as envSchemas from './env-schema';
import * as configSchemas from './openfinance/config';
import * as wireSchemas from './openfinance/wire';
import * as webhookSchemas from './webhooks/parse';

// Server actions and route handlers hand whatever a caller sent to these schemas: `safeParse`
// must answer (success or issues) for every JSON value, never throw.

const modules = {
  connectSchemas,
  sdkEventSchemas,
  envSchemas,
  configSchemas,
  wireSchemas,
  webhookSchemas,
};

interface Parser {
  safeParse(value: unknown): { success: boolean };
}

const isSchema = (value: unknown): value is Parser =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { safeParse?: unknown }).safeParse === 'function';

const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => isSchema(value))
    .map(([name, value]) => [`${module}.${name}`, value as Parser] as const),
);

const JSON_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  '',
  'text',
  '2026-01-01',
  true,
  false,
  [],
  [null],
  [1, 'a', {}],
  {},
  { firstName: null, lastName: 1, state: [], ssn: {}, birthday: 5, phone: true, email: [] },
  { firstName: 'Ada', lastName: 'Lovelace', state: 'NY', ssn: null, email: null, phone: null },
  { kind: null },
  { kind: 'full', experience: 7, language: [], singleUseUrl: {} },
  { type: 'route', data: null },
  { eventType: null, payload: 'x', webhookData: [] },
  { primary: null, coBorrower: [] },
  { a: { b: { c: [null] } } },
];

describe('exported zod schemas never throw on JSON values', () => {
  it('finds the schemas it checks', () => {
    expect(schemas.map(([name]) => name)).toContain('connectSchemas.consumerDetailsSchema');
    expect(schemas.length).toBeGreaterThan(10);
  });

  it.each(schemas)('%s', (_name, schema) => {
    for (const value of JSON_VALUES) {
      expect(() => schema.safeParse(value), JSON.stringify(value)).not.toThrow();
    }
  });
});
